"""Signal receivers: the audit log, withdrawal notices and content-rule events."""
import logging

from django.db.models.signals import post_save
from wagtail.signals import (
    task_approved,
    task_rejected,
    workflow_approved,
    workflow_cancelled,
    workflow_rejected,
)

from governance.registry import is_governed

logger = logging.getLogger(__name__)

EVENTS = {
    "submitted": "提交审核",
    "approved": "审核通过",
    "rejected": "退回修改",
    "published": "发布",
    "expired": "到期下线",
    "withdrawn": "撤回/删除",
}


def emit(event, page, user=None, **context):
    """Announce a governance event (content rules listen)."""
    try:
        from governance.services.rules import dispatch
    except ImportError:  # pragma: no cover - rules not installed
        return
    try:
        dispatch(event, page, user=user, **context)
    except Exception:  # a failing notification must never break a review action
        logger.exception("内容规则执行失败：%s %s", event, getattr(page, "pk", None))


def _page_of(workflow_state):
    try:
        page = workflow_state.content_object
    except Exception:
        return None
    if page is None or not is_governed(page):
        return None
    return page.specific_deferred


def on_task_finished(sender, instance, user=None, **kwargs):
    from governance.models import AutomatedChecksTaskState, SecrecyReviewTaskState
    from governance.services.audit import record

    page = _page_of(instance.workflow_state)
    if page is None:
        return
    approved = instance.status == instance.STATUS_APPROVED
    step = instance.task.name
    if isinstance(instance, AutomatedChecksTaskState):
        run = instance.check_run
        data = {"result": "passed" if approved else "failed", "task_state": instance.pk}
        if run is not None:
            data.update(check_run=run.pk, errors=run.error_count, warnings=run.warning_count,
                        checks=run.checks, findings=run.findings[:50])
        record("checks", page=page, user=None, step=step, comment=instance.comment, data=data,
               revision=instance.revision_id)
        return
    if isinstance(instance, SecrecyReviewTaskState):
        data = {
            "task_state": instance.pk,
            "checklist": dict(instance.checklist()),
            "conclusion": instance.get_conclusion_display() if instance.conclusion else "",
        }
        record("secrecy.approve" if approved else "secrecy.reject", page=page, user=user, step=step,
               comment=instance.comment, data=data, revision=instance.revision_id)
        return
    record("approve" if approved else "reject", page=page, user=user, step=step,
           comment=instance.comment, data={"task_state": instance.pk}, revision=instance.revision_id)


def on_workflow_approved(sender, instance, user=None, **kwargs):
    from governance.services.audit import record

    page = _page_of(instance)
    if page is None:
        return
    record("workflow.approved", page=page, user=user, step=instance.workflow.name,
           comment="全部审核环节通过", data={"workflow_state": instance.pk})
    emit("approved", page, user=user, workflow_state=instance)


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    page = _page_of(instance)
    if page is None:
        return
    task_state = instance.current_task_state
    emit("rejected", page, user=user, workflow_state=instance,
         comment=getattr(task_state, "comment", ""), step=getattr(getattr(task_state, "task", None), "name", ""))


def on_workflow_cancelled(sender, instance, user=None, **kwargs):
    from governance.services.audit import record

    page = _page_of(instance)
    if page is None:
        return
    record("workflow.cancel", page=page, user=user, step=instance.workflow.name,
           comment="撤销审核流程", data={"workflow_state": instance.pk})


LOG_ACTIONS = {
    "wagtail.create": "edit",
    "wagtail.edit": "edit",
    "wagtail.revert": "edit",
    "wagtail.publish": "publish",
    "wagtail.publish.scheduled": "publish.scheduled",
    "wagtail.publish.schedule": "schedule",
    "wagtail.unpublish": "unpublish",
    "wagtail.unpublish.scheduled": "expire",
    "wagtail.delete": "delete",
}


def on_log_entry(sender, instance, created=False, raw=False, **kwargs):
    """Mirror Wagtail's page log for governed pages into the audit log."""
    if not created or raw:
        return
    action = LOG_ACTIONS.get(instance.action)
    if action is None:
        return
    from wagtail.models import Page

    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None or not is_governed(page):
        return
    page = page.specific_deferred
    from governance.services.audit import record

    data = {"log_entry": instance.pk}
    if action in ("publish", "publish.scheduled"):
        from governance.services import gate

        revision = instance.revision
        data["reviewed"] = bool(revision and gate.revision_fully_approved(page, revision))
        record(action, page=page, user=instance.user, data=data, revision=instance.revision_id,
               comment="" if data["reviewed"] else "注意：发布的版本没有完整的审核记录（系统导入或脚本发布）")
        _reactivate(page)
        emit("published", page, user=instance.user, scheduled=action == "publish.scheduled")
    elif action == "expire":
        record(action, page=page, user=None, data=data)
        _notice_for(page, "expired")
        emit("expired", page)
    else:
        record(action, page=page, user=instance.user, data=data, revision=instance.revision_id)


def _reactivate(page):
    from governance.models import WithdrawnNotice

    WithdrawnNotice.objects.filter(page_id=page.pk, active=True).update(active=False)


def _notice_for(page, kind, request=None, notice=""):
    from governance.services.withdrawal import create_notice

    return create_notice(page, kind, request=request, notice=notice)


def connect():
    from wagtail.models import PageLogEntry

    task_approved.connect(on_task_finished, dispatch_uid="governance_task_approved")
    task_rejected.connect(on_task_finished, dispatch_uid="governance_task_rejected")
    workflow_approved.connect(on_workflow_approved, dispatch_uid="governance_workflow_approved")
    workflow_rejected.connect(on_workflow_rejected, dispatch_uid="governance_workflow_rejected")
    workflow_cancelled.connect(on_workflow_cancelled, dispatch_uid="governance_workflow_cancelled")
    post_save.connect(on_log_entry, sender=PageLogEntry, dispatch_uid="governance_log_entry")
