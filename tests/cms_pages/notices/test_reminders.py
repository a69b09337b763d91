"""Automatic 催办 (notices.md §6): every N days to the recipients still outstanding, until they
are done or the 签收 deadline passes; the command is safe to run more than once a day."""
import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from cms_pages.notices.models import NoticeReceipt

pytestmark = pytest.mark.django_db

TZ = dt.timezone(dt.timedelta(hours=8))


def at(*args):
    return dt.datetime(*args, tzinfo=TZ)


def run(when):
    mail.outbox.clear()
    with time_machine.travel(when, tick=False):
        call_command("send_notice_reminders", stdout=open("/dev/null", "w"))
    return sorted(m.to[0] for m in mail.outbox)


@pytest.fixture
def notice(make_notice, users, django_capture_on_commit_callbacks):
    from cms_pages.models import OrganisationUnit

    with time_machine.travel(at(2026, 3, 2, 9), tick=False), django_capture_on_commit_callbacks(execute=True):
        page = make_notice("关于报送年度总结的通知", is_internal=True, requires_ack=True, publish=False,
                           auto_remind_days=2, ack_deadline=at(2026, 3, 9, 17))
        page.audience_units.set([OrganisationUnit.objects.get(name="示范市东城区人民政府"),
                                 OrganisationUnit.objects.get(name="示范市财政局")])
        page.save_revision().publish()  # notifies reporter and reader by e-mail
    return page


def test_reminders_every_interval_until_done_or_deadline(client_for, users, notice):
    assert run(at(2026, 3, 3, 9)) == []  # one day after the notification: not yet
    assert run(at(2026, 3, 4, 9)) == ["reader@example.gov.cn", "reporter@example.gov.cn"]
    assert "催办" in mail.outbox[0].subject
    assert run(at(2026, 3, 4, 18)) == []  # a second run the same day reminds nobody again

    with time_machine.travel(at(2026, 3, 5, 10), tick=False):
        client_for("reporter").get(notice.url)
        client_for("reporter").post(f"/notices/{notice.pk}/acknowledge/")  # done
        client_for("reader").get(notice.url)  # read but not signed: still outstanding
    assert run(at(2026, 3, 6, 9)) == ["reader@example.gov.cn"]
    assert run(at(2026, 3, 8, 9)) == ["reader@example.gov.cn"]
    assert run(at(2026, 3, 10, 9)) == []  # the deadline (9 Mar 17:00) has passed
    receipt = NoticeReceipt.objects.get(notice=notice, user=users["reader"])
    assert receipt.reminder_count == 3 and receipt.last_reminded_at == at(2026, 3, 8, 9)
    from wagtail.models import PageLogEntry

    assert PageLogEntry.objects.filter(page=notice, action="notices.auto_reminder").count() == 3


def test_without_a_deadline_reminders_stop_after_the_maximum(make_notice, users, settings,
                                                              django_capture_on_commit_callbacks):
    settings.GONGKAI_NOTICES = {"AUTO_REMIND_MAX": 2}
    with time_machine.travel(at(2026, 3, 2, 9), tick=False), django_capture_on_commit_callbacks(execute=True):
        make_notice("关于学习文件的通知", is_internal=True, groups=["内部查阅"], auto_remind_days=1)
    assert run(at(2026, 3, 3, 9)) == ["reader@example.gov.cn"]
    assert run(at(2026, 3, 4, 9)) == ["reader@example.gov.cn"]
    assert run(at(2026, 3, 5, 9)) == []


def test_notices_without_an_interval_are_not_chased(make_notice, django_capture_on_commit_callbacks):
    with time_machine.travel(at(2026, 3, 2, 9), tick=False), django_capture_on_commit_callbacks(execute=True):
        make_notice("关于学习文件的通知", is_internal=True, groups=["内部查阅"])
    assert run(at(2026, 3, 20, 9)) == []
