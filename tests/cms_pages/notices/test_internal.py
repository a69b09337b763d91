"""Internal notices for each role: page, attachments, listings, sitemap, search API, read
receipts, 签收, the roster and reminders."""
import datetime as dt

import pytest
import time_machine
from django.core import mail

from cms_pages.notices.models import NoticeReceipt

pytestmark = pytest.mark.django_db

TZ = dt.timezone(dt.timedelta(hours=8))

# audience: 内部查阅 (reader). admin is a superuser; the others are outside the audience.
EXPECTED_PAGE_STATUS = {None: 302, "admin": 200, "editor": 403, "reviewer": 403, "reporter": 403, "reader": 200}


@pytest.fixture
def internal(make_notice, make_document, users):
    doc = make_document("内部名单.pdf", b"%PDF-1.4\n%internal\n")
    notice = make_notice("关于召开机关内部会议的通知", is_internal=True, groups=["内部查阅"], requires_ack=True,
                         body="<p>内部会议唯一词汇甲乙丙</p>")
    notice.attachments.create(document=doc)
    notice.save_revision().publish()
    notice.refresh_from_db()
    return notice


@pytest.fixture
def public_notice(make_notice):
    return make_notice("关于公开征求意见的通知", body="<p>公开征求意见唯一词汇甲乙丙</p>")


def test_internal_notice_page_by_role(client_for, internal):
    for role, expected in EXPECTED_PAGE_STATUS.items():
        response = client_for(role).get(internal.url)
        assert response.status_code == expected, role
        body = response.content.decode()
        if role is None:
            assert response["Location"].startswith("/admin/login/")
        if expected == 403:
            assert "内部通知" in body and "内部会议唯一词汇" not in body, role
        if expected == 200:
            assert "内部会议唯一词汇" in body, role
        assert "max-age=0" in response.get("Cache-Control", ""), role  # never cached for others


def test_internal_attachment_download_by_role(client_for, internal, public_notice, make_document):
    doc = internal.attachments.first().document
    shared = make_document("公开附件.pdf", b"%PDF-1.4\n")
    public_notice.attachments.create(document=shared)
    public_notice.save_revision().publish()
    for role, expected in EXPECTED_PAGE_STATUS.items():
        assert client_for(role).get(doc.url).status_code == expected, role
        assert client_for(role).get(shared.url).status_code == 200, role


def test_internal_notice_never_in_public_listing_home_sitemap_or_search(client_for, board, internal, public_notice):
    for role in EXPECTED_PAGE_STATUS:
        client = client_for(role)
        for url in (board.url, "/", "/sitemap.xml", board.url + "?expired=1"):
            body = client.get(url).content.decode()
            assert internal.title not in body and internal.url not in body, (role, url)
        assert public_notice.url in client.get("/sitemap.xml").content.decode()
        # Search page and API: anonymous visitors and staff outside the chosen groups never see
        # the internal notice; staff who may read it find it (issue 3: staff searches include
        # internal content they may view).
        api = client.get("/api/search/", {"q": "唯一词汇甲乙丙"}).json()
        found = internal.title in [r["title"] for r in api["results"]]
        page_html = client.get("/search/", {"q": "唯一词汇甲乙丙"}).content.decode()
        may_view = EXPECTED_PAGE_STATUS[role] == 200
        assert found == may_view, role
        assert (internal.title in page_html) == may_view, role


def test_read_receipt_is_recorded_once_at_first_view(client_for, users, internal):
    reader = client_for("reader")
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=TZ), tick=False):
        reader.get(internal.url)
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, tzinfo=TZ), tick=False):
        reader.get(internal.url)
    receipt = NoticeReceipt.objects.get(notice=internal, user=users["reader"])
    assert receipt.first_read_at == dt.datetime(2026, 3, 2, 9, tzinfo=TZ)
    assert receipt.acknowledged_at is None
    # outsiders leave no receipt
    client_for("editor").get(internal.url)
    assert not NoticeReceipt.objects.filter(notice=internal, user=users["editor"]).exists()


def test_acknowledge(client_for, users, internal):
    reader = client_for("reader")
    html = reader.get(internal.url).content.decode()
    assert "签收</button>" in html
    response = reader.post(f"/notices/{internal.pk}/acknowledge/")
    assert response.status_code == 302
    receipt = NoticeReceipt.objects.get(notice=internal, user=users["reader"])
    assert receipt.acknowledged_at is not None
    assert "已签收" in reader.get(internal.url).content.decode()
    # outsiders cannot sign; GET is refused; anonymous are sent to log in
    assert client_for("editor").post(f"/notices/{internal.pk}/acknowledge/").status_code == 403
    assert reader.get(f"/notices/{internal.pk}/acknowledge/").status_code == 405
    assert client_for(None).post(f"/notices/{internal.pk}/acknowledge/").status_code == 302


def test_internal_list_shows_only_what_the_user_may_read(client_for, internal, public_notice):
    assert internal.title in client_for("reader").get("/notices/internal/").content.decode()
    assert internal.title not in client_for("editor").get("/notices/internal/").content.decode()
    assert client_for(None).get("/notices/internal/").status_code == 302


# Wagtail's admin turns a refusal into a redirect to the dashboard with an error message.
ROSTER_ACCESS = {None: "login", "admin": 200, "editor": 200, "reviewer": 200, "reporter": "refused", "reader": "refused"}


def test_roster_by_role(client_for, internal):
    for role, expected in ROSTER_ACCESS.items():
        response = client_for(role).get(f"/admin/notices/{internal.pk}/roster/")
        if expected == 200:
            assert response.status_code == 200, role
            assert "阅读签收情况" in response.content.decode()
        elif expected == "login":
            assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
        else:
            assert response.status_code == 302 and response["Location"] == "/admin/", role
            assert client_for(role).post(f"/admin/notices/{internal.pk}/remind/")["Location"] == "/admin/"


def test_roster_lists_the_audience_with_status_and_reminders_reach_the_outstanding(client_for, users, internal):
    from django.contrib.auth.models import Group, User

    from cms_pages.models import OrganisationUnit, StaffProfile

    reader2 = User.objects.create_user("reader2", "reader2@example.gov.cn", "x")
    reader2.groups.add(Group.objects.get(name="内部查阅"))
    StaffProfile.objects.create(user=reader2, unit=OrganisationUnit.objects.get(name="示范市卫生健康委员会"))
    no_mail = User.objects.create_user("reader3", "", "x")
    no_mail.groups.add(Group.objects.get(name="内部查阅"))
    reader = client_for("reader")
    reader.get(internal.url)
    reader.post(f"/notices/{internal.pk}/acknowledge/")

    editor = client_for("editor")
    response = editor.get(f"/admin/notices/{internal.pk}/roster/")
    html = response.content.decode()
    rows = {s.row.name: s for s in response.context["statuses"]}
    assert rows["reader"].label == "已签收" and rows["reader"].colour == "green"
    assert rows["reader2"].label == "未读"
    assert "示范市卫生健康委员会" in html and "示范市财政局" in html
    mail.outbox.clear()
    response = editor.post(f"/admin/notices/{internal.pk}/remind/", follow=True)
    assert [m.to for m in mail.outbox] == [["reader2@example.gov.cn"]]
    assert "催办" in mail.outbox[0].subject
    assert "reader3" in response.content.decode()  # no e-mail: phone them
    assert NoticeReceipt.objects.get(notice=internal, user=reader2).reminder_count == 1
    csv = editor.get(f"/admin/notices/{internal.pk}/roster/", {"format": "csv"})
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("单位,姓名,状态")
    assert "已签收" in text and "未读" in text


def test_publishing_an_internal_notice_mails_its_audience_and_not_subscribers(
        make_notice, users, board, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from cms_pages.notices.models import NoticeSubscription

    NoticeSubscription.objects.create(board=board, email="public@example.com", confirmed_at=timezone.now())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notice = make_notice("内部通知", is_internal=True, groups=["内部查阅"])
    assert [m.to for m in mail.outbox] == [["reader@example.gov.cn"]]
    assert NoticeReceipt.objects.get(notice=notice, user=users["reader"]).notified_at is not None
