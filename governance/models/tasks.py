"""Workflow steps for governed content.

* ``AutomatedChecksTask`` — 自动检查: runs the pre-publication checks on the
  submitted revision; errors send the item straight back (退回修改) with the
  findings as the comment, warnings are recorded for the reviewers.
* ``ReviewTask`` — a human review step of 三审 (初审 / 复审 / 终审·签发).
* ``SecrecyReviewTask`` — 保密审查 (政府信息公开条例 Art. 17) with a checklist
  (国家秘密、工作秘密、个人信息、商业秘密), a conclusion and a named reviewer.

Rules shared by the human steps (``GovernedStepMixin``):

* four-eyes: the submitter, the author of the revision under review and the
  last editor can never act on a step (not even a superuser);
* a ``ReviewTask`` may require a reviewer who has not approved another 三审 step
  of the same revision (``distinct_reviewer``);
* returning an item (退回修改) requires a comment, checked on the server for
  every path (modal, edit view, inbox, API);
* approvals count for one revision only: an item edited after a step was
  approved starts again at the first step (``WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT``
  semantics, enforced here as well).
"""
from django import forms
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from wagtail.models import AbstractGroupApprovalTask, Task, TaskState


class ReviewRuleError(PermissionDenied):
    """A review action violates a governance rule; the message (Chinese) says which."""


# --------------------------------------------------------------------------- forms


class ApproveForm(forms.Form):
    comment = forms.CharField(label="审核意见", required=False, widget=forms.Textarea({"rows": 3}))


class RejectForm(forms.Form):
    comment = forms.CharField(
        label="退回意见", required=True, widget=forms.Textarea({"rows": 3}),
        help_text="必填：说明需要修改的内容和理由",
        error_messages={"required": "退回修改必须填写意见，说明需要修改什么"},
    )

    def clean_comment(self):
        comment = (self.cleaned_data.get("comment") or "").strip()
        if not comment:
            raise forms.ValidationError("退回修改必须填写意见，说明需要修改什么")
        return comment


ITEM_NONE, ITEM_INVOLVED, ITEM_HANDLED = "none", "involved", "handled"
SECRET_ITEM_CHOICES = [(ITEM_NONE, "不涉及"), (ITEM_INVOLVED, "涉及")]
PERSONAL_ITEM_CHOICES = [
    (ITEM_NONE, "不涉及"),
    (ITEM_HANDLED, "涉及，已去标识化或属依法公示"),
    (ITEM_INVOLVED, "涉及，未处理"),
]
CONCLUSION_PUBLISH = "publish"
CONCLUSION_CHOICES = [
    (CONCLUSION_PUBLISH, "同意公开"),
    ("revise", "修改后重新报审"),
    ("withhold", "不予公开"),
    ("refer", "提请保密行政管理部门或主管部门审查"),
]
CHECKLIST_FIELDS = {
    "state_secret": "国家秘密",
    "work_secret": "工作秘密",
    "personal_info": "个人信息",
    "commercial_secret": "商业秘密",
}


class SecrecyApproveForm(forms.Form):
    state_secret = forms.ChoiceField(label="是否涉及国家秘密", choices=SECRET_ITEM_CHOICES, widget=forms.RadioSelect)
    work_secret = forms.ChoiceField(label="是否涉及工作秘密", choices=SECRET_ITEM_CHOICES, widget=forms.RadioSelect)
    personal_info = forms.ChoiceField(label="是否涉及个人信息", choices=PERSONAL_ITEM_CHOICES, widget=forms.RadioSelect)
    commercial_secret = forms.ChoiceField(label="是否涉及商业秘密", choices=SECRET_ITEM_CHOICES, widget=forms.RadioSelect)
    conclusion = forms.ChoiceField(label="审查结论", choices=CONCLUSION_CHOICES, initial=CONCLUSION_PUBLISH)
    comment = forms.CharField(label="审查意见", required=False, widget=forms.Textarea({"rows": 3}))

    def clean(self):
        data = super().clean()
        involved = [label for name, label in CHECKLIST_FIELDS.items() if data.get(name) == ITEM_INVOLVED]
        if involved:
            raise forms.ValidationError(
                f"涉及{'、'.join(involved)}的内容不得公开：请选择“退回修改”并写明需要处理的内容"
            )
        if data.get("conclusion") and data["conclusion"] != CONCLUSION_PUBLISH:
            raise forms.ValidationError("审查结论不是“同意公开”时不能通过：请选择“退回修改”并写明意见")
        return data


class SecrecyRejectForm(RejectForm):
    state_secret = forms.ChoiceField(label="是否涉及国家秘密", choices=SECRET_ITEM_CHOICES, required=False, widget=forms.RadioSelect)
    work_secret = forms.ChoiceField(label="是否涉及工作秘密", choices=SECRET_ITEM_CHOICES, required=False, widget=forms.RadioSelect)
    personal_info = forms.ChoiceField(label="是否涉及个人信息", choices=PERSONAL_ITEM_CHOICES, required=False, widget=forms.RadioSelect)
    commercial_secret = forms.ChoiceField(label="是否涉及商业秘密", choices=SECRET_ITEM_CHOICES, required=False, widget=forms.RadioSelect)
    conclusion = forms.ChoiceField(
        label="审查结论", choices=[c for c in CONCLUSION_CHOICES if c[0] != CONCLUSION_PUBLISH], initial="revise",
        required=False,
    )


# --------------------------------------------------------------------------- shared behaviour


class GovernedStepMixin:
    """Behaviour shared by our human review steps (mixed into Task subclasses)."""

    approve_form_class = ApproveForm
    reject_form_class = RejectForm
    approve_needs_modal = False

    # -- who may act -------------------------------------------------------

    def blocked_reason(self, task_state, user):
        """Why ``user`` may not act on ``task_state`` (Chinese), or ``None``."""
        from governance.services.review_rules import blocked_reason

        return blocked_reason(self, task_state, user)

    def _current_state(self, obj):
        state = getattr(obj, "current_workflow_task_state", None)
        if state is not None and state.task_id == self.pk:
            return state
        return None

    def get_actions(self, obj, user):
        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        state = self._current_state(obj)
        if state is None or self.blocked_reason(state, user):
            return []
        actions = [("reject", "退回修改", True)]
        if self.approve_needs_modal:
            actions.append(("approve", "审查通过", True))
        else:
            actions += [("approve", "审核通过", False), ("approve", "审核通过并填写意见", True)]
        return actions

    def get_form_for_action(self, action):
        if action == "reject":
            return self.reject_form_class
        return self.approve_form_class

    def get_template_for_action(self, action):
        return ""

    def validate_action(self, task_state, user, action_name, data):
        reason = self.blocked_reason(task_state, user)
        if reason:
            raise ReviewRuleError(reason)
        if not (user.is_superuser or self._user_in_groups(user)):
            raise ReviewRuleError(f"您不是“{self.name}”环节的审核人员")
        form = self.get_form_for_action(action_name)(data=data)
        if not form.is_valid():
            messages = []
            for errors in form.errors.values():
                messages.extend(errors)
            raise ReviewRuleError("；".join(str(m) for m in messages))
        return form.cleaned_data

    def on_action(self, task_state, user, action_name, **kwargs):
        from django.db import transaction

        from governance.services import review_rules

        if action_name not in ("approve", "reject"):
            return super().on_action(task_state, user, action_name, **kwargs)
        with transaction.atomic():
            task_state = TaskState.objects.select_for_update().get(pk=task_state.pk).specific
            if task_state.status != TaskState.STATUS_IN_PROGRESS:
                raise ReviewRuleError("该审核环节已办理，请刷新页面")
            data = self.validate_action(task_state, user, action_name, kwargs)
            self.store_action_data(task_state, action_name, data)
            comment = data.get("comment", "")
            if action_name == "approve":
                if review_rules.revision_changed_since_start(task_state):
                    # edited while on this step: the approval would cover content the
                    # earlier steps never saw, so the whole workflow starts again
                    return review_rules.restart_for_changed_content(task_state, user)
                task_state.approve(user=user, comment=comment)
            else:
                task_state.reject(user=user, comment=comment)
        return None

    def store_action_data(self, task_state, action_name, data):
        """Hook for steps that record more than a comment (保密审查 checklist)."""

    # -- order: an item edited after approvals restarts at the first step --

    def start(self, workflow_state, user=None):
        from governance.services.review_rules import step_to_start

        step = step_to_start(workflow_state, self)
        if step.pk != self.pk:
            return step.specific.start(workflow_state, user=user)
        return super().start(workflow_state, user=user)

    def due_date(self, task_state):
        from governance.services.review_rules import due_date

        return due_date(task_state, getattr(self, "due_working_days", 0))


# --------------------------------------------------------------------------- tasks


class AutomatedChecksTask(Task):
    """自动检查: personal data, wording, metadata and links, run on submission."""

    block_on_errors = models.BooleanField(
        "发现错误时退回", default=True,
        help_text="勾选后，检查发现错误（如身份证号、禁用表述、死链）时自动退回修改；警告只提示审核人员",
    )

    admin_form_fields = Task.admin_form_fields + ["block_on_errors"]

    @classmethod
    def get_task_state_class(cls):
        return AutomatedChecksTaskState

    def start(self, workflow_state, user=None):
        from governance.services.checks import run_checks
        from governance.services.review_rules import step_to_start

        step = step_to_start(workflow_state, self)
        if step.pk != self.pk:
            return step.specific.start(workflow_state, user=user)
        task_state = super().start(workflow_state, user=user)
        self._record_submission(workflow_state, task_state, user or workflow_state.requested_by)
        run = run_checks(
            task_state.revision.as_object(), revision=task_state.revision,
            user=user or workflow_state.requested_by, context="submission",
        )
        task_state.check_run = run
        task_state.save(update_fields=["check_run"])
        summary = run.summary()
        if run.error_count and self.block_on_errors:
            task_state.reject(user=None, update=False, comment=summary)
        else:
            task_state.approve(user=None, update=False, comment=summary)
        return task_state

    def _record_submission(self, workflow_state, task_state, user):
        from governance.services.audit import record
        from governance.signals import emit

        previous = (
            TaskState.objects.filter(workflow_state=workflow_state).exclude(pk=task_state.pk)
            .order_by("-started_at", "-pk").first()
        )
        page = workflow_state.content_object.specific_deferred
        if previous is None:
            action = "submit"
        elif previous.status == TaskState.STATUS_REJECTED:
            action = "resubmit"
        else:  # restarted after a change during review: already recorded as such
            action = None
        if action:
            record(action, page=page, user=user, step=workflow_state.workflow.name,
                   data={"workflow_state": workflow_state.pk}, revision=task_state.revision_id)
            emit("submitted", page, user=user, workflow_state=workflow_state)

    def get_actions(self, obj, user):
        return []

    def user_can_access_editor(self, obj, user):
        return False

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return TaskState.objects.none()

    @classmethod
    def get_description(cls):
        return "提交时自动检查个人信息、禁用/过时表述、必填元数据和链接；错误自动退回，警告提示审核人员"

    class Meta:
        verbose_name = "自动检查"
        verbose_name_plural = "自动检查"


class AutomatedChecksTaskState(TaskState):
    check_run = models.ForeignKey(
        "governance.CheckRun", verbose_name="检查记录", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = "自动检查记录"
        verbose_name_plural = "自动检查记录"


class ReviewTask(GovernedStepMixin, AbstractGroupApprovalTask):
    """A 三审 step: 初审、复审 or 终审/签发."""

    STEP_FIRST, STEP_SECOND, STEP_FINAL, STEP_OTHER = "first", "second", "final", "other"
    STEP_CHOICES = [
        (STEP_FIRST, "初审"),
        (STEP_SECOND, "复审"),
        (STEP_FINAL, "终审/签发"),
        (STEP_OTHER, "其他审核"),
    ]
    step = models.CharField("审核环节", max_length=10, choices=STEP_CHOICES, default=STEP_FIRST)
    due_working_days = models.PositiveSmallIntegerField(
        "办理时限（工作日）", default=2, help_text="从送达本环节起计算的工作日数；0 表示不设时限"
    )
    distinct_reviewer = models.BooleanField(
        "须由未审核本稿其他环节的人员办理", default=True,
        help_text="三审制：同一稿件的初审、复审、终审须由不同人员办理",
    )

    admin_form_fields = AbstractGroupApprovalTask.admin_form_fields + [
        "step", "due_working_days", "distinct_reviewer",
    ]

    @classmethod
    def get_description(cls):
        return "三审环节：指定用户组成员审核；提交人和最后修改人不得审核，退回须填写意见"

    class Meta:
        verbose_name = "审核环节（三审）"
        verbose_name_plural = "审核环节（三审）"


class SecrecyReviewTask(GovernedStepMixin, AbstractGroupApprovalTask):
    """保密审查 with checklist, conclusion and named reviewer."""

    due_working_days = models.PositiveSmallIntegerField(
        "办理时限（工作日）", default=2, help_text="从送达本环节起计算的工作日数；0 表示不设时限"
    )

    approve_form_class = SecrecyApproveForm
    reject_form_class = SecrecyRejectForm
    approve_needs_modal = True

    admin_form_fields = AbstractGroupApprovalTask.admin_form_fields + ["due_working_days"]

    @classmethod
    def get_task_state_class(cls):
        return SecrecyReviewTaskState

    def store_action_data(self, task_state, action_name, data):
        for name in CHECKLIST_FIELDS:
            setattr(task_state, name, data.get(name) or "")
        task_state.conclusion = data.get("conclusion") or ("revise" if action_name == "reject" else "")

    @classmethod
    def get_description(cls):
        return "保密审查（条例第十七条）：逐项确认国家秘密、工作秘密、个人信息、商业秘密，记录结论和审查人"

    class Meta:
        verbose_name = "保密审查"
        verbose_name_plural = "保密审查"


class SecrecyReviewTaskState(TaskState):
    state_secret = models.CharField("国家秘密", max_length=10, choices=SECRET_ITEM_CHOICES, blank=True)
    work_secret = models.CharField("工作秘密", max_length=10, choices=SECRET_ITEM_CHOICES, blank=True)
    personal_info = models.CharField("个人信息", max_length=10, choices=PERSONAL_ITEM_CHOICES, blank=True)
    commercial_secret = models.CharField("商业秘密", max_length=10, choices=SECRET_ITEM_CHOICES, blank=True)
    conclusion = models.CharField("审查结论", max_length=10, choices=CONCLUSION_CHOICES, blank=True)

    def checklist(self):
        """[(label, answer label)] in checklist order, for the 审核记录."""
        out = []
        for name, label in CHECKLIST_FIELDS.items():
            value = getattr(self, name)
            out.append((label, dict(PERSONAL_ITEM_CHOICES + SECRET_ITEM_CHOICES).get(value, "未填写")))
        return out

    def checklist_text(self):
        parts = [f"{label}：{answer}" for label, answer in self.checklist()]
        if self.conclusion:
            parts.append(f"结论：{self.get_conclusion_display()}")
        return "；".join(parts)

    def get_comment(self):
        if self.status in (self.STATUS_APPROVED, self.STATUS_REJECTED):
            text = self.checklist_text()
            return f"{self.comment}（{text}）" if self.comment else text
        return self.comment

    class Meta:
        verbose_name = "保密审查记录"
        verbose_name_plural = "保密审查记录"


def finished_at_local(task_state):
    return timezone.localtime(task_state.finished_at) if task_state.finished_at else None
