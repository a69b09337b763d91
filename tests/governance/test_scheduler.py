"""Scheduled publishing, expiry and reminders actually run (frozen clock)."""
import datetime
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

SH = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime.datetime(*args, tzinfo=SH)


def _fresh(page):
    return type(page).objects.get(pk=page.pk)


def test_scheduled_publication_and_expiry_run_through_the_scheduler(make_draft, review):
    from governance.models import AuditEvent, JobRun, WithdrawnNotice

    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False):
        page = make_draft(go_live_at=at(2026, 3, 5, 8, 0), expire_at=at(2026, 4, 1, 0, 0))
        review.submit(page)
        page = review.approve_all(page)
        assert not page.live  # approved, waiting for its 上线时间
        assert page.get_latest_revision().approved_go_live_at is not None
        call_command("run_scheduler", "--once")
        assert not _fresh(page).live
    with time_machine.travel(at(2026, 3, 5, 8, 1), tick=False):
        call_command("run_scheduler", "--once")
        page = _fresh(page)
        assert page.live
        url = page.url
        assert Client().get(url).status_code == 200
        assert AuditEvent.objects.filter(page_id=page.pk, action="publish.scheduled").exists()
    with time_machine.travel(at(2026, 4, 1, 0, 1), tick=False):
        call_command("run_scheduler", "--once")
        page = _fresh(page)
        assert not page.live and page.expired
        response = Client().get(url)
        assert response.status_code == 200 and "已到期" in response.content.decode()
        assert WithdrawnNotice.objects.filter(page=page, kind="expired", active=True).exists()
        assert AuditEvent.objects.filter(page_id=page.pk, action="expire").exists()
    assert JobRun.objects.filter(job="publish_scheduled", ok=True).count() == 3


def test_scheduled_revision_is_the_approved_one(make_draft, review, users):
    """Edits made after approval do not ride along with the scheduled publication."""
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False):
        page = make_draft(summary="审核通过的概述", go_live_at=at(2026, 3, 5, 8, 0))
        review.submit(page)
        page = review.approve_all(page)
        page.summary = "审核后偷偷修改的概述"
        page.save_revision(user=users["editor"])
    with time_machine.travel(at(2026, 3, 5, 9, 0), tick=False):
        call_command("run_scheduler", "--once")
        page = _fresh(page)
        assert page.live and page.summary == "审核通过的概述"


def test_overdue_review_steps_are_reminded_once_a_day(make_draft, review, reviewers):
    from governance.models import AdminNotification, AuditEvent

    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False):  # a Monday
        page = make_draft()
        review.submit(page)  # 初审 due two working days later (2026-03-04)
        call_command("run_scheduler", "--once", "--job", "review_reminders")
        assert not AdminNotification.objects.exists()
    with time_machine.travel(at(2026, 3, 5, 9, 0), tick=False):
        call_command("run_scheduler", "--once", "--job", "review_reminders")
        call_command("run_scheduler", "--once", "--job", "review_reminders")
        notified = set(AdminNotification.objects.values_list("user__username", flat=True))
        assert notified == {"reviewer", "reviewer2"}
        assert AuditEvent.objects.filter(action="remind", page_id=page.pk).count() == 1
        html = Client()
        html.force_login(reviewers["reviewer"])
        body = html.get("/admin/governance/inbox/").content.decode()
        assert "已超期" in body


def test_heartbeat_warns_when_scheduler_stops(site_tree, governance):
    from governance.scheduler import heartbeat

    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False):
        assert heartbeat()[1] is True
        call_command("run_scheduler", "--once", "--job", "publish_scheduled")
        assert heartbeat()[1] is False
    with time_machine.travel(at(2026, 3, 2, 12, 0), tick=False):
        assert heartbeat()[1] is True


def test_daily_jobs_of_other_apps_run_once_a_day(site_tree, make_policy):
    """The scheduler replaces cron for policy validity: a document past its 有效期 becomes 失效
    on the first loop of the next day, and the daily job is not repeated within the day."""
    from governance.models import JobRun

    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False):
        doc = make_policy("有效期至三月二日的办法", formed_date=datetime.date(2024, 3, 1),
                          expiry_date=datetime.date(2026, 3, 2))
        call_command("run_scheduler", "--once")
        call_command("run_scheduler", "--once")
        assert _fresh(doc).validity == "in_force"
        assert JobRun.objects.filter(job="update_policy_validity").count() == 1
    with time_machine.travel(at(2026, 3, 3, 0, 5), tick=False):
        call_command("run_scheduler", "--once")
        assert _fresh(doc).validity == "lapsed"
        assert JobRun.objects.filter(job="update_policy_validity", ok=True).count() == 2
        assert JobRun.objects.filter(job="send_request_reminders", ok=True).count() == 2
