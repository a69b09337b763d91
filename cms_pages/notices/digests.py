"""Daily and weekly digests for e-mail subscribers (notices.md §5.2).

One mail per subscriber per period, listing the major changes (first publications and major
updates) of the notices they chose, published since their previous digest. Never twice:

* each subscriber's period is *claimed* by moving ``last_digest_at`` forward with a compare-and-set
  update, so two runs (or two scheduler processes) cannot both send the same period;
* every change sent is recorded in ``NoticeDelivery`` (unique per subscriber and change), and
  changes already delivered are left out;
* claim, records and sending happen in one transaction: if the mail cannot be sent, everything
  is rolled back and the next run tries again with the same content.
"""
from __future__ import annotations

import logging

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from . import conf, rules, tokens

logger = logging.getLogger(__name__)


def due_subscriptions(now):
    from .models import NoticeSubscription

    today = timezone.localdate(now)
    weekday = conf.get("DIGEST_WEEKDAY")
    subs = (NoticeSubscription.objects.filter(confirmed_at__isnull=False, frequency__in=[rules.DAILY, rules.WEEKLY])
            .select_related("board").prefetch_related("kinds", "units", "topics").order_by("pk"))
    for sub in subs:
        last = sub.last_digest_at or sub.confirmed_at
        if rules.digest_due(sub.frequency, timezone.localdate(last) if last else None, today, weekday=weekday):
            yield sub


def pending_changes(sub, now):
    """Major changes of this board since the subscriber's last digest (or confirmation), not yet
    sent to them, whose notice is still public and current and matches their choices; newest
    change per notice only."""
    from .models import NoticeChange, NoticePage

    since = sub.last_digest_at or sub.confirmed_at
    public_ids = NoticePage.objects.child_of(sub.board).public_notices().current(now).values("pk")
    changes = (NoticeChange.objects.filter(is_major=True, published_at__gt=since, published_at__lte=now,
                                           notice_id__in=public_ids)
               .exclude(deliveries__subscription=sub).select_related("notice", "notice__kind")
               .order_by("-published_at"))
    seen, items = set(), []
    for change in changes:
        if change.notice_id in seen:
            continue
        seen.add(change.notice_id)
        if sub.wants(change.notice):
            items.append(change)
    return items


def _claim(sub, now):
    from .models import NoticeSubscription

    qs = NoticeSubscription.objects.filter(pk=sub.pk)
    qs = qs.filter(last_digest_at=sub.last_digest_at) if sub.last_digest_at else qs.filter(last_digest_at__isnull=True)
    return qs.update(last_digest_at=now) == 1


def send_digest(sub, now):
    """Send this subscriber's digest; returns the number of notices in it (0: no mail)."""
    from .alerts import absolute
    from .models import NoticeDelivery, NoticeSubscription

    with transaction.atomic():
        items = pending_changes(sub, now)
        if not _claim(sub, now):
            return 0  # another run has this period
        if not items:
            return 0
        all_items = items
        items = items[: conf.get("DIGEST_MAX_ITEMS")]
        board = sub.board
        unsubscribe = absolute(board, reverse("notices:unsubscribe", args=[tokens.unsubscribe_token(sub)]))
        entries = [{"change": c, "notice": c.notice, "url": c.notice.full_url,
                    "first": not c.notice.changes.filter(published_at__lt=c.published_at).exists()} for c in items]
        label = "每日" if sub.frequency == rules.DAILY else "每周"
        body = render_to_string("notices/email/digest.txt", {
            "board": board, "entries": entries, "more": len(all_items) - len(items), "label": label,
            "unsubscribe_url": unsubscribe, "subscription": sub, "board_url": board.full_url,
        })
        subject = f"【{board.title}】{label}摘要：{len(all_items)}条通知公告（{timezone.localdate(now):%Y-%m-%d}）"
        message = EmailMessage(subject, body, to=[sub.email], headers={
            "List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
        NoticeDelivery.objects.bulk_create(
            [NoticeDelivery(subscription=sub, change=c, sent_at=now, digest=True) for c in all_items])
        get_connection().send_messages([message])  # raises: the transaction (claim, records) rolls back
        NoticeSubscription.objects.filter(pk=sub.pk).update(last_alert_at=now)
    return len(all_items)


def send_digests(now=None):
    """Every due subscriber's digest. Returns (mails sent, subscribers whose mail failed)."""
    now = now or timezone.now()
    sent = failed = 0
    for sub in list(due_subscriptions(now)):
        try:
            if send_digest(sub, now):
                sent += 1
        except Exception:  # one bad address must not stop the others; retried next run
            logger.exception("通知公告订阅摘要发送失败：订阅 %s", sub.pk)
            failed += 1
    return sent, failed
