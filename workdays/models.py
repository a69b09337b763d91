"""The working-day calendar tables (calendar.md §3): special days and calendar years.

Ordinary weekdays and weekends are not stored. ``workdays.calendar.load_calendar`` builds a
``workdays.engine.WorkCalendar`` from these rows; any change to them sends
``workdays.signals.calendar_changed`` so open deadlines are recomputed.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel

from workdays import engine


class CalendarYear(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = engine.CONFIRMED, "已确认"
        PROVISIONAL = engine.PROVISIONAL, "暂定"

    year = models.PositiveSmallIntegerField("年度", unique=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PROVISIONAL)
    notice_reference = models.CharField(
        "放假安排通知", max_length=200, blank=True, help_text="如 国办发明电〔2025〕7号；确认年度时填写"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    panels = [FieldPanel("year"), FieldPanel("status"), FieldPanel("notice_reference"), FieldPanel("note")]

    class Meta:
        verbose_name = "日历年度"
        verbose_name_plural = "日历年度"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年（{self.get_status_display()}）"

    def save(self, *args, **kwargs):
        from django.utils import timezone

        if self.status == self.Status.CONFIRMED and not self.confirmed_at:
            self.confirmed_at = timezone.now()
        if self.status == self.Status.PROVISIONAL:
            self.confirmed_at = None
            self.confirmed_by = None
        return super().save(*args, **kwargs)

    def clean(self):
        if not 1990 <= (self.year or 0) <= 2200:
            raise ValidationError({"year": "年度应为4位年份，如 2026"})


class SpecialDay(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = engine.HOLIDAY, "休假"
        MAKEUP_WORKDAY = engine.MAKEUP_WORKDAY, "补班（调休上班）"

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    name = models.CharField("节日名称", max_length=20, blank=True, help_text="如 春节、国庆节")
    year = models.PositiveSmallIntegerField("年度", db_index=True, editable=False)
    source = models.CharField(
        "来源", max_length=120, blank=True,
        help_text="软件包种子数据（如 chinesecalendar 1.11.0）或手工录入时的通知文号",
    )
    note = models.CharField("备注", max_length=200, blank=True)

    panels = [FieldPanel("date"), FieldPanel("kind"), FieldPanel("name"), FieldPanel("source"), FieldPanel("note")]

    PACKAGE_PREFIX = "chinesecalendar"

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date.isoformat()} {self.get_kind_display()} {self.name}".strip()

    @property
    def from_package(self):
        return self.source.startswith(self.PACKAGE_PREFIX)

    def clean(self):
        if self.date and not CalendarYear.objects.filter(year=self.date.year).exists():
            raise ValidationError({"date": f"{self.date.year}年尚未登记为日历年度，请先在“日历年度”中添加该年度"})
        if self.date and self.kind == engine.MAKEUP_WORKDAY and self.date.weekday() < 5:
            raise ValidationError({"kind": "调休上班日应为周六或周日；工作日本来就上班，无需登记"})

    def save(self, *args, **kwargs):
        self.year = self.date.year
        return super().save(*args, **kwargs)
