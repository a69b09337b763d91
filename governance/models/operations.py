"""Scheduler runs and in-admin notifications."""
from django.conf import settings
from django.db import models


class JobRun(models.Model):
    """One run of a scheduled job (kept so the dashboard can show the scheduler is alive)."""

    job = models.CharField("任务", max_length=60, db_index=True)
    started_at = models.DateTimeField("开始时间", db_index=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    ok = models.BooleanField("成功", default=True)
    output = models.TextField("输出", blank=True)

    class Meta:
        verbose_name = "定时任务记录"
        verbose_name_plural = "定时任务记录"
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M}"


class AdminNotification(models.Model):
    """A notification shown to one user in the admin (content rules, reminders)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
                             related_name="governance_notifications")
    message = models.CharField("内容", max_length=500)
    url = models.CharField("链接", max_length=500, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    rule = models.ForeignKey("governance.ContentRule", verbose_name="内容规则", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        ordering = ["-created_at"]

    def __str__(self):
        return self.message


class ColumnSetting(models.Model):
    """How a column (栏目) is monitored for freshness; without one, the kind follows its title."""

    KIND_CHOICES = [
        ("", "按栏目名称自动判断"),
        ("news", "动态/要闻（2周内须更新）"),
        ("standard", "通知公告/政策文件等（6个月内须更新）"),
        ("annual", "人事/规划计划（1年内须更新）"),
        ("exempt", "不监测"),
    ]

    page = models.OneToOneField("wagtailcore.Page", verbose_name="栏目", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("栏目类型", max_length=10, choices=KIND_CHOICES, blank=True)
    max_age_days = models.PositiveIntegerField("最长更新间隔（天）", null=True, blank=True,
                                               help_text="留空按栏目类型的规定期限")
    level_one = models.BooleanField("一级栏目", default=False, help_text="一级通知公告、政策文件栏目计入单项否决统计")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "栏目更新监测设置"
        verbose_name_plural = "栏目更新监测设置"

    def __str__(self):
        return str(self.page)
