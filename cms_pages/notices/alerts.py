"""What happens when a notice is published: the publication record, the public "updated" time,
e-mail alerts to subscribers (major changes only) and notification of an internal audience.

notices.md §5.2: the first publication is always major; a later publication marked 细微更正
sends nothing and leaves the public update time alone. Mail goes out after the transaction
commits, so a rolled-back publication never e-mails anyone.
"""
from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from . import rules, tokens

logger = logging.getLogger(__name__)


def site_root(page):
    site = page.get_site()
    return site.root_url if site else settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(page, path):
    return site_root(page) + path


def on_page_published(sender, instance, revision=None, **kwargs):
    from .models import NoticeChange, NoticePage

    if not isinstance(instance, NoticePage):
        return
    now = timezone.now()
    first = not NoticeChange.objects.filter(notice=instance).exists()
    major = first or not instance.change_is_minor
    note = "" if first else (instance.change_note or "").strip()
    change = NoticeChange.objects.create(notice=instance, revision=revision, published_at=now,
                                         is_major=major, note=note)
    if major:
        NoticePage.objects.filter(pk=instance.pk).update(last_major_update_at=now)
        instance.last_major_update_at = now
        transaction.on_commit(lambda: send_publication_mail(change.pk))


def send_publication_mail(change_id):
    from .models import NoticeChange

    change = NoticeChange.objects.select_related("notice").filter(pk=change_id).first()
    if change is None:
        return 0
    notice = change.notice
    try:
        if notice.is_internal:
            sent = notify_audience(notice, change)
        else:
            sent = send_subscriber_alerts(notice, change)
    except Exception:  # mail trouble must not break publishing; it is logged for the operator
        logger.exception("通知公告提醒邮件发送失败：%s", notice.pk)
        return 0
    NoticeChange.objects.filter(pk=change.pk).update(alerts_sent=sent)
    return sent


def _is_public_now(notice):
    from .models import NoticePage

    now = timezone.now()
    return NoticePage.objects.filter(pk=notice.pk).public_notices().current(now).exists()


def send_subscriber_alerts(notice, change):
    from .models import NoticeSubscription

    if not _is_public_now(notice):
        return 0
    from .models import NoticeDelivery

    board = notice.get_parent().specific
    subscriptions = (NoticeSubscription.objects.filter(board=board, confirmed_at__isnull=False,
                                                       frequency=rules.IMMEDIATE)
                     .exclude(deliveries__change=change).prefetch_related("kinds", "units", "topics"))
    messages, recipients = [], []
    url = notice.full_url
    for sub in subscriptions:
        if not sub.wants(notice):
            continue
        unsubscribe = absolute(notice, reverse("notices:unsubscribe", args=[tokens.unsubscribe_token(sub)]))
        body = render_to_string("notices/email/alert.txt", {
            "notice": notice, "change": change, "board": board, "url": url, "unsubscribe_url": unsubscribe,
            "first": not notice.changes.exclude(pk=change.pk).exists(),
        })
        subject = f"【{board.title}】{'更新：' if change.note else ''}{notice.title}"
        messages.append(EmailMessage(
            subject, body, to=[sub.email],
            headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        ))
        recipients.append(sub.pk)
    if not messages:
        return 0
    sent = get_connection().send_messages(messages) or 0
    now = timezone.now()
    NoticeSubscription.objects.filter(pk__in=recipients).update(last_alert_at=now)
    NoticeDelivery.objects.bulk_create(
        [NoticeDelivery(subscription_id=pk, change=change, sent_at=now) for pk in recipients], ignore_conflicts=True)
    return sent


def notify_audience(notice, change):
    """E-mail the internal notice's audience (an e-mail copy never counts as read)."""
    from .models import NoticeReceipt

    now = timezone.now()
    users = [u for u in notice.audience_users()]
    url = notice.full_url
    messages = []
    for user in users:
        if user.email:
            body = render_to_string("notices/email/internal.txt", {"notice": notice, "change": change, "url": url,
                                                                    "user": user})
            prefix = "" if notice.priority == "normal" else f"【{notice.get_priority_display()}】"
            messages.append(EmailMessage(f"{prefix}内部通知：{notice.title}", body, to=[user.email]))
        receipt, _ = NoticeReceipt.objects.get_or_create(notice=notice, user=user)
        if receipt.notified_at is None and user.email:
            NoticeReceipt.objects.filter(pk=receipt.pk).update(notified_at=now)
    return (get_connection().send_messages(messages) or 0) if messages else 0


def send_reminders(notice, sender=None, only=None, now=None):
    """催办: e-mail everyone who has not done what the notice asks (or only the user ids in
    ``only``). Returns (sent, without_email). A revoked notice is never chased."""
    from .models import NoticeReceipt

    now = now or timezone.now()
    if notice.is_revoked:
        return 0, []
    pending = rules.to_remind(notice.roster(now))  # a unit's 签收: only its designated person
    if only is not None:
        pending = [s for s in pending if s.row.user_id in only]
    url = notice.full_url
    messages, reminded, no_email = [], [], []
    users = {u.pk: u for u in notice.audience_users()}
    for status in pending:
        user = users.get(status.row.user_id)
        if user is None:
            continue
        if not user.email:
            no_email.append(status.row.name)
            continue
        body = render_to_string("notices/email/reminder.txt", {
            "notice": notice, "url": url, "status": status, "user": user, "sender": sender,
            "deadline": notice.ack_deadline,
        })
        messages.append(EmailMessage(f"催办：请{'签收' if notice.requires_ack else '阅读'}内部通知《{notice.title}》",
                                     body, to=[user.email]))
        reminded.append(user.pk)
    sent = (get_connection().send_messages(messages) or 0) if messages else 0
    for user_id in reminded:
        NoticeReceipt.objects.get_or_create(notice=notice, user_id=user_id)
    NoticeReceipt.objects.filter(notice=notice, user_id__in=reminded).update(
        last_reminded_at=now, reminder_count=F("reminder_count") + 1)
    return sent, no_email


def send_confirmation(subscription, request=None):
    board = subscription.board
    path = reverse("notices:confirm", args=[tokens.confirm_token(subscription)])
    url = request.build_absolute_uri(path) if request is not None else absolute(board, path)
    body = render_to_string("notices/email/confirm.txt", {"board": board, "url": url, "subscription": subscription})
    EmailMessage(f"请确认订阅“{board.title}”", body, to=[subscription.email]).send(fail_silently=False)


def send_automatic_reminders(now=None):
    """The periodic job behind ``send_notice_reminders``: for every live internal notice with an
    automatic interval, remind each recipient still outstanding whose last e-mail (notification or
    reminder) is at least that many days old — until done, the 签收 deadline passes, or (without a
    deadline) ``AUTO_REMIND_MAX`` reminders. Returns {notice id: reminders sent}."""
    import datetime

    from wagtail.log_actions import log

    from . import conf
    from .models import NoticePage

    now = now or timezone.now()
    result = {}
    notices = (NoticePage.objects.live().filter(is_internal=True, revoked_at__isnull=True, auto_remind_days__isnull=False)
               .exclude(ack_deadline__lte=now))
    for notice in notices:
        interval = datetime.timedelta(days=notice.auto_remind_days)
        receipts = {r.user_id: r for r in notice.receipts.all()}
        cap = None if notice.ack_deadline else conf.get("AUTO_REMIND_MAX")
        due = set()
        for status in notice.roster(now):
            r = receipts.get(status.row.user_id)
            contacts = [t for t in ((r.notified_at, r.last_reminded_at) if r else ()) if t]
            if rules.needs_reminder(status) and rules.auto_reminder_due(status, interval=interval, last_contact=max(contacts) if contacts else None,
                                       published_at=notice.first_published_at, deadline=notice.ack_deadline, now=now,
                                       reminders_so_far=r.reminder_count if r else 0, max_reminders=cap):
                due.add(status.row.user_id)
        if not due:
            continue
        sent, no_email = send_reminders(notice, only=due, now=now)
        log(notice, "notices.auto_reminder", data={"sent": sent, "without_email": len(no_email)})
        result[notice.pk] = sent
    return result
