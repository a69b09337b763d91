"""Unit isolation over HTTP: every view, search and export, for every role.

Item A belongs to 示范市东城区人民政府 (user ``reporter``), item B to 示范市发展和改革委员会
(``reporter2``). Editors (admin, editor, reviewer) see both; each reporter sees only the own
unit's item; ``reader`` (内部查阅) sees neither."""
import io

import pytest
from openpyxl import load_workbook

from info_reporting import services

pytestmark = pytest.mark.django_db

A = "东城区春耕备耕进展情况"
B = "市发改委重大项目推进情况"
EXPECTED = {
    # role: (sees A, sees B)
    "admin": (True, True),
    "editor": (True, True),
    "reviewer": (True, True),
    "reporter": (True, False),
    "reporter2": (False, True),
    "reader": (False, False),
}
ROLES = list(EXPECTED)


@pytest.fixture
def two_items(submitted_item, reporter2, users, django_capture_on_commit_callbacks):
    a = submitted_item(A, user="reporter")
    b = submitted_item(B, user="reporter2")
    services.adopt(a, users["editor"], ["own_regular"])  # a live page inside the restricted section
    a.refresh_from_db()
    b.refresh_from_db()
    return a, b


def client(client_for, reporter2, users, role):
    from django.test import Client

    c = Client()
    c.force_login(users[role])
    return c


def titles_in(response):
    if response["Content-Type"].startswith("application/json"):
        import json

        text = json.dumps(response.json(), ensure_ascii=False)
    elif response["Content-Type"].startswith("application/vnd.openxml"):
        wb = load_workbook(io.BytesIO(response.content))
        text = " ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)
    else:
        text = response.content.decode()
    return (A in text, B in text)


LISTINGS = {
    "site list": lambda s: s["info"].url,
    "site search": lambda s: s["info"].url + "?q=情况",
    "site export": lambda s: s["info"].url + "export/",
    "site export search": lambda s: s["info"].url + "export/?q=情况",
    "admin list": lambda s: "/admin/info-reporting/items/",
    "admin list search": lambda s: "/admin/info-reporting/items/?q=情况",
    "admin export": lambda s: "/admin/info-reporting/items/export.xlsx",
    "admin explorer": lambda s: f"/admin/pages/{s['info'].pk}/",
    # the stock search backend matches Chinese by token prefix: search each title's start
    "admin explorer search": lambda s: [f"/admin/pages/{s['info'].pk}/?q=东城区", f"/admin/pages/{s['info'].pk}/?q=市发改委"],
    "admin page search": lambda s: ["/admin/pages/search/?q=东城区", "/admin/pages/search/?q=市发改委"],
    "admin explorer api": lambda s: f"/admin/api/main/pages/?child_of={s['info'].pk}&for_explorer=1",
    "page chooser": lambda s: f"/admin/choose-page/{s['info'].pk}/",
    "page chooser search": lambda s: ["/admin/choose-page/search/?q=东城区", "/admin/choose-page/search/?q=市发改委"],
    "dashboard": lambda s: "/admin/",
}


@pytest.mark.parametrize("role", ROLES)
def test_listings_searches_and_exports_show_only_visible_units(role, two_items, client_for, reporter2, users, site_tree):
    c = client(client_for, reporter2, users, role)
    wrong = {}
    for view, make_url in LISTINGS.items():
        urls = make_url({"info": site_tree["info_reporting"]})
        seen = (False, False)
        for url in urls if isinstance(urls, list) else [urls]:
            response = c.get(url)
            if response.status_code not in (302, 400, 403, 404):
                assert response.status_code == 200, (view, role, response.status_code)
                seen = tuple(x or y for x, y in zip(seen, titles_in(response)))
        expected = EXPECTED[role]
        if view == "dashboard" and role in ("admin", "editor", "reviewer"):
            expected = (False, True)  # editors' dashboard: B awaits their review; A is decided
        if seen != expected:
            wrong[view] = seen
    assert wrong == {}, role


def item_urls(item, index):
    return {
        "site detail": index.url + f"items/{item.pk}/",
        "admin process": f"/admin/info-reporting/items/{item.pk}/",
        "admin edit": f"/admin/pages/{item.pk}/edit/",
        "admin history": f"/admin/pages/{item.pk}/history/",
        "admin revisions": f"/admin/pages/{item.pk}/revisions/{item.latest_revision_id}/view/",
        "admin preview": f"/admin/pages/{item.pk}/edit/preview/",
        "admin usage": f"/admin/pages/{item.pk}/usage/",
        "admin workflow history": f"/admin/pages/{item.pk}/workflow_history/",
    }


@pytest.mark.parametrize("role", ROLES)
def test_item_views_refuse_other_units(role, two_items, client_for, reporter2, users, site_tree):
    a, b = two_items
    c = client(client_for, reporter2, users, role)
    index = site_tree["info_reporting"]
    for item, visible in zip((a, b), EXPECTED[role]):
        for name, url in item_urls(item, index).items():
            response = c.get(url)
            if visible:
                if name in ("admin edit", "admin history", "admin revisions", "admin preview", "admin usage", "admin workflow history") and role.startswith("reporter") and item.status == "adopted":
                    # units no longer change an adopted item; they still read it on the process page
                    assert response.status_code in (302, 403), (name, role)
                    continue
                assert response.status_code == 200, (name, role, response.status_code)
                if name != "admin preview":  # a preview GET without posted form data shows no content
                    assert item.title in response.content.decode(), (name, role)
            else:
                assert response.status_code in (302, 403, 404), (name, role, response.status_code)
                assert item.title not in response.content.decode(), (name, role)


@pytest.mark.parametrize("role", ROLES)
def test_live_item_url_is_isolated(role, two_items, client_for, reporter2, users):
    a, _b = two_items
    assert a.live
    response = client(client_for, reporter2, users, role).get(a.url)
    if EXPECTED[role][0]:
        assert response.status_code == 200 and A in response.content.decode()
    else:
        assert response.status_code in (403, 404) and A not in response.content.decode()


def test_anonymous_visitors_are_sent_to_login_and_public_search_never_shows_items(two_items, client, site_tree):
    index = site_tree["info_reporting"]
    a, _b = two_items
    for url in (index.url, index.url + "export/", a.url, index.url + f"items/{a.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    for url in ("/search/?q=春耕", "/api/search/?q=春耕", "/"):
        assert A not in client.get(url).content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_public_search_never_shows_items_even_when_logged_in(role, two_items, client_for, reporter2, users):
    c = client(client_for, reporter2, users, role)
    for url in ("/search/?q=春耕", "/api/search/?q=春耕"):
        assert A not in c.get(url).content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_rankings_and_their_export_show_reporters_only_their_unit(role, two_items, client_for, reporter2, users):
    c = client(client_for, reporter2, users, role)
    for url in ("/admin/info-reporting/rankings/", "/admin/info-reporting/rankings/export.xlsx"):
        response = c.get(url)
        if role == "reader":
            assert response.status_code in (302, 403)  # the admin turns a refusal into a redirect + message
            continue
        assert response.status_code == 200, (url, role)
        if response["Content-Type"].startswith("application/vnd"):
            wb = load_workbook(io.BytesIO(response.content))
            text = " ".join(str(cell.value) for ws in wb.worksheets for row in ws.iter_rows() for cell in row if cell.value)
        else:
            text = response.content.decode()
        dongcheng, fgw = "示范市东城区人民政府" in text, "示范市发展和改革委员会" in text
        if role == "reporter":
            assert (dongcheng, fgw) == (True, False)
        elif role == "reporter2":
            assert (dongcheng, fgw) == (False, True)
        else:
            assert (dongcheng, fgw) == (True, True)


def test_attachments_are_served_only_to_the_unit_and_editors(two_items, client_for, reporter2, users):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from cms_pages.models import GovernmentPageAttachment

    a, _b = two_items
    doc = Document.objects.create(title="春耕统计表", file=ContentFile(b"data", name="chungeng.txt"))
    GovernmentPageAttachment.objects.create(page=a, document=doc)
    url = doc.url
    for role in ROLES:
        response = client(client_for, reporter2, users, role).get(url)
        assert (response.status_code == 200) == EXPECTED[role][0], role


def test_editor_only_tools_are_refused_to_units(two_items, client_for, reporter2, users):
    for role in ("reporter", "reporter2", "reader"):
        c = client(client_for, reporter2, users, role)
        assert c.get("/admin/info-reporting/issues/compile/").status_code in (302, 403)
        response = c.post("/admin/info-reporting/rankings/bulletin/", {"period": "year", "year": 2026})
        assert response.status_code in (302, 403) and "/admin/pages/" not in response.get("Location", "")
