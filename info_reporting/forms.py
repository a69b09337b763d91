"""Forms of the editor's actions (workflow modal and the processing page)."""
from django import forms
from django.utils import timezone
from wagtail.forms import TaskStateCommentForm

from info_reporting.rule_sets import FORMS, LEVEL_LABELS, LEVELS


def _level_choices():
    from info_reporting.models import AdoptionLevel

    return [(lvl.code, lvl.name) for lvl in AdoptionLevel.objects.filter(is_active=True)]


class ReturnForm(TaskStateCommentForm):
    comment = forms.CharField(label="退回意见", widget=forms.Textarea(attrs={"rows": 4}), required=True,
                              error_messages={"required": "退回必须填写意见，说明需要修改的内容"})


class _LevelsForm(forms.Form):
    """Levels, date and form of an adoption; every level must be priced by the year's rules."""

    levels = forms.MultipleChoiceField(
        label="采用级别", choices=_level_choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一个采用级别"},
    )
    date = forms.DateField(label="日期", required=False, help_text="留空为今天")
    form = forms.ChoiceField(label="采用形式", choices=list(FORMS.items()), initial="full", required=False)

    def clean_date(self):
        return self.cleaned_data.get("date") or timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("levels") and cleaned.get("date"):
            from info_reporting import services

            try:
                services.check_levels_priced(cleaned["levels"], cleaned["date"])
            except services.TransitionError as exc:
                raise forms.ValidationError(str(exc)) from None
        return cleaned


class AdoptForm(_LevelsForm):
    edited_title = forms.CharField(label="编辑后标题", required=False, max_length=255)
    comment = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class NotAdoptForm(TaskStateCommentForm):
    comment = forms.CharField(label="不予采用的理由", widget=forms.Textarea(attrs={"rows": 3}), required=False)


def _instruction_level_choices():
    from info_reporting.models import AdoptionLevel

    return [("", "（未指定）")] + [(lvl.code, lvl.name) for lvl in AdoptionLevel.objects.filter(category=AdoptionLevel.ADOPTION)]


class AddAdoptionForm(_LevelsForm):
    via_office = forms.BooleanField(label="经本级转报", required=False)
    note = forms.CharField(label="备注", required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["levels"].label = "追加采用或上报级别"


class InstructionForm(forms.Form):
    leader = forms.CharField(label="批示领导", max_length=60)
    leader_level = forms.ChoiceField(label="领导级别", choices=[(lvl, LEVEL_LABELS[lvl]) for lvl in LEVELS])
    date = forms.DateField(label="批示日期", required=False, help_text="留空为今天")
    on_level = forms.ChoiceField(label="批示所在刊物", choices=_instruction_level_choices, required=False)
    text = forms.CharField(label="批示内容", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    feedback_due = forms.DateField(label="反馈期限", required=False)


class CompileIssueForm(forms.Form):
    publication = forms.CharField(label="刊名", max_length=60, initial="政务信息")
    year = forms.IntegerField(label="年度", min_value=1990, max_value=2100)
    number = forms.IntegerField(label="期号", required=False, min_value=1, help_text="留空自动取下一期号")
    issue_date = forms.DateField(label="出刊日期", required=False)
    issuing_office = forms.CharField(label="编印单位", max_length=120, required=False)
    distribution = forms.CharField(label="分送范围", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SignOffForm(forms.Form):
    comment = forms.CharField(label="审签意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RefuseSignOffForm(forms.Form):
    comment = forms.CharField(label="退回意见", widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": "审签退回必须填写意见，说明需要修改的内容"})
