"""The publication gate for governed content.

A revision of a governed page may be published by a user only when a completed
(approved) workflow approved *that revision* at every active step, including the
automated checks and — for disclosure, policy and notice content — the 保密审查.
Publishing without a user (the scheduler publishing an approved revision, imports
of archived records, fixtures) is not a user action and is not gated here.
"""
from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, TaskState, WorkflowState


def _states_for(page):
    return WorkflowState.objects.filter(
        base_content_type_id=ContentType.objects.get_for_model(Page).pk, object_id=str(page.pk)
    )


def approving_workflow_state(page, revision):
    """The approved workflow state that approved ``revision`` at every step, or None."""
    if revision is None or page.pk is None:
        return None
    from governance.models import AutomatedChecksTask, SecrecyReviewTask
    from governance.services.policies import page_needs_secrecy

    needs_secrecy = None
    for state in _states_for(page).filter(status=WorkflowState.STATUS_APPROVED).order_by("-created_at"):
        tasks = [t.specific for t in state.workflow.tasks.filter(active=True)]
        if not tasks:
            continue
        approved = set(
            TaskState.objects.filter(
                workflow_state=state, status=TaskState.STATUS_APPROVED, revision=revision
            ).values_list("task_id", flat=True)
        )
        if not all(t.pk in approved for t in tasks):
            continue
        if not any(isinstance(t, AutomatedChecksTask) for t in tasks):
            continue
        if needs_secrecy is None:
            needs_secrecy = page_needs_secrecy(page)
        if needs_secrecy and not any(isinstance(t, SecrecyReviewTask) for t in tasks):
            continue
        return state
    return None


def revision_fully_approved(page, revision) -> bool:
    return approving_workflow_state(page, revision) is not None


def latest_revision_approved(page) -> bool:
    return revision_fully_approved(page, page.get_latest_revision())


def user_took_part(state, user) -> bool:
    return state is not None and TaskState.objects.filter(
        workflow_state=state, status=TaskState.STATUS_APPROVED, finished_by=user
    ).exists()
