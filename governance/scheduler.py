"""The scheduled jobs that make publishing dates and governance deadlines real.

``run_scheduler`` (management command) calls ``run_jobs()`` in a loop:

* ``publish_scheduled`` — Wagtail's job: publishes approved revisions whose 上线时间
  has come and takes pages offline at their 下线时间 (expiry; governed pages then
  keep their URL with an expiry notice);
* ``review_reminders`` — once a day, reminds reviewers of steps past their due date
  (站内通知 and e-mail) and records the 催办 in the audit log;
* ``prune`` — keeps the job log short;
* the daily jobs of other apps (``DAILY_COMMANDS``: policy validity by date, reminders
  for on-request disclosure deadlines, notice subscription digests and 催办 of internal notices) — run once per calendar day, on the first loop after
  midnight, so cron is not needed for them.

Each run is recorded (``JobRun``) so the dashboard can warn when the scheduler is
not running. Production: run ``python manage.py run_scheduler`` as a service next
to the web server (see README in the report), or ``run_scheduler --once`` from cron
every few minutes.
"""
from __future__ import annotations

import datetime
import io
import logging

from django.core.management import call_command
from django.utils import timezone

logger = logging.getLogger(__name__)

HEARTBEAT_STALE_AFTER = datetime.timedelta(hours=2)


def _record(job, started, ok, output):
    from governance.models import JobRun

    JobRun.objects.create(job=job, started_at=started, finished_at=timezone.now(), ok=ok, output=output[-5000:])


def publish_scheduled():
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()


def review_reminders(today=None):
    """Remind reviewers once a day about review steps past their due date."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse

    from governance.models import AdminNotification, AuditEvent
    from governance.services.audit import record

    today = today or timezone.localdate()
    from wagtail.models import TaskState

    from governance.models.tasks import GovernedStepMixin

    sent = 0
    for state in TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS).select_related("task"):
        task = state.task.specific
        if not isinstance(task, GovernedStepMixin):
            continue
        due = task.due_date(state.specific)
        if not due or due >= today:
            continue
        already = AuditEvent.objects.filter(action="remind", data__task_state=state.pk, data__date=today.isoformat()).exists()
        if already:
            continue
        page = state.workflow_state.content_object
        if page is None:
            continue
        members = set()
        for group in task.groups.all():
            members.update(group.user_set.filter(is_active=True))
        reviewers = [u for u in members if not task.blocked_reason(state.specific, u)]
        message = f"【催办】“{page.title}”的“{task.name}”已超过办理期限（{due.isoformat()}），请尽快审核"
        url = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/") + reverse("governance_admin:inbox")
        AdminNotification.objects.bulk_create([AdminNotification(user=u, message=message, url=url) for u in reviewers])
        emails = sorted({u.email for u in reviewers if u.email})
        if emails:
            try:
                send_mail(f"[政务公开] 审核催办：{page.title[:40]}", f"{message}\n\n{url}", None, emails)
            except Exception:
                logger.exception("催办邮件发送失败")
        record("remind", page=page.specific_deferred, step=task.name, comment=message,
               data={"task_state": state.pk, "date": today.isoformat(), "reviewers": [u.get_username() for u in reviewers]})
        sent += 1
    return f"催办 {sent} 条"


def prune():
    from governance.models import JobRun

    cutoff = timezone.now() - datetime.timedelta(days=30)
    deleted, _ = JobRun.objects.filter(started_at__lt=cutoff).delete()
    return f"清理 {deleted} 条任务记录"


#: Management commands of other apps that must run once a day.
DAILY_COMMANDS = ["update_policy_validity", "send_request_reminders", "send_notice_digests", "send_notice_reminders"]


def _ran_today(job):
    from governance.models import JobRun

    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return JobRun.objects.filter(job=job, ok=True, started_at__gte=midnight).exists()


def _daily_command(name):
    def job():
        if _ran_today(name):
            return None  # nothing to do, nothing recorded
        out = io.StringIO()
        call_command(name, stdout=out)
        return out.getvalue()

    return job


JOBS = [
    ("publish_scheduled", publish_scheduled),
    ("review_reminders", review_reminders),
    ("prune", prune),
    *[(name, _daily_command(name)) for name in DAILY_COMMANDS],
]


def run_jobs(only=None):
    """Run every job once; a failing job is logged and does not stop the others."""
    results = {}
    for name, job in JOBS:
        if only and name not in only:
            continue
        started = timezone.now()
        try:
            output = job()
            ok = True
        except Exception as exc:  # keep the scheduler alive
            logger.exception("定时任务 %s 失败", name)
            output, ok = f"{exc.__class__.__name__}: {exc}", False
        if output is None:  # a daily job that already ran today
            continue
        _record(name, started, ok, output)
        results[name] = (ok, output)
    return results


def heartbeat():
    """(last successful publish run, is the scheduler overdue?)"""
    from governance.models import JobRun

    last = JobRun.objects.filter(job="publish_scheduled", ok=True).order_by("-started_at").first()
    overdue = last is None or timezone.now() - last.started_at > HEARTBEAT_STALE_AFTER
    return last, overdue
