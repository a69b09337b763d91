"""The governed workflow end to end (programmatic): order, four-eyes, comments, re-approval."""
import pytest
from django.core.exceptions import PermissionDenied

pytestmark = pytest.mark.django_db


def test_full_cycle_publishes_only_after_every_step(make_draft, review):
    page = make_draft()
    state = review.submit(page)
    assert state.current_task_state.task.name == "初审"  # 自动检查 passed on its own
    for username, step in (("reviewer", "初审"), ("secrecy", "保密审查"), ("reviewer2", "复审")):
        assert review.current(page).task.name == step
        review.act(page, username)
        assert not type(page).objects.get(pk=page.pk).live
    assert review.current(page).task.name == "终审/签发"
    review.act(page, "signer")
    page = type(page).objects.get(pk=page.pk)
    assert page.live
    assert page.current_workflow_state is None
