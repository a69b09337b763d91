"""Writing the audit log and reading a page's merged review record (审核记录)."""
from __future__ import annotations

import datetime as _dt

from django.utils import timezone


def _user_name(user):
    if user is None or not getattr(user, "pk", None):
        return ""
    full = (user.get_full_name() or "").strip() if hasattr(user, "get_full_name") else ""
    name = user.get_username()
    return f"{full}（{name}）" if full and full != name else name


def _page_url(page):
    try:
        parts = page.get_url_parts()
    except Exception:
        return ""
    if not parts:
        return ""
    return parts[2] or ""


def record(action, *, page=None, user=None, step="", comment="", data=None, revision=None, page_id=None,
           page_title="", page_type="", page_url=""):
    """Append one event to the audit log and return it."""
    from governance.models import AuditEvent

    if page is not None:
        specific = page.specific_deferred if hasattr(page, "specific_deferred") else page
        page_id = page.pk
        page_title = page_title or (page.get_admin_display_title() if hasattr(page, "get_admin_display_title") else str(page))
        page_type = page_type or str(type(specific)._meta.verbose_name)
        page_url = page_url or _page_url(page)
    event = AuditEvent(
        actor=user if getattr(user, "pk", None) else None,
        actor_name=_user_name(user),
        action=action,
        page_id=page_id,
        page_title=(page_title or "")[:255],
        page_type=(page_type or "")[:100],
        page_url=(page_url or "")[:500],
        revision_id=getattr(revision, "pk", revision) if revision is not None else None,
        step=(step or "")[:100],
        comment=comment or "",
        data=data or {},
    )
    event.save()
    return event


def history(page_id):
    """The merged review record of a page, oldest first."""
    from governance.models import AuditEvent

    return list(AuditEvent.objects.filter(page_id=page_id).order_by("created_at", "pk"))


def purge_before(cutoff: _dt.datetime):
    """Delete audit events older than ``cutoff``; refuses to cut into the retention period."""
    from governance.models import AuditEvent
    from governance.models.audit import retention_days

    earliest_allowed = timezone.now() - _dt.timedelta(days=retention_days())
    if cutoff > earliest_allowed:
        raise ValueError(
            f"审核日志至少保留 {retention_days()} 天：只能清理 {timezone.localtime(earliest_allowed):%Y-%m-%d} 之前的记录"
        )
    deleted, _ = AuditEvent.objects.all()._raw_delete_expired(cutoff)
    return deleted
