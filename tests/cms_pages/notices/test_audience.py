"""Internal notices addressed to units (with their sub-units) and to named people, not only to
groups (notices.md §6 Audience): access on every route, the recipients' list, the roster per
unit and per person, and the Excel export."""
import io

import pytest

from cms_pages.notices.models import NoticeReceipt

pytestmark = pytest.mark.django_db

# users fixture: reporter @ 示范市东城区人民政府, reader @ 示范市财政局 (both under 示范市人民政府),
# editor / reviewer / admin @ 示范市人民政府办公室; admin is a superuser.


def unit(name):
    from cms_pages.models import OrganisationUnit

    return OrganisationUnit.objects.get(name=name)


@pytest.fixture
def to_district(make_notice, make_document):
    """Addressed to one unit only: 东城区 (the reporter's)."""
    notice = make_notice("关于区级内部检查的通知", is_internal=True, requires_ack=True,
                         body="<p>区级内部检查唯一词汇丁戊己</p>")
    notice.audience_units.set([unit("示范市东城区人民政府")])
    notice.attachments.create(document=make_document("区级名单.pdf", b"%PDF-1.4\n%district\n"))
    notice.save_revision().publish()
    notice.refresh_from_db()
    return notice


@pytest.fixture
def to_person(make_notice, users):
    notice = make_notice("请财政局某同志参会的通知", is_internal=True, body="<p>点名通知正文</p>")
    notice.audience_people.set([users["reader"]])
    notice.save_revision().publish()
    notice.refresh_from_db()
    return notice


ACCESS_DISTRICT = {None: 302, "admin": 200, "editor": 403, "reviewer": 403, "reporter": 200, "reader": 403}
ACCESS_PERSON = {None: 302, "admin": 200, "editor": 403, "reviewer": 403, "reporter": 403, "reader": 200}


def test_notice_to_a_unit_is_read_by_its_staff_only(client_for, to_district):
    for role, expected in ACCESS_DISTRICT.items():
        response = client_for(role).get(to_district.url)
        assert response.status_code == expected, role
        body = response.content.decode()
        assert ("区级内部检查唯一词汇" in body) == (expected == 200), role
        assert "max-age=0" in response.get("Cache-Control", ""), role


def test_notice_to_a_named_person(client_for, to_person):
    for role, expected in ACCESS_PERSON.items():
        assert client_for(role).get(to_person.url).status_code == expected, role


def test_a_unit_includes_its_sub_units(make_notice, client_for):
    notice = make_notice("全市机关内部通知", is_internal=True, body="<p>全市</p>")
    notice.audience_units.set([unit("示范市人民政府")])
    notice.save_revision().publish()
    for role in ("editor", "reviewer", "reporter", "reader"):
        assert client_for(role).get(notice.url).status_code == 200, role
    assert client_for(None).get(notice.url).status_code == 302


def test_attachment_of_a_unit_notice_only_for_its_audience(client_for, to_district):
    doc = to_district.attachments.first().document
    for role, expected in ACCESS_DISTRICT.items():
        assert client_for(role).get(doc.url).status_code == expected, role


def test_admin_preview_and_revisions_refuse_staff_without_edit_rights(client_for, to_district):
    """Recipients read the live page; the admin's preview and revision views stay with those who
    may edit the notice (Wagtail page permissions) — the audience does not widen them."""
    revision = to_district.latest_revision
    urls = [f"/admin/pages/{to_district.pk}/revisions/{revision.pk}/view/",
            f"/admin/pages/{to_district.pk}/edit/preview/",
            f"/admin/pages/{to_district.pk}/view_draft/"]
    for role in ("reporter", "reader", None):
        for url in urls:
            response = client_for(role).get(url)
            assert response.status_code in (302, 403), (role, url, response.status_code)
            assert "区级内部检查唯一词汇" not in response.content.decode(), (role, url)


def test_unit_and_person_notices_stay_off_the_public_site(client_for, board, to_district, to_person):
    for role in ACCESS_DISTRICT:
        client = client_for(role)
        for url in (board.url, "/", "/sitemap.xml", "/notices/latest/rss/", f"/notices/{board.pk}/rss/"):
            body = client.get(url).content.decode()
            for notice in (to_district, to_person):
                assert notice.title not in body, (role, url)
        # search: never to those outside the audience
        api = client.get("/api/search/", {"q": "区级内部检查唯一词汇丁戊己"}).json()
        titles = [r["title"] for r in api["results"]]
        if ACCESS_DISTRICT[role] != 200:
            assert to_district.title not in titles, role


def test_recipients_list_shows_unit_and_person_notices(client_for, to_district, to_person):
    reporter = client_for("reporter").get("/notices/internal/").content.decode()
    reader = client_for("reader").get("/notices/internal/").content.decode()
    assert to_district.title in reporter and to_person.title not in reporter
    assert to_person.title in reader and to_district.title not in reader


def test_roster_per_unit_and_per_person_and_excel_export(client_for, users, make_notice):
    import openpyxl

    notice = make_notice("全市机关内部签收通知", is_internal=True, requires_ack=True, body="<p>签收</p>")
    notice.audience_units.set([unit("示范市东城区人民政府"), unit("示范市财政局")])
    notice.audience_people.set([users["editor"]])
    notice.save_revision().publish()
    client_for("reporter").get(notice.url)
    client_for("reporter").post(f"/notices/{notice.pk}/acknowledge/")
    client_for("reader").get(notice.url)

    editor = client_for("editor")
    response = editor.get(f"/admin/notices/{notice.pk}/roster/")
    assert response.status_code == 200
    people = {s.row.name: s.label for s in response.context["statuses"]}
    assert people == {"reporter": "已签收", "reader": "已读未签收", "editor": "未读"}
    units = {u.unit: (u.total, u.signed, u.outstanding) for u in response.context["units"]}
    assert units == {"示范市东城区人民政府": (1, 1, 0), "示范市财政局": (1, 0, 1), "示范市人民政府办公室": (1, 0, 1)}
    html = response.content.decode()
    assert "按单位" in html and "按人员" in html and "指定人员：editor" in html

    export = editor.get(f"/admin/notices/{notice.pk}/roster/", {"format": "xlsx"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in export["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(export.content))
    assert book.sheetnames == ["通知信息", "按人员", "按单位"]
    rows = list(book["按人员"].iter_rows(values_only=True))
    assert rows[0][:3] == ("单位", "姓名", "状态")
    assert {(r[1], r[2]) for r in rows[1:]} == {("reporter", "已签收"), ("reader", "已读未签收"), ("editor", "未读")}
    unit_rows = {r[0]: r[1:] for r in book["按单位"].iter_rows(min_row=2, values_only=True)}
    assert unit_rows["示范市财政局"][:4] == (1, 1, 0, 1)
    info = dict(book["通知信息"].iter_rows(values_only=True))
    assert info["标题"] == notice.title and info["需签收"] == "是"
    # the export is for the sender side only
    assert client_for("reader").get(f"/admin/notices/{notice.pk}/roster/", {"format": "xlsx"}).status_code == 302


def test_publishing_mails_unit_and_named_recipients(make_notice, users, django_capture_on_commit_callbacks):
    from django.core import mail

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notice = make_notice("点名并按单位的通知", is_internal=True, publish=False)
        notice.audience_units.set([unit("示范市东城区人民政府")])
        notice.audience_people.set([users["reader"]])
        notice.save_revision().publish()
    assert sorted(m.to[0] for m in mail.outbox) == ["reader@example.gov.cn", "reporter@example.gov.cn"]
    assert NoticeReceipt.objects.filter(notice=notice, notified_at__isnull=False).count() == 2


@pytest.mark.parametrize("path", ["/search/", "/api/search/"])
def test_staff_search_finds_a_notice_for_its_unit_and_person_recipients_only(client_for, to_district, to_person, path):
    """Recipients by unit or by name (not in any chosen group) find their notices in staff search;
    everyone else, including other staff, does not."""
    for role, expected in ACCESS_DISTRICT.items():
        found = "关于区级内部检查的通知" in client_for(role).get(path, {"q": "内部检查"}).content.decode()
        assert found == (expected == 200), role
    for role, expected in ACCESS_PERSON.items():
        found = "请财政局某同志参会的通知" in client_for(role).get(path, {"q": "参会"}).content.decode()
        assert found == (expected == 200), role
