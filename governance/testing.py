"""Test helper for every app: take a governed page through the review workflow.

Governed content cannot be published directly (issue 9). Tests that need a page
published *the way the admin does it* call::

    from governance.testing import publish_through_workflow
    page = publish_through_workflow(page, submitted_by=users["editor"])

It creates the default workflows (idempotent), one reviewer per step (users named
``gk-审核-初审`` …, never the submitter), submits the latest revision unless a workflow
is already running, and approves every step — 保密审查 with an all-clear checklist.
Fixtures that only need *live* pages can keep calling ``revision.publish()`` without
a user (that is the system path archive imports use).
"""

STEP_USERS = {
    "初审": ("gk-审核-初审", "审核人"),
    "保密审查": ("gk-审核-保密", "保密审查员"),
    "复审": ("gk-审核-复审", "审核人"),
    "终审/签发": ("gk-审核-签发", "签发人"),
}

SECRECY_ALL_CLEAR = {
    "state_secret": "none", "work_secret": "none", "personal_info": "none",
    "commercial_secret": "none", "conclusion": "publish", "comment": "测试：同意公开",
}


def _user_for(task):
    from django.contrib.auth.models import Group, User

    from governance.models import SecrecyReviewTask

    username, group_name = STEP_USERS.get(task.name, (f"gk-审核-{task.pk}", None))
    user, _ = User.objects.get_or_create(username=username, defaults={"email": ""})
    groups = list(task.groups.all()) if hasattr(task, "groups") else []
    if group_name:
        groups.append(Group.objects.get(name=group_name))
    if isinstance(task, SecrecyReviewTask) and not groups:
        groups = [Group.objects.get(name="保密审查员")]
    user.groups.add(*groups)
    return user


def publish_through_workflow(page, submitted_by):
    """Submit ``page`` (as ``submitted_by``) and approve every step; returns the fresh page."""
    from wagtail.models import Page

    from governance.models import SecrecyReviewTask
    from governance.setup import ensure_governance

    ensure_governance()
    page = Page.objects.get(pk=page.pk).specific
    if page.current_workflow_state is None:
        page.get_workflow().start(page, submitted_by)
    for _ in range(20):
        page = Page.objects.get(pk=page.pk).specific
        state = page.current_workflow_task_state
        if state is None:
            break
        task = state.task.specific
        data = dict(SECRECY_ALL_CLEAR) if isinstance(task, SecrecyReviewTask) else {"comment": ""}
        task.on_action(state, _user_for(task), "approve", **data)
    page = Page.objects.get(pk=page.pk).specific
    workflow_state = page.workflow_states.order_by("-created_at").first()
    if not page.live and workflow_state is not None and workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES:
        raise AssertionError(f"审核未通过：{workflow_state.current_task_state.comment}")
    return page
