"""单位签收 (notices.md §6): an internal notice needing 签收 and addressed to a unit with a
designated person is signed by that person for the whole unit; other members read, and are
told their unit signs through the designated person. Units without one: everyone signs."""
import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client

from cms_pages.notices.models import NoticeReceipt, NoticeUnitAck, NoticeUnitSigner

pytestmark = pytest.mark.django_db

DISTRICT = "示范市东城区人民政府"  # reporter's unit (users fixture)
FINANCE = "示范市财政局"  # reader's unit, no designation
TZ = dt.timezone(dt.timedelta(hours=8))


def unit(name):
    from cms_pages.models import OrganisationUnit

    return OrganisationUnit.objects.get(name=name)


def staff(username, unit_name, first_name=""):
    from django.contrib.auth.models import User

    from cms_pages.models import StaffProfile

    user = User.objects.create_user(username, f"{username}@example.gov.cn", "x", first_name=first_name)
    StaffProfile.objects.create(user=user, unit=unit(unit_name))
    return user


def login(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def clerk(users):
    """The district's designated person for 签收."""
    user = staff("clerk", DISTRICT, first_name="王文书")
    NoticeUnitSigner.objects.create(unit=unit(DISTRICT), user=user)
    return user


@pytest.fixture
def notice(make_notice, users, clerk):
    page = make_notice("关于报送年度总结的通知", is_internal=True, requires_ack=True, publish=False,
                       auto_remind_days=2, ack_deadline=dt.datetime(2026, 3, 9, 17, tzinfo=TZ))
    page.audience_units.set([unit(DISTRICT), unit(FINANCE)])
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=TZ), tick=False):
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_designated_person_signs_for_the_unit(notice, clerk):
    client = login(clerk)
    page = client.get(notice.url).content.decode()
    assert "您是“示范市东城区人民政府”的指定签收人" in page and "代表本单位签收" in page

    response = client.post(f"/notices/{notice.pk}/acknowledge/", follow=True)
    assert "已代表示范市东城区人民政府签收" in messages_of(response)
    ack = NoticeUnitAck.objects.get(notice=notice, unit=unit(DISTRICT))
    assert ack.user == clerk and ack.acknowledged_at is not None
    assert "已由王文书于" in response.content.decode()
    # signing again records nothing new
    response = client.post(f"/notices/{notice.pk}/acknowledge/", follow=True)
    assert "本单位已签收过本通知" in messages_of(response)
    assert NoticeUnitAck.objects.filter(notice=notice).count() == 1


def test_another_member_reads_but_cannot_sign_for_the_unit(client_for, users, notice, clerk):
    reporter = client_for("reporter")
    page = reporter.get(notice.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "由“示范市东城区人民政府”的指定签收人（王文书）代表本单位签收，您只需阅读，无需签收" in html
    assert 'type="submit">签收<' not in html

    response = reporter.post(f"/notices/{notice.pk}/acknowledge/", follow=True)
    assert any("指定签收人（王文书）代表本单位签收，您无需也不能签收" in m for m in messages_of(response))
    assert not NoticeUnitAck.objects.filter(notice=notice).exists()
    receipt = NoticeReceipt.objects.get(notice=notice, user=users["reporter"])
    assert receipt.first_read_at is not None and receipt.acknowledged_at is None

    login(clerk).post(f"/notices/{notice.pk}/acknowledge/")
    assert "已由王文书于" in reporter.get(notice.url).content.decode()


def test_roster_shows_the_unit_signed_by_the_designated_person(client_for, users, notice, clerk):
    member = staff("member", DISTRICT, first_name="李四")
    login(clerk).post(f"/notices/{notice.pk}/acknowledge/")
    client_for("reader").get(notice.url)  # 财政局: read, not signed (signs personally)

    editor = client_for("editor")
    response = editor.get(f"/admin/notices/{notice.pk}/roster/")
    html = response.content.decode()
    assert "单位签收" in html and "roster-unit-ack roster-green" in html
    rows = {s.row.name: s for s in response.context["statuses"]}
    for name in ("王文书", "reporter", "李四"):
        assert rows[name].label == "单位已签收（王文书）" and rows[name].done, name
        assert rows[name].row.acknowledged_at is not None
    assert rows["reader"].label == "已读未签收" and not rows["reader"].done
    assert member.pk in {s.row.user_id for s in response.context["statuses"]}

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(editor.get(f"/admin/notices/{notice.pk}/roster/",
                                                        {"format": "xlsx"}).content))
    sheet = [list(r) for r in book["单位签收"].iter_rows(values_only=True)]
    assert sheet[1][0] == DISTRICT and sheet[1][2] == "王文书" and sheet[1][4] == "已签收"
    csv = editor.get(f"/admin/notices/{notice.pk}/roster/", {"format": "csv"}).content.decode("utf-8-sig")
    assert "单位已签收（王文书）" in csv


def test_one_click_reminders_go_only_to_the_designated_person_for_the_unit(client_for, users, notice, clerk):
    staff("member", DISTRICT)
    editor = client_for("editor")
    assert "向未完成的 2 人发送邮件，单位签收只催办指定签收人" in editor.get(
        f"/admin/notices/{notice.pk}/roster/").content.decode()
    mail.outbox.clear()
    editor.post(f"/admin/notices/{notice.pk}/remind/")
    assert sorted(m.to[0] for m in mail.outbox) == ["clerk@example.gov.cn", "reader@example.gov.cn"]

    login(clerk).post(f"/notices/{notice.pk}/acknowledge/")
    mail.outbox.clear()
    editor.post(f"/admin/notices/{notice.pk}/remind/")
    assert [m.to[0] for m in mail.outbox] == ["reader@example.gov.cn"]


def test_automatic_reminders_go_only_to_the_designated_person(notice, clerk):
    staff("member", DISTRICT)

    def run(*when):
        mail.outbox.clear()
        with time_machine.travel(dt.datetime(*when, tzinfo=TZ), tick=False):
            call_command("send_notice_reminders", stdout=io.StringIO())
        return sorted(m.to[0] for m in mail.outbox)

    assert run(2026, 3, 4, 9) == ["clerk@example.gov.cn", "reader@example.gov.cn"]
    with time_machine.travel(dt.datetime(2026, 3, 5, 9, tzinfo=TZ), tick=False):
        login(clerk).post(f"/notices/{notice.pk}/acknowledge/")
    assert run(2026, 3, 6, 9) == ["reader@example.gov.cn"]


def test_unit_without_designation_keeps_personal_signing(client_for, users, notice):
    reader = client_for("reader")
    html = reader.get(notice.url).content.decode()
    assert "指定签收人" not in html and 'type="submit">签收<' in html
    response = reader.post(f"/notices/{notice.pk}/acknowledge/", follow=True)
    assert "已签收" in messages_of(response)
    assert NoticeReceipt.objects.get(notice=notice, user=users["reader"]).acknowledged_at is not None
    assert not NoticeUnitAck.objects.exists()


def test_no_designation_at_all_everyone_signs(client_for, users, make_notice):
    page = make_notice("无单位签收人的通知", is_internal=True, requires_ack=True, publish=False)
    page.audience_units.set([unit(DISTRICT)])
    page.save_revision().publish()
    page.refresh_from_db()
    response = client_for("reporter").post(f"/notices/{page.pk}/acknowledge/", follow=True)
    assert "已签收" in messages_of(response)
    rows = {s.row.name: s for s in client_for("editor").get(f"/admin/notices/{page.pk}/roster/").context["statuses"]}
    assert rows["reporter"].label == "已签收"


def test_designating_someone_outside_the_unit_is_refused(client_for, users):
    admin = client_for("admin")
    url = "/admin/snippets/notices/noticeunitsigner/add/"
    assert admin.get(url).status_code == 200
    response = admin.post(url, {"unit": unit(DISTRICT).pk, "user": users["reader"].pk})
    assert response.status_code == 200
    assert "不属于“示范市东城区人民政府”，只能指定本单位人员为签收人" in response.content.decode()
    assert not NoticeUnitSigner.objects.exists()

    response = admin.post(url, {"unit": unit(DISTRICT).pk, "user": users["reporter"].pk})
    assert response.status_code == 302
    assert NoticeUnitSigner.objects.get().user == users["reporter"]
    assert admin.get("/admin/snippets/notices/noticeunitsigner/").status_code == 200


def test_my_internal_notices_list_shows_the_unit_signing(client_for, notice, clerk):
    assert "由本单位指定签收人签收" in client_for("reporter").get("/notices/internal/").content.decode()
    assert "待您代表本单位签收" in login(clerk).get("/notices/internal/").content.decode()
    login(clerk).post(f"/notices/{notice.pk}/acknowledge/")
    assert "本单位已签收" in client_for("reporter").get("/notices/internal/").content.decode()
    assert "指定签收人" not in client_for("reader").get("/notices/internal/").content.decode()  # signs personally
