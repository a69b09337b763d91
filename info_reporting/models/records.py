"""What happened to items: adoptions (and forwardings), leaders' 批示, penalties and the event
history. These records are the only input of scoring (``info_reporting.ledger``)."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel

from info_reporting.rule_sets import FORMS, LEVEL_LABELS, LEVELS, PENALTY_KINDS

from .levels import AdoptionLevel

LEADER_LEVEL_CHOICES = [(lvl, LEVEL_LABELS[lvl]) for lvl in LEVELS]
FORM_CHOICES = list(FORMS.items())


class AdoptionRecord(models.Model):
    """One adoption (or forwarding) of an item at one level. An item may have many."""

    item = models.ForeignKey("info_reporting.InfoReportPage", verbose_name="信息", on_delete=models.CASCADE, related_name="adoptions")
    level = models.ForeignKey(AdoptionLevel, verbose_name="采用级别", on_delete=models.PROTECT, related_name="records")
    date = models.DateField("采用日期")
    form = models.CharField("采用形式", max_length=10, choices=FORM_CHOICES, default="full")
    edited_title = models.CharField("编辑后标题", max_length=255, blank=True)
    issue = models.ForeignKey(
        "info_reporting.PeriodicalIssue", verbose_name="刊期", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="adoption_records",
    )
    via_office = models.BooleanField("经本级转报", default=False, help_text="上级采用的信息是否经本办转报（转报倍数用）")
    note = models.CharField("备注", max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)

    class Meta:
        verbose_name = "采用记录"
        verbose_name_plural = "采用记录"
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.item.title}：{self.level.name}（{self.date:%Y-%m-%d}）"


class InstructionRecord(models.Model):
    """A leader's 批示 on an item, recorded by the editor (the leader is not a system user)."""

    item = models.ForeignKey("info_reporting.InfoReportPage", verbose_name="信息", on_delete=models.CASCADE, related_name="instructions")
    leader = models.CharField("批示领导", max_length=60)
    leader_level = models.CharField("领导级别", max_length=10, choices=LEADER_LEVEL_CHOICES)
    date = models.DateField("批示日期")
    text = models.TextField("批示内容", blank=True)
    on_level = models.ForeignKey(
        AdoptionLevel, verbose_name="批示所在刊物", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text="批示写在哪一采用级别（刊物）上；部分规则按刊物给批示加分",
    )
    feedback_due = models.DateField("反馈期限", null=True, blank=True, help_text="指示性批示须由单位按期反馈落实情况")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)

    class Meta:
        verbose_name = "领导批示"
        verbose_name_plural = "领导批示"
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.get_leader_level_display()}领导{self.leader}批示（{self.date:%Y-%m-%d}）"


class PenaltyRecord(models.Model):
    """A deduction (约稿/批示反馈未按时报送, 紧急信息迟报 …) for a unit, optionally tied to an item."""

    unit = models.ForeignKey("cms_pages.OrganisationUnit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(
        "info_reporting.InfoReportPage", verbose_name="相关信息", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="penalties",
    )
    kind = models.CharField("扣分事项", max_length=40, choices=list(PENALTY_KINDS.items()))
    date = models.DateField("发生日期")
    note = models.CharField("说明", max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    panels = [FieldPanel("unit"), FieldPanel("kind"), FieldPanel("date"), FieldPanel("note")]

    class Meta:
        verbose_name = "扣分记录"
        verbose_name_plural = "扣分记录"
        ordering = ["-date", "pk"]

    def __str__(self):
        return f"{self.unit}：{self.get_kind_display()}（{self.date:%Y-%m-%d}）"


class ItemEvent(models.Model):
    """History of an item as its unit sees it: every state change with actor, time and comment."""

    ACTIONS = [
        ("send_signoff", "送审签"),
        ("signoff", "审签通过"),
        ("refuse_signoff", "审签退回"),
        ("submit", "报送"),
        ("resubmit", "修改后重新报送"),
        ("return", "退回修改"),
        ("adopt", "采用"),
        ("add_adoption", "追加采用"),
        ("forward", "上报上级"),
        ("instruction", "记录批示"),
        ("not_adopt", "不予采用"),
        ("withdraw", "撤回"),
        ("issue", "编入刊物"),
    ]

    item = models.ForeignKey("info_reporting.InfoReportPage", verbose_name="信息", on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=20, choices=ACTIONS)
    from_status = models.CharField("原状态", max_length=20, blank=True)
    to_status = models.CharField("新状态", max_length=20, blank=True)
    comment = models.TextField("意见", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "处理记录"
        verbose_name_plural = "处理记录"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def to_status_display(self):
        from .pages import STATUS_CHOICES

        return dict(STATUS_CHOICES).get(self.to_status, self.to_status)
