"""Running content rules when a governance event happens."""
from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

logger = logging.getLogger(__name__)


def _admin_url(page):
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    try:
        return base + reverse("wagtailadmin_pages:edit", args=[page.pk])
    except Exception:
        return ""


def _message(rule, page, user, context):
    who = user.get_username() if getattr(user, "pk", None) else "系统"
    step = context.get("step")
    extra = f"（{step}）" if step else ""
    comment = context.get("comment") or context.get("reason") or ""
    text = f"【{rule.event_label()}{extra}】{page.title} — {who}"
    if comment:
        text += f"：{comment}"
    return text[:500]


def dispatch(event, page, user=None, **context):
    """Apply every active rule for ``event`` that matches ``page``; returns the rules applied."""
    from governance.models import AdminNotification, CollectionItem, ContentRule
    from governance.services.audit import record

    if page is None or page.pk is None and event != "withdrawn":
        return []
    applied = []
    for rule in ContentRule.objects.filter(active=True, event=event).select_related(
        "notify_group", "add_to_collection", "section"
    ).prefetch_related("page_types"):
        if page.pk is not None and not rule.matches(page):
            continue
        if page.pk is None and (rule.section_id or rule.page_types.exists()):
            continue
        message = _message(rule, page, user, context)
        url = _admin_url(page) if page.pk else ""
        if rule.notify_group_id:
            members = list(rule.notify_group.user_set.filter(is_active=True))
            if rule.notify_in_admin:
                AdminNotification.objects.bulk_create(
                    [AdminNotification(user=m, message=message, url=url, rule=rule) for m in members]
                )
            if rule.notify_by_email:
                recipients = sorted({m.email for m in members if m.email})
                if recipients:
                    body = message + (f"\n\n{url}" if url else "") + f"\n\n（内容规则“{rule.name}”自动发送）"
                    try:
                        send_mail(f"[政务公开] {message[:60]}", body, None, recipients)
                    except Exception:
                        logger.exception("内容规则邮件发送失败：%s", rule.pk)
        if rule.add_to_collection_id and page.pk is not None and event != "withdrawn":
            CollectionItem.objects.get_or_create(
                collection=rule.add_to_collection, page_id=page.pk, defaults={"added_by_rule": rule}
            )
        record("rule", page=page if page.pk else None, user=None, step=rule.name, comment=message,
               data={"rule": rule.pk, "event": event}, page_title=page.title)
        applied.append(rule)
    return applied
