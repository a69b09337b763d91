"""The review inbox: a reviewer's open steps with due dates, and bulk decisions."""
from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from wagtail.models import TaskState

from governance.registry import is_governed


@dataclass
class InboxItem:
    task_state: TaskState
    page: object
    step: str
    submitted_by: object
    started_at: object
    due: object
    overdue: bool
    due_soon: bool
    blocked: str | None
    needs_form: bool
    warnings: list
    kind: str = "review"

    @property
    def pk(self):
        return self.task_state.pk


def latest_check_run(workflow_state):
    from governance.models import AutomatedChecksTaskState

    state = (
        AutomatedChecksTaskState.objects.filter(workflow_state=workflow_state)
        .select_related("check_run").order_by("-started_at", "-pk").first()
    )
    return state.check_run if state else None


def review_items(user, *, include_blocked=True):
    """Open review steps ``user`` may act on (governed pages only), oldest due first."""
    from governance.models.tasks import GovernedStepMixin

    today = timezone.localdate()
    items = []
    states = (
        TaskState.objects.reviewable_by(user)
        .filter(status=TaskState.STATUS_IN_PROGRESS)
        .select_related("workflow_state", "workflow_state__requested_by", "task", "revision")
    )
    for state in states:
        state = state.specific
        task = state.task.specific
        page = state.workflow_state.content_object
        if page is None or not is_governed(page) or not isinstance(task, GovernedStepMixin):
            continue
        page = page.specific_deferred
        blocked = task.blocked_reason(state, user)
        if blocked and not include_blocked:
            continue
        due = task.due_date(state)
        run = latest_check_run(state.workflow_state)
        items.append(InboxItem(
            task_state=state, page=page, step=task.name,
            submitted_by=state.workflow_state.requested_by, started_at=state.started_at,
            due=due, overdue=bool(due and due < today), due_soon=bool(due and due == today),
            blocked=blocked, needs_form=getattr(task, "approve_needs_modal", False),
            warnings=run.warnings if run else [],
        ))
    items.sort(key=lambda i: (i.blocked is not None, i.due or timezone.datetime.max.date(), i.started_at))
    return items


def request_items(user):
    """Pending 撤回/删除 requests ``user`` may decide."""
    from governance.models import ChangeRequest
    from governance.services.withdrawal import blocked_reason

    today = timezone.localdate()
    out = []
    for req in ChangeRequest.objects.filter(status=ChangeRequest.PENDING).select_related("page", "requested_by"):
        reason = blocked_reason(req, user)
        if reason and "须由" in reason:
            continue  # not this user's business
        req.blocked = reason
        req.overdue = bool(req.due_date and req.due_date < today)
        out.append(req)
    return out


def my_submissions(user):
    from wagtail.models import WorkflowState

    states = (
        WorkflowState.objects.active().filter(requested_by=user)
        .select_related("current_task_state", "current_task_state__task", "workflow")
        .order_by("-created_at")
    )
    out = []
    for ws in states:
        page = ws.content_object
        if page is None or not is_governed(page):
            continue
        ws.page = page.specific_deferred
        ws.last_comment = ws.current_task_state.comment if ws.current_task_state else ""
        out.append(ws)
    return out


def bulk_decide(user, task_state_ids, action, comment=""):
    """Approve or return several steps at once with one comment.

    Returns ``(done, skipped)`` where ``skipped`` lists ``(title, reason)``. 保密审查
    steps need their checklist and are never bulk-approved.
    """
    from governance.models.tasks import GovernedStepMixin

    done, skipped = [], []
    for pk in task_state_ids:
        state = TaskState.objects.filter(pk=pk).first()
        if state is None:
            continue
        state = state.specific
        task = state.task.specific
        page = state.workflow_state.content_object
        title = page.get_admin_display_title() if page is not None else str(pk)
        if state.status != TaskState.STATUS_IN_PROGRESS:
            skipped.append((title, "该环节已办理"))
            continue
        if not isinstance(task, GovernedStepMixin):
            skipped.append((title, "不是政府信息审核环节"))
            continue
        if action == "approve" and task.approve_needs_modal:
            skipped.append((title, f"“{task.name}”须逐项填写审查清单，不能批量通过"))
            continue
        try:
            task.on_action(state, user, action, comment=comment)
        except Exception as exc:  # ReviewRuleError / PermissionDenied with Chinese message
            message = str(exc) or "无权办理"
            skipped.append((title, message))
            continue
        done.append(title)
    return done, skipped
