"""Content rules (内容规则): on an event, for matching content, perform actions."""
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from .checks import governed_content_types

EVENT_CHOICES = [
    ("submitted", "提交审核"),
    ("approved", "审核通过"),
    ("rejected", "退回修改"),
    ("published", "发布"),
    ("expired", "到期下线"),
    ("withdrawn", "撤回/删除"),
]


class ContentRule(ClusterableModel):
    """E.g. “政策文件发布后，通知办公室并加入‘最新政策’栏目”."""

    name = models.CharField("名称", max_length=100)
    active = models.BooleanField("启用", default=True)
    event = models.CharField("事件", max_length=20, choices=EVENT_CHOICES)
    page_types = ParentalManyToManyField(
        ContentType, verbose_name="信息类型", blank=True, related_name="+",
        limit_choices_to=governed_content_types, help_text="不选表示所有政府信息类型",
    )
    section = models.ForeignKey(
        "wagtailcore.Page", verbose_name="栏目", null=True, blank=True, on_delete=models.CASCADE,
        related_name="+", help_text="只对该栏目下的信息生效；留空表示全站",
    )
    notify_group = models.ForeignKey(
        "auth.Group", verbose_name="通知用户组", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    notify_by_email = models.BooleanField("发送电子邮件", default=True)
    notify_in_admin = models.BooleanField("发送站内通知", default=True)
    add_to_collection = models.ForeignKey(
        "governance.CollectionPage", verbose_name="加入聚合栏目", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    note = models.TextField("说明", blank=True)

    panels = [
        FieldPanel("name"), FieldPanel("active"),
        MultiFieldPanel([FieldPanel("event")], "事件"),
        MultiFieldPanel([FieldPanel("page_types", widget=forms.CheckboxSelectMultiple), FieldPanel("section")], "条件"),
        MultiFieldPanel([FieldPanel("notify_group"), FieldPanel("notify_by_email"), FieldPanel("notify_in_admin"),
                         FieldPanel("add_to_collection")], "动作"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = "内容规则"
        verbose_name_plural = "内容规则"
        ordering = ["event", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if not self.notify_group_id and not self.add_to_collection_id:
            raise ValidationError("请至少设置一个动作：通知用户组，或加入聚合栏目")
        if self.notify_group_id and not (self.notify_by_email or self.notify_in_admin):
            raise ValidationError({"notify_group": "请选择通知方式：电子邮件或站内通知"})

    def matches(self, page):
        from governance.registry import in_scope

        return self.active and in_scope(
            page.path, page.content_type_id, self.section if self.section_id else None,
            {ct.pk for ct in self.page_types.all()},
        )

    def event_label(self):
        return dict(EVENT_CHOICES)[self.event]
