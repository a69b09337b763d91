"""Resolve the workflow for governed content from the placeful policies."""
from __future__ import annotations

from django.conf import settings


def secrecy_sections():
    """Live section pages whose content needs 保密审查 (disclosure, policies, notices)."""
    from django.apps import apps
    from wagtail.models import Page

    from governance.models.policies import SECRECY_SECTION_MODELS

    classes = []
    for label in SECRECY_SECTION_MODELS:
        try:
            classes.append(apps.get_model(label))
        except LookupError:
            continue
    if not classes:
        return []
    return list(Page.objects.type(*classes))


def page_needs_secrecy(page) -> bool:
    path = page.path
    return any(path.startswith(s.path) for s in secrecy_sections())


def workflow_problems(workflow, needs_secrecy: bool) -> list[str]:
    """What is missing from a workflow used for governed content (Chinese)."""
    from governance.models import AutomatedChecksTask, ReviewTask, SecrecyReviewTask

    tasks = [t.specific for t in workflow.tasks.filter(active=True)]
    problems = []
    if not tasks or not isinstance(tasks[0], AutomatedChecksTask):
        problems.append("政府信息的审核流程第一步必须是“自动检查”")
    if not any(isinstance(t, ReviewTask) for t in tasks):
        problems.append("审核流程至少需要一个人工审核环节")
    if needs_secrecy and not any(isinstance(t, SecrecyReviewTask) for t in tasks):
        problems.append("适用范围包含政府信息公开、政策文件或通知公告栏目，审核流程必须包含“保密审查”环节")
    return problems


def _content_type_id(page_or_class):
    from django.contrib.contenttypes.models import ContentType

    if isinstance(page_or_class, type):
        return ContentType.objects.get_for_model(page_or_class).pk
    return page_or_class.content_type_id or ContentType.objects.get_for_model(type(page_or_class)).pk


def resolve_policy(page=None, *, path=None, page_class=None):
    """The most specific active policy for ``page`` (or for a new page of
    ``page_class`` created below the page with tree ``path``), or ``None``."""
    from governance.models import WorkflowPolicy
    from governance.registry import in_scope

    if page is not None:
        path = page.path
        ct_id = _content_type_id(page)
    else:
        ct_id = _content_type_id(page_class)
    best, best_key = None, None
    for policy in WorkflowPolicy.objects.filter(active=True, workflow__active=True).select_related("section", "workflow").prefetch_related("page_types"):
        type_ids = {ct.pk for ct in policy.page_types.all()}
        if not in_scope(path, ct_id, policy.section if policy.section_id else None, type_ids):
            continue
        key = (policy.section.depth if policy.section_id else 0, 1 if type_ids else 0, policy.priority, -policy.pk)
        if best_key is None or key > best_key:
            best, best_key = policy, key
    return best


def resolve_workflow(page=None, *, path=None, page_class=None):
    """The workflow governing ``page``: its policy's workflow, else Wagtail's own
    assignment to the page or an ancestor, else ``None``."""
    if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
        return None
    policy = resolve_policy(page, path=path, page_class=page_class)
    if policy is not None:
        return policy.workflow
    if page is not None and page.pk:
        # Wagtail's own per-page assignment counts only when it is a complete governance
        # workflow (its default “Moderators approval” on the root page is not).
        from wagtail.models import Page

        native = Page.get_workflow(page)
        if native is not None and not workflow_problems(native, needs_secrecy=page_needs_secrecy(page)):
            return native
    return None
