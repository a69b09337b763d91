"""Who sees what, from the outside (HTTP), for every role.

Three kinds of content must never reach people who may not see them:

* a draft (never published) policy document, and the pending draft of a live one;
* an internal notice addressed to the 内部查阅 group;
* the 政务信息报送 section (its participants only).

Each role — anonymous visitor, 编辑, 审核人, 保密审查员, 签发人, 报送员, 内部查阅 and the
administrator — fetches every public surface (home, listings, the pages themselves, search page
and JSON API, RSS/Atom feeds, sitemap) and the admin surfaces that show page content (preview,
revision view, admin API), and the test checks each marker against the designed answer.
"""
import datetime as dt

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

DRAFT = "草稿标记甲乙"          # title of a never-published policy document
PENDING = "待审修改丙丁"        # title of the unpublished draft of a live document
LIVE = "已发布政策戊己"         # title of that live document (public)
INTERNAL = "内部通知庚辛"       # title of an internal notice for 内部查阅

ROLES = ["anonymous", "editor", "reviewer", "secrecy", "signer", "reporter", "reader", "admin"]
# Groups each role's user belongs to (admin is a superuser).
GROUPS = {"editor": "编辑", "reviewer": "审核人", "secrecy": "保密审查员", "signer": "签发人",
          "reporter": "报送员", "reader": "内部查阅"}
# Who may open the internal notice (its audience, plus the administrator).
INTERNAL_AUDIENCE = {"reader", "admin"}
# Who may see drafts in the admin (edit rights on the sections: cms_pages/roles.py).
DRAFT_EDITORS = {"editor", "reviewer", "admin"}


@pytest.fixture
def content(site_tree):
    from django.contrib.auth.models import Group, User

    from cms_pages.models import OrganisationUnit, StaffProfile
    from cms_pages.notices.models import NoticeKind, NoticePage
    from policies.models import PolicyDocumentPage

    org = OrganisationUnit.objects.get(name="示范市人民政府办公室")
    users = {}
    for role in ROLES[1:]:
        user = User.objects.create_user(f"u-{role}", f"{role}@example.gov.cn", "pw-for-tests-only",
                                        is_superuser=role == "admin", is_staff=role == "admin")
        if role in GROUPS:
            user.groups.add(Group.objects.get(name=GROUPS[role]))
        StaffProfile.objects.create(user=user, unit=org)
        users[role] = user

    library = site_tree["policies"]
    draft = PolicyDocumentPage(title=DRAFT, live=False, formed_date=dt.date(2026, 1, 2), summary=DRAFT)
    library.add_child(instance=draft)
    draft.save_revision(user=users["editor"])

    live = PolicyDocumentPage(title=LIVE, live=False, formed_date=dt.date(2026, 1, 3), summary=LIVE,
                              doc_number="示政办发〔2026〕7号")
    library.add_child(instance=live)
    live.save_revision().publish()
    live.refresh_from_db()
    live.title = PENDING
    live.summary = PENDING
    pending_revision = live.save_revision(user=users["editor"])

    notice = NoticePage(title=INTERNAL, live=False, kind=NoticeKind.objects.get(name="通知"), summary=INTERNAL,
                        is_internal=True)
    site_tree["notices"].add_child(instance=notice)
    notice.audience_groups.set([Group.objects.get(name="内部查阅")])
    notice.save()
    notice.save_revision().publish()
    notice.refresh_from_db()
    return {"users": users, "draft": draft, "live": live, "pending_revision": pending_revision,
            "notice": notice, "reporting": site_tree["info_reporting"], "board": site_tree["notices"]}


def _client(content, role):
    client = Client()
    if role != "anonymous":
        client.force_login(content["users"][role])
    return client


def _public_surfaces(content):
    """Searches use the marker's last two characters: a page that echoes the query must not
    count as a leak, a result that shows the whole title does."""
    board = content["board"].pk
    return {
        "home": "/",
        "notice board": content["board"].url,
        "policy library": content["live"].get_parent().url,
        "live policy page": content["live"].url,
        "search page": f"/search/?q={LIVE[:2]}",
        "search page (draft title)": f"/search/?q={DRAFT[-2:]}",
        "search page (pending title)": f"/search/?q={PENDING[-2:]}",
        "search page (internal)": f"/search/?q={INTERNAL[-2:]}",
        "search API (draft title)": f"/api/search/?q={DRAFT[-2:]}",
        "search API (pending title)": f"/api/search/?q={PENDING[-2:]}",
        "search API (internal)": f"/api/search/?q={INTERNAL[-2:]}",
        "board RSS": f"/notices/{board}/rss/",
        "board Atom": f"/notices/{board}/atom/",
        "sitemap": "/sitemap.xml",
        "disclosure feed": "/disclosure/feed/",
    }


def _text(response):
    return response.content.decode("utf-8", "replace") if response.status_code == 200 else ""


@pytest.mark.parametrize("role", ROLES)
def test_drafts_and_pending_changes_never_reach_a_public_surface(content, role):
    client = _client(content, role)
    for name, url in _public_surfaces(content).items():
        body = _text(client.get(url))
        assert DRAFT not in body, f"{role}: {name} shows a never-published draft"
        assert PENDING not in body, f"{role}: {name} shows an unpublished change"
    assert client.get(content["draft"].url or f"/zcwjk/{content['draft'].slug}/").status_code == 404
    assert LIVE in _text(client.get(content["live"].url))


@pytest.mark.parametrize("role", ROLES)
def test_internal_notices_reach_only_their_audience_and_never_feeds_or_sitemap(content, role):
    client = _client(content, role)
    surfaces = _public_surfaces(content)
    for name in ("home", "notice board", "board RSS", "board Atom", "sitemap", "disclosure feed"):
        assert INTERNAL not in _text(client.get(surfaces[name])), f"{role}: {name} lists the internal notice"
    page = client.get(content["notice"].url)
    in_search = INTERNAL in _text(client.get(surfaces["search page (internal)"]))
    in_api = INTERNAL in _text(client.get(surfaces["search API (internal)"]))
    if role in INTERNAL_AUDIENCE:
        assert page.status_code == 200 and INTERNAL in _text(page)
        assert in_search and in_api, f"{role}: staff search must find internal content they may read"
    else:
        assert page.status_code in (302, 403) and INTERNAL not in _text(page), f"{role} opened the internal notice"
        assert not in_search and not in_api, f"{role}: search shows an internal notice outside its audience"


# Who takes part in 政务信息报送 (its own unit isolation is tested in tests/info_reporting).
REPORTING = {"editor", "reviewer", "reporter", "admin"}


@pytest.mark.parametrize("role", ROLES)
def test_information_reporting_is_for_its_participants_only(content, role):
    response = _client(content, role).get(content["reporting"].url)
    if role == "anonymous":
        assert response.status_code == 302 and "/login" in response["Location"]
    elif role in REPORTING:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_previews_revisions_and_the_admin_api_show_drafts_only_to_their_editors(content, role):
    client = _client(content, role)
    draft, live, revision = content["draft"], content["live"], content["pending_revision"]
    surfaces = {
        "preview of the draft": f"/admin/pages/{draft.pk}/edit/preview/?mode=",
        "revision view": f"/admin/pages/{live.pk}/revisions/{revision.pk}/view/",
        "admin API (draft)": f"/admin/api/main/pages/{draft.pk}/",
        "admin API (pending)": f"/admin/api/main/pages/{live.pk}/",
        "edit view": f"/admin/pages/{draft.pk}/edit/",
    }
    for name, url in surfaces.items():
        response = client.get(url)
        body = _text(response)
        shown = DRAFT in body or PENDING in body
        if role in DRAFT_EDITORS:
            if name != "preview of the draft":  # the preview view needs the form posted first
                assert response.status_code == 200 and shown, f"{role}: {name} should show the draft"
        else:
            assert not shown, f"{role}: {name} shows draft content ({response.status_code})"
