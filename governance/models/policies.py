"""Placeful workflow policies: which workflow governs which section and page type."""
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel

from .checks import governed_content_types

#: Sections whose content needs 保密审查 (disclosure.md §5): disclosure items,
#: policies and notices. Identified by the model of the section page.
SECRECY_SECTION_MODELS = ("disclosure.DisclosureIndexPage", "policies.PolicyLibraryPage", "notices.NoticeIndexPage")


class WorkflowPolicy(ClusterableModel):
    """Assigns a workflow to governed content by section (栏目) and page type.

    The most specific active policy wins: a deeper section beats a shallower one, a
    policy naming page types beats one for all types, then the higher priority.
    A policy without a section applies site-wide.
    """

    name = models.CharField("名称", max_length=100)
    section = models.ForeignKey(
        "wagtailcore.Page", verbose_name="适用栏目", null=True, blank=True, on_delete=models.CASCADE,
        related_name="+", help_text="本栏目及其下级的内容适用此策略；留空表示全站",
    )
    page_types = ParentalManyToManyField(
        ContentType, verbose_name="适用信息类型", blank=True, related_name="+",
        limit_choices_to=governed_content_types, help_text="留空表示所有政府信息类型",
    )
    workflow = models.ForeignKey(
        "wagtailcore.Workflow", verbose_name="审核流程", on_delete=models.PROTECT, related_name="+",
    )
    priority = models.IntegerField("优先级", default=0, help_text="同样具体的策略中，数值大者优先")
    active = models.BooleanField("启用", default=True)
    note = models.TextField("说明", blank=True)

    panels = [
        FieldPanel("name"), FieldPanel("section"), FieldPanel("page_types", widget=forms.CheckboxSelectMultiple),
        FieldPanel("workflow"), FieldPanel("priority"), FieldPanel("active"), FieldPanel("note"),
    ]

    class Meta:
        verbose_name = "审核策略"
        verbose_name_plural = "审核策略"
        ordering = ["-active", "name"]

    def __str__(self):
        return self.name

    def scope_label(self):
        where = self.section.title if self.section_id else "全站"
        kinds = "、".join(ct.name for ct in self.page_types.all()) or "所有政府信息类型"
        return f"{where} · {kinds}"

    scope_label.short_description = "适用范围"

    def clean(self):
        from governance.services.policies import workflow_problems

        if self.workflow_id:
            problems = workflow_problems(self.workflow, needs_secrecy=self.needs_secrecy_review())
            if problems:
                raise ValidationError({"workflow": "；".join(problems)})

    def needs_secrecy_review(self):
        """True when content covered by this policy may need 保密审查 (any disclosure,
        policy or notice section lies inside its scope)."""
        from governance.services.policies import secrecy_sections

        sections = secrecy_sections()
        if not self.section_id:
            return True
        for s in sections:
            if s.path.startswith(self.section.path) or self.section.path.startswith(s.path):
                return True
        return False
