"""Wagtail workflow signals → state transitions in ``info_reporting.services``."""
from django.core.exceptions import PermissionDenied


def _item_of(task_state_or_workflow_state):
    from info_reporting.models import InfoReportPage

    obj = getattr(task_state_or_workflow_state, "workflow_state", task_state_or_workflow_state).content_object
    obj = getattr(obj, "specific", obj)
    return obj if isinstance(obj, InfoReportPage) else None


def on_task_submitted(sender, instance, user=None, **kwargs):
    from info_reporting import services
    from info_reporting.models import InfoAdoptionTask

    if not isinstance(instance.task.specific, InfoAdoptionTask):
        return
    item = _item_of(instance)
    if item is None:
        return
    try:
        services.record_submission(item, user)
    except services.TransitionError as exc:
        raise PermissionDenied(str(exc)) from None


def on_workflow_cancelled(sender, instance, user=None, **kwargs):
    from info_reporting import services

    item = _item_of(instance)
    if item is not None:
        services.record_withdrawal(item, user)  # no-op unless the unit cancelled a pending item


def connect():
    from wagtail.signals import task_submitted, workflow_cancelled

    task_submitted.connect(on_task_submitted, dispatch_uid="info_reporting_task_submitted")
    workflow_cancelled.connect(on_workflow_cancelled, dispatch_uid="info_reporting_workflow_cancelled")
