"""Last line of defence: no user action makes governed content go live, go offline
or disappear except through governance.

Every Wagtail admin request (views, bulk actions, the admin API) runs inside a
``LogContext`` carrying the acting user. While such a user context is active,
saving a governed page so that it goes live with a revision that a completed
workflow has not approved, saving it offline, or deleting published content raises
``GovernanceViolation`` — whatever view, action or API path led there. Governance
itself (an approved 撤回/删除 request) runs its changes inside ``system_action()``.

Code without a user context — the scheduler publishing approved revisions or
expiring content, archive imports, data fixtures — is not a user action and passes.
"""
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied

_system_action = ContextVar("governance_system_action", default=False)


class GovernanceViolation(PermissionDenied):
    """A user action would bypass governance (message in Chinese)."""


@contextmanager
def system_action():
    """Run governance's own changes (approved requests) past the guard."""
    token = _system_action.set(True)
    try:
        yield
    finally:
        _system_action.reset(token)


def acting_user():
    """The user of the active admin request, or ``None`` outside user actions."""
    if _system_action.get():
        return None
    from wagtail.log_actions import get_active_log_context

    user = get_active_log_context().user
    return user if getattr(user, "pk", None) else None


def _governed(sender, instance):
    from governance.registry import is_governed

    return is_governed(sender) or is_governed(instance)


def check_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or getattr(instance, "alias_of_id", None):
        return
    if not _governed(sender, instance):
        return
    if update_fields is not None and not {"live", "live_revision", "live_revision_id"} & set(update_fields):
        return
    user = acting_user()
    if user is None:
        return
    old = None
    if instance.pk is not None:
        old = sender._default_manager.filter(pk=instance.pk).values("live", "live_revision_id").first()
    going_live = instance.live and (
        old is None or not old["live"] or old["live_revision_id"] != instance.live_revision_id
    )
    if going_live:
        from governance.services import gate

        revision = instance.live_revision if instance.live_revision_id else None
        if revision is None or not gate.revision_fully_approved(instance, revision):
            raise GovernanceViolation("政府信息必须经审核流程（自动检查、三审、保密审查）全部通过后才能发布，请提交审核")
    elif old is not None and old["live"] and not instance.live:
        raise GovernanceViolation("已发布的政府信息不能直接下线，请提交撤回申请，经审核同意后下线")


def check_delete(sender, instance, **kwargs):
    user = acting_user()
    if user is None or getattr(instance, "alias_of_id", None):
        return
    if not _governed(sender, instance):
        return
    if instance.live or instance.first_published_at:
        raise GovernanceViolation("已发布过的政府信息不能直接删除，请提交删除申请，经审核同意后删除")


def connect():
    from django.db.models.signals import pre_delete, pre_save

    from wagtail.models import Page

    from governance.registry import governed_models

    # base Page instances of governed pages are saved by some Wagtail code paths
    pre_save.connect(check_save, sender=Page, dispatch_uid="governance_guard_save_page")
    for model in governed_models():
        pre_save.connect(check_save, sender=model, dispatch_uid=f"governance_guard_save_{model._meta.label}")
        pre_delete.connect(check_delete, sender=model, dispatch_uid=f"governance_guard_delete_{model._meta.label}")
