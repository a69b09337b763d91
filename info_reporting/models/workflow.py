"""The moderated Wagtail workflow task for information items (信息采用).

A reporter submits an item (Wagtail "submit to workflow"); members of the task's groups (编辑 /
审核人) then return it (退回修改, comment required), adopt it at one or more levels (采用, which
approves the task and publishes the item inside the login-restricted section) or close it
(不予采用). The task only collects the editor's input; every check and state change happens in
``info_reporting.services`` in one transaction, with a Chinese reason on refusal.
"""
import datetime

from django.core.exceptions import PermissionDenied
from wagtail.models import AbstractGroupApprovalTask


class InfoAdoptionTask(AbstractGroupApprovalTask):
    """信息采用审核: return / adopt at levels / not adopt."""

    ACTIONS = {
        "return": ("退回修改", "ReturnForm"),
        "adopt": ("采用", "AdoptForm"),
        "not_adopt": ("不予采用", "NotAdoptForm"),
    }

    def _form_class(self, action):
        from info_reporting import forms

        return getattr(forms, self.ACTIONS[action][1])

    class Meta:
        verbose_name = "信息采用审核"
        verbose_name_plural = "信息采用审核"

    def _is_item(self, obj):
        from .pages import InfoReportPage

        return isinstance(getattr(obj, "specific", obj), InfoReportPage)

    def _may_act(self, user):
        return user.is_superuser or self._user_in_groups(user)

    def get_actions(self, obj, user):
        if not self._may_act(user):
            return []
        if not self._is_item(obj):
            return super().get_actions(obj, user)
        return [(name, label, True) for name, (label, _form) in self.ACTIONS.items()]

    def get_form_for_action(self, action):
        if action in self.ACTIONS:
            return self._form_class(action)
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name not in self.ACTIONS:
            return super().on_action(task_state, user, action_name, **kwargs)
        from info_reporting import services

        item = task_state.workflow_state.content_object.specific
        form_class = self._form_class(action_name)
        # Data arrives as cleaned python values (WorkflowAction view) or JSON (edit view): re-validate.
        data = {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in kwargs.items()}
        form = form_class(data)
        try:
            if not form.is_valid():
                raise services.TransitionError("；".join(e for errs in form.errors.values() for e in errs))
            cd = form.cleaned_data
            if action_name == "return":
                services.return_item(item, user, cd["comment"])
            elif action_name == "adopt":
                services.adopt(item, user, cd["levels"], date=cd["date"], form=cd.get("form") or "full",
                               edited_title=cd.get("edited_title", ""), comment=cd.get("comment", ""))
            elif action_name == "not_adopt":
                services.not_adopt(item, user, cd.get("comment", ""))
        except services.TransitionError as exc:
            # Shown as a 403 page with the Chinese reason; nothing was changed.
            raise PermissionDenied(str(exc)) from None
        return None

    @classmethod
    def get_description(cls):
        return "信息科编辑（所选用户组）可退回修改、按级别采用或不予采用报送的政务信息"
