"""Default review workflows, groups, policies and check lists (idempotent).

``ensure_governance()`` is safe to call on every ``setup_site``/``load_demo``: it
creates what is missing and never changes what an administrator edited.

Groups (the reviewer roles; see cms_pages/roles.py for the editing roles):

=========  ===========================================================
审核人      初审 and 复审 (created by cms_pages.roles)
保密审查员   保密审查 (政府信息公开条例 Art. 17)
签发人      终审/签发, and deciding 撤回/删除 requests
=========  ===========================================================

Workflows:

* 政府信息三审（含保密审查）: 自动检查 → 初审 → 保密审查 → 复审 → 终审/签发 —
  site-wide default for every governed page type;
* 政务信息报送审核: 自动检查 → 初审 — for the login-restricted 政务信息报送
  section (internal reports are not disclosed, so no 保密审查 step).
"""
from django.contrib.auth.models import Group, Permission
from django.db import transaction

REVIEWER_GROUP = "审核人"
SECRECY_GROUP = "保密审查员"
SIGNER_GROUP = "签发人"

DEFAULT_WORKFLOW = "政府信息三审（含保密审查）"
REPORTING_WORKFLOW = "政务信息报送审核"

#: (field, label, severity, hint) — the statutory minimum (disclosure.md §4.1) plus
#: 发布机构; 主题分类 is recommended.
DEFAULT_METADATA = [
    ("summary", "内容概述", "error", "在“内容”选项卡填写内容概述"),
    ("formed_date", "成文/生成日期", "error", "在“元数据”选项卡填写成文日期"),
    ("issuing_organisation", "发布机构", "error", "在“元数据”选项卡选择发布机构"),
    ("topic", "主题分类", "warning", "在“元数据”选项卡选择主题分类"),
]


def _group(name):
    group, _ = Group.objects.get_or_create(name=name)
    access = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
    if access:
        group.permissions.add(access)
    return group


def _task(model, name, groups=(), **fields):
    task = model.objects.filter(name=name).first()
    if task is None:
        task = model.objects.create(name=name, **fields)
        if groups:
            task.groups.set(groups)
    return task


def _workflow(name, tasks):
    from wagtail.models import Workflow, WorkflowTask

    workflow = Workflow.objects.filter(name=name).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=name, active=True)
        for order, task in enumerate(tasks):
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    return workflow


@transaction.atomic
def ensure_governance(sections=None):
    """Create the default governance set-up; returns a dict of what exists."""
    from governance.checks import wording
    from governance.models import (
        AutomatedChecksTask,
        MetadataRequirement,
        ReviewTask,
        SecrecyReviewTask,
        WordingRuleEntry,
        WorkflowPolicy,
    )

    reviewers = _group(REVIEWER_GROUP)
    secrecy = _group(SECRECY_GROUP)
    signers = _group(SIGNER_GROUP)
    view_audit = Permission.objects.filter(content_type__app_label="governance", codename="view_auditevent").first()
    if view_audit:
        for group in (reviewers, secrecy, signers):
            group.permissions.add(view_audit)

    checks = _task(AutomatedChecksTask, "自动检查")
    first = _task(ReviewTask, "初审", [reviewers], step=ReviewTask.STEP_FIRST, due_working_days=2)
    secrecy_task = _task(SecrecyReviewTask, "保密审查", [secrecy], due_working_days=2)
    second = _task(ReviewTask, "复审", [reviewers], step=ReviewTask.STEP_SECOND, due_working_days=2)
    final = _task(ReviewTask, "终审/签发", [signers], step=ReviewTask.STEP_FINAL, due_working_days=1)
    report_review = _task(
        ReviewTask, "信息报送审核", [reviewers], step=ReviewTask.STEP_FIRST, due_working_days=2,
    )

    default = _workflow(DEFAULT_WORKFLOW, [checks, first, secrecy_task, second, final])
    reporting = _workflow(REPORTING_WORKFLOW, [checks, report_review])

    if not WorkflowPolicy.objects.filter(section__isnull=True).exists():
        WorkflowPolicy.objects.create(
            name="全站政府信息默认审核策略", workflow=default,
            note="自动检查 → 初审 → 保密审查 → 复审 → 终审/签发",
        )
    sections = sections or _sections()
    reporting_section = sections.get("info_reporting")
    if reporting_section is not None and not WorkflowPolicy.objects.filter(section=reporting_section).exists():
        WorkflowPolicy.objects.create(
            name="政务信息报送审核策略", section=reporting_section, workflow=reporting,
            note="报送信息不对外公开，不设保密审查环节",
        )

    if not WordingRuleEntry.objects.exists():
        for rule in wording.DEFAULT_RULES:
            WordingRuleEntry.objects.create(
                pattern=rule.pattern, kind=rule.kind, suggestion=rule.suggestion, severity=rule.severity,
                regex=rule.regex, ignore_before="、".join(rule.ignore_before),
                ignore_after="、".join(rule.ignore_after), note=rule.note,
            )
    if not MetadataRequirement.objects.exists():
        for field, label, severity, hint in DEFAULT_METADATA:
            MetadataRequirement.objects.create(field_name=field, label=label, severity=severity, hint=hint)

    return {
        "groups": {"reviewer": reviewers, "secrecy": secrecy, "signer": signers},
        "tasks": {"checks": checks, "first": first, "secrecy": secrecy_task, "second": second, "final": final},
        "workflows": {"default": default, "reporting": reporting},
    }


def _sections():
    from django.apps import apps
    from wagtail.models import Page

    found = {}
    for key, label in (("info_reporting", "info_reporting.InfoReportIndexPage"),):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        page = Page.objects.type(model).first()
        if page is not None:
            found[key] = page
    return found
