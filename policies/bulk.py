"""Bulk validity change from the 清理 report, through revisions and moderation.

Each selected document gets a new revision (built from its latest revision, so an
editor's pending draft is never thrown away) carrying the decision and its basis, and that
revision is submitted to the page's review workflow (governance: 三审 + 保密审查). It takes
effect when every step has approved it; nobody can publish it directly. A document already
under review keeps its running workflow, which restarts for the new revision.
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


class BulkChangeError(ValueError):
    """The bulk request itself is invalid (Chinese message)."""


@dataclass
class BulkOutcome:
    submitted: list = field(default_factory=list)
    drafted: list = field(default_factory=list)
    failed: list = field(default_factory=list)  # (page, reason)

    def summary(self):
        parts = []
        if self.submitted:
            parts.append(f"已提交审核 {len(self.submitted)} 份")
        if self.drafted:
            parts.append(f"已并入正在审核的修改 {len(self.drafted)} 份")
        if self.failed:
            parts.append(f"未处理 {len(self.failed)} 份")
        return "；".join(parts) or "没有处理任何文件"


def apply_bulk_change(pages, *, action, on, basis, user):
    if action not in ACTIONS:
        raise BulkChangeError(f"未知的处理方式：{action!r}")
    basis = (basis or "").strip()
    if not basis:
        raise BulkChangeError("请填写依据（如清理决定的文件名称和文号）")
    if on is None:
        raise BulkChangeError("请填写生效日期")
    outcome = BulkOutcome()
    for page in pages:
        try:
            with transaction.atomic():
                _apply_one(page, action, on, basis, user, outcome)
        except ValidationError as exc:
            outcome.failed.append((page, "；".join(exc.messages)))
        except Exception as exc:  # one bad page must not stop the others
            outcome.failed.append((page, f"保存失败：{exc}"))
    return outcome


def _apply_one(page, action, on, basis, user, outcome):
    from wagtail.log_actions import log

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
    if page.workflow_in_progress:
        outcome.drafted.append(page)  # the running review now covers this revision
        return
    workflow = page.get_workflow()
    if workflow is None or not workflow.active:
        raise ValidationError("该文件没有可用的审核流程，请联系管理员设置审核策略")
    workflow.start(page, user)
    outcome.submitted.append(page)
