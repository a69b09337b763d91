"""Unpublish (撤回) and delete requests for governed content.

Taking published government information offline is a request with a reason,
decided by a reviewer of the final review step of the item's workflow (签发) —
never by the requester (four-eyes). On approval the item goes offline and its URL
keeps answering with a notice (``WithdrawnNotice``), so links and bookmarks do not
turn into dead links.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from governance.guard import system_action

REQUEST_DUE_WORKING_DAYS = 3


class RequestError(ValidationError):
    pass


def public_path(page):
    """The page's site-relative path as Django sees it (percent-decoded)."""
    from urllib.parse import unquote

    return unquote(_raw_path(page))


def _raw_path(page):
    try:
        parts = page.get_url_parts()
    except Exception:
        parts = None
    if parts and parts[2]:
        return parts[2]
    return page.url_path


def create_notice(page, kind, request=None, notice=""):
    """Keep the public URL answering with a notice — only for public content: the title
    of login-restricted (internal) content never appears on the public site."""
    from governance.models import WithdrawnNotice

    if page.get_view_restrictions().exists():
        return None
    path = public_path(page)
    WithdrawnNotice.objects.filter(path=path, active=True).update(active=False)
    return WithdrawnNotice.objects.create(
        page=page if kind != WithdrawnNotice.DELETED else None,
        path=path, title=page.title, kind=kind, notice=notice, request=request,
    )


WARNING_HOOK = "governance_withdrawal_warnings"


def warnings_for(page, kind):
    """What the requester must confirm before asking to withdraw/delete ``page``.

    Other apps register ``@hooks.register("governance_withdrawal_warnings")`` functions
    taking ``(page, kind)`` and returning Chinese sentences (e.g. the policy library: the
    live documents that repeal, amend or interpret this one)."""
    from wagtail import hooks

    found = []
    for fn in hooks.get_hooks(WARNING_HOOK):
        found.extend(fn(page.specific, kind) or [])
    return found


def create_request(page, kind, reason, user, public_notice="", warnings=()):
    from governance.models import ChangeRequest
    from governance.registry import is_governed
    from governance.services.audit import record
    from governance.services.review_rules import add_working_days

    page = page.specific
    if not is_governed(page):
        raise RequestError("只有政府信息需要提交撤回/删除申请")
    perms = page.permissions_for_user(user)
    if kind == ChangeRequest.KIND_UNPUBLISH and not perms.can_request_unpublish():
        raise PermissionDenied("您无权申请撤回该信息，或该信息未发布")
    if kind == ChangeRequest.KIND_DELETE and not perms.can_request_delete():
        raise PermissionDenied("您无权申请删除该信息")
    if not (reason or "").strip():
        raise RequestError("请填写撤回/删除的理由")
    if ChangeRequest.objects.filter(page=page, status=ChangeRequest.PENDING).exists():
        raise RequestError("该信息已有待审核的撤回/删除申请")
    req = ChangeRequest.objects.create(
        page=page, page_title=page.title, page_url=public_path(page), kind=kind, reason=reason.strip(),
        public_notice=public_notice.strip(), requested_by=user,
        due_date=add_working_days(timezone.localdate(), REQUEST_DUE_WORKING_DAYS),
    )
    record(f"request.{kind}", page=page, user=user, comment=req.reason,
           data={"request": req.pk, "confirmed_warnings": list(warnings)})
    return req


def decider_groups(page):
    """Groups whose members decide requests on ``page``: the final 三审 step's groups."""
    from governance.models import ReviewTask
    from governance.services.policies import resolve_workflow

    workflow = resolve_workflow(page)
    if workflow is None:
        return []
    steps = [t.specific for t in workflow.tasks.filter(active=True)]
    reviews = [t for t in steps if isinstance(t, ReviewTask)]
    if not reviews:
        return []
    final = [t for t in reviews if t.step == ReviewTask.STEP_FINAL] or reviews[-1:]
    return list(final[-1].groups.all())


def blocked_reason(req, user):
    """Why ``user`` cannot decide ``req`` (Chinese), or ``None``."""
    if req.status != req.PENDING:
        return "该申请已办理"
    if req.requested_by_id == user.pk:
        return "申请人不能审核自己的申请（四眼原则）"
    if user.is_superuser:
        return None
    if req.page is None:
        return "页面已不存在"
    groups = decider_groups(req.page.specific)
    if not groups or not user.groups.filter(pk__in=[g.pk for g in groups]).exists():
        names = "、".join(g.name for g in groups) or "终审/签发"
        return f"撤回/删除申请须由“{names}”人员审核"
    return None


def decide(req, user, approve, comment=""):
    from wagtail.actions.delete_page import DeletePageAction
    from wagtail.actions.unpublish_page import UnpublishPageAction

    from governance.models import ChangeRequest, WithdrawnNotice
    from governance.services.audit import record
    from governance.signals import emit

    reason = blocked_reason(req, user)
    if reason:
        raise PermissionDenied(reason)
    comment = (comment or "").strip()
    if not approve and not comment:
        raise RequestError("驳回申请必须填写意见")
    with transaction.atomic():
        req = ChangeRequest.objects.select_for_update().get(pk=req.pk)
        if req.status != ChangeRequest.PENDING:
            raise RequestError("该申请已办理")
        req.status = ChangeRequest.APPROVED if approve else ChangeRequest.REJECTED
        req.decided_by = user
        req.decided_at = timezone.now()
        req.decision_comment = comment
        req.save()
        page = req.page.specific if req.page else None
        record("request.approve" if approve else "request.reject", page=page, user=user, comment=comment,
               data={"request": req.pk, "kind": req.kind},
               page_title=req.page_title, page_url=req.page_url)
        if not approve or page is None:
            return req
        with system_action():
            if req.kind == ChangeRequest.KIND_UNPUBLISH:
                create_notice(page, WithdrawnNotice.WITHDRAWN, request=req, notice=req.public_notice)
                if page.live:
                    UnpublishPageAction(page, user=user).execute(skip_permission_checks=True)
                record("withdraw", page=page, user=user, comment=req.reason, data={"request": req.pk})
            else:
                create_notice(page, WithdrawnNotice.DELETED, request=req, notice=req.public_notice)
                record("withdraw", page=page, user=user, comment=req.reason, data={"request": req.pk, "delete": True})
                if page.live:
                    UnpublishPageAction(page, user=user).execute(skip_permission_checks=True)
                DeletePageAction(page, user=user).execute(skip_permission_checks=True)
    emit("withdrawn", page, user=user, kind=req.kind, reason=req.reason)
    return req


def cancel(req, user):
    from governance.models import ChangeRequest
    from governance.services.audit import record

    if req.requested_by_id != user.pk and not user.is_superuser:
        raise PermissionDenied("只有申请人可以撤销申请")
    if req.status != ChangeRequest.PENDING:
        raise RequestError("该申请已办理")
    req.status = ChangeRequest.CANCELLED
    req.decided_at = timezone.now()
    req.decided_by = user
    req.save()
    record("request.cancel", page=req.page, user=user, data={"request": req.pk},
           page_title=req.page_title, page_url=req.page_url)
    return req
