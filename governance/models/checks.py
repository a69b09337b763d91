"""Admin-editable check configuration and the record of every check run."""
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from governance.checks import wording
from governance.checks.findings import SEVERITY_LABELS

SEVERITY_CHOICES = [("error", "错误（阻止提交）"), ("warning", "警告（提示审核人员）")]


def governed_content_types():
    """Limit choices to governed page types (computed lazily)."""
    from governance.registry import governed_content_type_ids

    return models.Q(pk__in=governed_content_type_ids())


class WordingRuleEntry(models.Model):
    """One entry of the 表述检查词库 (banned / outdated expressions, serious errors)."""

    pattern = models.CharField("匹配内容", max_length=200, help_text="要查找的词语；勾选“正则表达式”时按正则匹配")
    kind = models.CharField(
        "类型", max_length=10, choices=[(k, wording.KIND_LABELS[k]) for k in wording.KINDS], default="banned"
    )
    suggestion = models.CharField("建议表述", max_length=200, blank=True, help_text="过时表述和严重错误必须填写")
    severity = models.CharField(
        "严重程度", max_length=10, choices=[("", "按类型默认")] + SEVERITY_CHOICES, blank=True,
        help_text="默认：过时表述为警告，禁用表述和严重错误为错误",
    )
    regex = models.BooleanField("正则表达式", default=False)
    ignore_before = models.CharField(
        "前文例外", max_length=200, blank=True, help_text="匹配内容紧前出现这些词时不报告，多个用顿号或逗号分隔，如：原"
    )
    ignore_after = models.CharField(
        "后文例外", max_length=200, blank=True, help_text="匹配内容紧后出现这些词时不报告，多个用顿号或逗号分隔，如：门"
    )
    note = models.CharField("依据/说明", max_length=200, blank=True, help_text="如：2018年国务院机构改革")
    active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    panels = [
        FieldPanel("pattern"), FieldPanel("kind"), FieldPanel("suggestion"), FieldPanel("severity"),
        FieldPanel("regex"),
        MultiFieldPanel([FieldPanel("ignore_before"), FieldPanel("ignore_after")], "例外"),
        FieldPanel("note"), FieldPanel("active"),
    ]

    class Meta:
        verbose_name = "表述检查词条"
        verbose_name_plural = "表述检查词库"
        ordering = ["kind", "pattern"]
        constraints = [models.UniqueConstraint(fields=["pattern", "regex"], name="unique_wording_pattern")]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.pattern}"

    @staticmethod
    def _split(value):
        import re

        return tuple(p for p in (s.strip() for s in re.split(r"[、,，;；\n]", value or "")) if p)

    def as_rule(self):
        return wording.WordingRule(
            pattern=self.pattern, kind=self.kind, suggestion=self.suggestion, severity=self.severity,
            regex=self.regex, ignore_before=self._split(self.ignore_before),
            ignore_after=self._split(self.ignore_after), note=self.note,
        )

    def clean(self):
        try:
            self.as_rule()
        except wording.WordingRuleError as exc:
            raise ValidationError(str(exc)) from None

    @classmethod
    def active_rules(cls):
        """The rules checks use: the active entries; the built-in list while the table is empty."""
        entries = list(cls.objects.filter(active=True))
        if not entries and not cls.objects.exists():
            return list(wording.DEFAULT_RULES)
        return [e.as_rule() for e in entries]


class MetadataRequirement(models.Model):
    """A metadata field that must (or should) be filled before submission."""

    page_type = models.ForeignKey(
        ContentType, verbose_name="信息类型", null=True, blank=True, on_delete=models.CASCADE,
        limit_choices_to=governed_content_types, help_text="留空表示适用于所有政府信息类型",
    )
    field_name = models.CharField("字段名", max_length=60, help_text="模型字段名，如 issuing_organisation、topic、summary、formed_date")
    label = models.CharField("显示名称", max_length=60)
    severity = models.CharField("严重程度", max_length=10, choices=SEVERITY_CHOICES, default="error")
    hint = models.CharField("填写提示", max_length=120, blank=True)
    active = models.BooleanField("启用", default=True)

    panels = [FieldPanel("page_type"), FieldPanel("field_name"), FieldPanel("label"),
              FieldPanel("severity"), FieldPanel("hint"), FieldPanel("active")]

    class Meta:
        verbose_name = "必填元数据"
        verbose_name_plural = "必填元数据"
        ordering = ["page_type_id", "field_name"]
        constraints = [
            models.UniqueConstraint(fields=["page_type", "field_name"], name="unique_metadata_requirement"),
        ]

    def __str__(self):
        scope = self.page_type.name if self.page_type_id else "全部类型"
        return f"{scope}：{self.label}"

    def clean(self):
        from governance.registry import governed_models, model_has_field

        models_to_check = [self.page_type.model_class()] if self.page_type_id else governed_models()
        missing = [m._meta.verbose_name for m in models_to_check
                   if m is not None and not (model_has_field(m, self.field_name) or hasattr(m, self.field_name))]
        if missing:
            raise ValidationError({"field_name": f"字段“{self.field_name}”在以下类型中不存在：{'、'.join(map(str, missing))}"})

    def as_requirement(self):
        from governance.checks.metadata import Requirement

        return Requirement(field=self.field_name, label=self.label, severity=self.severity, hint=self.hint)


class CheckRun(models.Model):
    """One run of the pre-publication checks on one revision (kept for the 审核记录)."""

    CONTEXT_CHOICES = [("submission", "提交审核"), ("manual", "手动检查")]

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name="页面", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    page_title = models.CharField("标题", max_length=255)
    revision = models.ForeignKey(
        "wagtailcore.Revision", verbose_name="版本", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    run_at = models.DateTimeField("检查时间", auto_now_add=True, db_index=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    context = models.CharField("场合", max_length=12, choices=CONTEXT_CHOICES, default="submission")
    checks = models.JSONField("已运行的检查", default=list)
    findings = models.JSONField("检查结果", default=list)
    error_count = models.PositiveIntegerField("错误数", default=0)
    warning_count = models.PositiveIntegerField("警告数", default=0)

    class Meta:
        verbose_name = "检查记录"
        verbose_name_plural = "检查记录"
        ordering = ["-run_at", "-pk"]

    def __str__(self):
        return f"{self.page_title}（{self.run_at:%Y-%m-%d %H:%M}）"

    CHECK_LABELS = {
        "pii": "个人信息", "wording": "表述", "metadata": "必填元数据", "links": "链接", "attachments": "附件",
    }

    def checks_label(self):
        return "、".join(self.CHECK_LABELS.get(c, c) for c in self.checks)

    def summary(self):
        head = f"自动检查（{self.checks_label()}）："
        if not self.error_count and not self.warning_count:
            return head + "未发现问题"
        lines = [head + f"{self.error_count} 个错误，{self.warning_count} 个警告"]
        for f in self.findings[:20]:
            lines.append(f"[{SEVERITY_LABELS.get(f['severity'], f['severity'])}] {f.get('where', '')}：{f['message']}")
        if len(self.findings) > 20:
            lines.append(f"……另有 {len(self.findings) - 20} 项，见审核记录")
        return "\n".join(lines)

    @property
    def errors(self):
        return [f for f in self.findings if f["severity"] == "error"]

    @property
    def warnings(self):
        return [f for f in self.findings if f["severity"] == "warning"]


class PersonalDataBasis(models.Model):
    """A recorded legal basis for publishing personal data (惩戒公示, 强制性信息披露).

    While active, personal-data findings on the page are warnings for the reviewers
    (showing the basis) instead of errors that send the submission back.
    """

    BASIS_CHOICES = [
        ("punishment", "惩戒公示"),
        ("compulsory", "强制性信息披露"),
        ("statutory", "其他法定公示（如招录、任前公示）"),
    ]

    page = models.ForeignKey("wagtailcore.Page", verbose_name="页面", on_delete=models.CASCADE, related_name="+")
    basis = models.CharField("公开依据", max_length=20, choices=BASIS_CHOICES)
    note = models.CharField("依据说明", max_length=300, help_text="写明文件依据，如《……办法》第×条")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)
    active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "个人信息公开依据"
        verbose_name_plural = "个人信息公开依据"
        ordering = ["-recorded_at"]

    def __str__(self):
        return f"{self.get_basis_display()}：{self.note}"
