"""Periodical issues 《政务信息》YYYY年第N期, compiled from adopted items in the editor's order."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from info_reporting.issues import IssueNumberError, check_number, issue_title, next_number

DEFAULT_PUBLICATION = "政务信息"


class PeriodicalIssue(ClusterableModel):
    STATUS_DRAFT = "draft"
    STATUS_ISSUED = "issued"
    STATUS_CHOICES = [(STATUS_DRAFT, "编排中"), (STATUS_ISSUED, "已签发")]

    publication = models.CharField("刊名", max_length=60, default=DEFAULT_PUBLICATION)
    year = models.PositiveSmallIntegerField("年度")
    number = models.PositiveIntegerField("期号", null=True, blank=True, help_text="留空自动取下一期号；期号不能重复、不能跳号")
    issue_date = models.DateField("出刊日期", null=True, blank=True)
    issuing_office = models.CharField("编印单位", max_length=120, blank=True)
    distribution = models.TextField("分送范围", blank=True)
    status = models.CharField("状态", max_length=10, choices=STATUS_CHOICES, default=STATUS_DRAFT, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签发人", null=True, blank=True, editable=False,
                                  on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField("签发时间", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("publication"), FieldPanel("year"), FieldPanel("number")]),
        FieldRowPanel([FieldPanel("issue_date"), FieldPanel("issuing_office")]),
        FieldPanel("distribution"),
        InlinePanel("entries", heading="本期目录（拖动调整顺序）", label="信息"),
    ]

    class Meta:
        verbose_name = "刊期"
        verbose_name_plural = "刊期"
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "year", "number"], name="info_issue_unique_number"),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self):
        return issue_title(self.publication, self.year, self.number)

    @property
    def is_issued(self):
        return self.status == self.STATUS_ISSUED

    def _numbers_of_year(self):
        qs = PeriodicalIssue.objects.filter(publication=self.publication, year=self.year)
        if self.pk:
            qs = qs.exclude(pk=self.pk)
        return set(qs.exclude(number=None).values_list("number", flat=True))

    def _current_number(self):
        if not self.pk:
            return None
        row = PeriodicalIssue.objects.filter(pk=self.pk).values("number", "publication", "year", "status").first()
        return row

    def clean(self):
        super().clean()
        if not self.year:
            return
        before = self._current_number()
        if before and before["status"] == self.STATUS_ISSUED and (
            before["number"] != self.number or before["year"] != self.year or before["publication"] != self.publication
        ):
            raise ValidationError({"number": "已签发的刊期不能修改刊名、年度或期号"})
        if self.number is None:
            return
        current = None
        if before and before["year"] == self.year and before["publication"] == self.publication:
            current = before["number"]
        try:
            check_number(self._numbers_of_year() | ({current} if current else set()), self.number,
                         publication=self.publication, year=self.year, current=current)
        except IssueNumberError as exc:
            raise ValidationError({"number": str(exc)}) from None

    def save(self, *args, **kwargs):
        if self.number is None and self.year:
            self.number = next_number(self._numbers_of_year())
        return super().save(*args, **kwargs)


class IssueEntry(Orderable):
    issue = ParentalKey(PeriodicalIssue, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey("info_reporting.InfoReportPage", verbose_name="信息", on_delete=models.PROTECT, related_name="issue_entries")
    edited_title = models.CharField("刊用标题", max_length=255, blank=True, help_text="留空使用原标题")

    panels = [FieldPanel("item"), FieldPanel("edited_title")]

    class Meta(Orderable.Meta):
        verbose_name = "刊期目录"
        verbose_name_plural = "刊期目录"

    @property
    def display_title(self):
        return self.edited_title or self.item.title

    def clean(self):
        super().clean()
        from .pages import STATUS_ADOPTED

        if self.item_id and self.item.status != STATUS_ADOPTED:
            raise ValidationError({"item": f"“{self.item.title}”尚未采用（当前状态：{self.item.get_status_display()}），只有已采用的信息才能编入刊物"})
