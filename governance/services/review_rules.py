"""Who may act on a review step, and in which order steps run.

Used by the workflow tasks (``governance.models.tasks``) and by the inbox.
"""
from __future__ import annotations

import datetime as _dt
from functools import lru_cache

from django.utils import timezone
from wagtail.models import Revision, TaskState


def _page(workflow_state):
    obj = workflow_state.content_object
    return obj


def latest_revision(workflow_state):
    return (
        Revision.objects.filter(
            base_content_type_id=workflow_state.base_content_type_id, object_id=workflow_state.object_id
        )
        .order_by("-created_at", "-id")
        .first()
    )


def blocked_reason(task, task_state, user):
    """Why ``user`` may not approve or return ``task_state`` (Chinese), or ``None``.

    Four-eyes: the submitter, the author of the revision under review, anybody who
    saved a revision while the item was in review and the last editor never act on
    a step. A 三审 step with ``distinct_reviewer`` also refuses a reviewer who already
    approved another 三审 step of the current revision.
    """
    if user is None or not user.is_authenticated:
        return "请先登录"
    ws = task_state.workflow_state
    if ws.requested_by_id == user.pk:
        return "您是本稿的提交人，不能审核自己提交的内容（四眼原则）"
    latest = latest_revision(ws)
    if latest is not None and latest.user_id == user.pk:
        return "您是本稿的最后修改人，不能审核（四眼原则）"
    if task_state.revision_id and task_state.revision.user_id == user.pk:
        return "您是送审稿的作者，不能审核（四眼原则）"
    edited_in_review = Revision.objects.filter(
        base_content_type_id=ws.base_content_type_id, object_id=ws.object_id,
        created_at__gte=ws.created_at, user=user,
    ).exists()
    if edited_in_review:
        return "您在审核期间修改过本稿，不能审核（四眼原则）"
    if getattr(task, "distinct_reviewer", False) and latest is not None:
        from governance.models import ReviewTask

        other = (
            TaskState.objects.filter(
                workflow_state=ws, status=TaskState.STATUS_APPROVED, finished_by=user,
                revision=latest, task__in=ReviewTask.objects.exclude(pk=task.pk),
            )
            .select_related("task")
            .first()
        )
        if other is not None:
            return f"您已办理本稿的“{other.task.name}”环节，按三审制本环节须由其他人员办理"
    return None


def revision_changed_since_start(task_state) -> bool:
    latest = latest_revision(task_state.workflow_state)
    return latest is not None and latest.pk != task_state.revision_id


def restart_for_changed_content(task_state, user):
    """The item was edited while on this step: end the step and run the workflow
    again from the first step, so every step approves the content that goes live."""
    from governance.services.audit import record

    comment = "送审稿在本环节审核期间被修改，须从第一步重新审核"
    record(
        "review.restart", page=task_state.workflow_state.content_object, user=user,
        step=task_state.task.name, comment=comment,
    )
    task_state.cancel(user=user, comment=comment)
    return None


def _active_tasks(workflow):
    return list(workflow.tasks.filter(active=True))


def step_to_start(workflow_state, task):
    """The task that must run now when ``task`` is about to start.

    Approvals count for one revision only. When the item was changed (for example
    resubmitted after being returned), Wagtail resumes at the returned step; here the
    first step without an approval of the current revision runs instead, so the
    order 自动检查 → 初审 → 保密审查 → 复审 → 终审 is kept for the new content.
    """
    latest = latest_revision(workflow_state)
    approved = set(
        TaskState.objects.filter(
            workflow_state=workflow_state, status=TaskState.STATUS_APPROVED, revision=latest,
        ).values_list("task_id", flat=True)
    )
    for candidate in _active_tasks(workflow_state.workflow):
        if candidate.pk == task.pk:
            return task
        if candidate.pk not in approved:
            return candidate
    return task


@lru_cache(maxsize=1)
def _calendar(year):
    from workdays.seed import build_calendar

    return build_calendar(provisional_through=year + 2)


def add_working_days(start: _dt.date, days: int) -> _dt.date:
    try:
        return _calendar(timezone.localdate().year).add_working_days(start, days).date
    except Exception:  # calendar data unavailable: count Monday–Friday
        d, left = start, days
        while left > 0:
            d += _dt.timedelta(days=1)
            if d.weekday() < 5:
                left -= 1
        return d


def due_date(task_state, days):
    """Due date of a step (``days`` working days after it reached the step), or None."""
    if not days or not task_state.started_at:
        return None
    return add_working_days(timezone.localdate(task_state.started_at), days)
