"""Bulk validity change from the 清理 report, through revisions and moderation.

Each selected document gets a new revision (built from its latest revision, so an
editor's pending draft is never thrown away) carrying the decision and its basis. Then:

* ``mode="moderate"`` (default): the revision is submitted to the page's Wagtail
  workflow (审核) and takes effect when a reviewer approves and publishes it;
* ``mode="publish"``: published at once when the user may publish the page and it had
  no other unpublished changes (otherwise it falls back to moderation);
* with no workflow and no publish right the revision stays a draft and is reported.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from . import validity as rules

ACTIONS = {
    "reviewed": "清理后继续有效",
    rules.AMENDED: "标为已修订",
    rules.REPEALED: "标为已废止",
    rules.LAPSED: "标为已失效",
}
MODES = {"moderate": "提交审核", "publish": "直接发布（需有发布权限）"}


class BulkChangeError(ValueError):
    """The bulk request itself is invalid (Chinese message)."""


@dataclass
class BulkOutcome:
    published: list = field(default_factory=list)
    submitted: list = field(default_factory=list)
    drafted: list = field(default_factory=list)
    failed: list = field(default_factory=list)  # (page, reason)

    def summary(self):
        parts = []
        if self.published:
            parts.append(f"已发布 {len(self.published)} 份")
        if self.submitted:
            parts.append(f"已提交审核 {len(self.submitted)} 份")
        if self.drafted:
            parts.append(f"已保存为草稿、待有发布权限的人员发布 {len(self.drafted)} 份")
        if self.failed:
            parts.append(f"未处理 {len(self.failed)} 份")
        return "；".join(parts) or "没有处理任何文件"


def apply_bulk_change(pages, *, action, on, basis, user, mode="moderate"):
    if action not in ACTIONS:
        raise BulkChangeError(f"未知的处理方式：{action!r}")
    if mode not in MODES:
        raise BulkChangeError(f"未知的发布方式：{mode!r}")
    basis = (basis or "").strip()
    if not basis:
        raise BulkChangeError("请填写依据（如清理决定的文件名称和文号）")
    if on is None:
        raise BulkChangeError("请填写生效日期")
    outcome = BulkOutcome()
    for page in pages:
        try:
            with transaction.atomic():
                _apply_one(page, action, on, basis, user, mode, outcome)
        except ValidationError as exc:
            outcome.failed.append((page, "；".join(exc.messages)))
        except Exception as exc:  # one bad page must not stop the others
            outcome.failed.append((page, f"保存失败：{exc}"))
    return outcome


def _apply_one(page, action, on, basis, user, mode, outcome):
    from wagtail.log_actions import log

    had_draft = page.has_unpublished_changes
    draft = page.get_latest_revision_as_object()
    if action == "reviewed":
        draft.reviewed_on = on
    else:
        draft.validity_override = action
        draft.validity_override_on = on
        draft.validity_override_basis = basis[:300]
    revision = draft.save_revision(user=user, log_action=True)
    log(instance=page, action="gongkai.policy_bulk_validity", user=user, revision=revision,
        data={"action": action, "action_label": ACTIONS[action], "on": on.isoformat(), "basis": basis})
    permissions = page.permissions_for_user(user)
    workflow = page.get_workflow()
    in_workflow = page.workflow_in_progress
    if mode == "publish" and permissions.can_publish() and not had_draft and not in_workflow:
        revision.publish(user=user)
        outcome.published.append(page)
    elif workflow is not None and workflow.active and not in_workflow:
        workflow.start(page, user)
        outcome.submitted.append(page)
    elif in_workflow:
        outcome.drafted.append(page)  # joins the revision already under review
    elif permissions.can_publish() and not had_draft:
        revision.publish(user=user)
        outcome.published.append(page)
    else:
        outcome.drafted.append(page)
