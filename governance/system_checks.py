"""Django system checks: governance must not be silently switched off."""
from django.conf import settings
from django.core import checks


@checks.register()
def check_governance(app_configs=None, **kwargs):
    from governance.integration import overridden_members
    from governance.registry import governed_models

    errors = []
    for model in governed_models():
        overridden = overridden_members(model)
        if overridden:
            errors.append(checks.Error(
                f"{model._meta.label} 覆盖了 {', '.join(overridden)}，会绕过审核流程",
                hint="删除这些覆盖，或在其中调用 governance.integration 中的实现",
                obj=model, id="governance.E001",
            ))
    if getattr(settings, "WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT", True) is not True:
        errors.append(checks.Error(
            "WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT 必须为 True：审核通过后修改的内容须重新审核",
            id="governance.E002",
        ))
    if getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True) is not True:
        errors.append(checks.Error("WAGTAIL_WORKFLOW_ENABLED 不能关闭：政府信息必须经审核发布", id="governance.E003"))
    return errors


@checks.register(checks.Tags.database)
def check_governance_policies(app_configs=None, databases=None, **kwargs):
    """Only with ``check --database default`` (needs the database)."""
    from django.db import DatabaseError

    if not databases:
        return []

    try:
        from governance.models import WorkflowPolicy

        if WorkflowPolicy.objects.filter(active=True, section__isnull=True).exists():
            return []
    except DatabaseError:  # tables not migrated yet
        return []
    return [checks.Warning(
        "没有全站默认审核策略：政府信息无法提交审核，也就无法发布",
        hint="运行 python manage.py setup_workflows（setup_site/load_demo 会自动运行）",
        id="governance.W001",
    )]
