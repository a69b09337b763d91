"""Durable state of the engine side of search.

``PendingIndexUpdate``: an index update (publish, unpublish, move, delete) the engine did not
accept (node down, timeout, rejected bulk item), or one made while ``search_reindex`` was building
a new index. One row per object: replay looks at the object's *current* state in the database
(live and indexable → index it, otherwise → delete it from the index), so the order in which the
failures happened does not matter and nothing is lost.

``IndexRebuild``: one row per ``search_reindex`` run (progress and history); while a run is
unfinished, every index update is also queued so that the new index receives it after the swap.
"""
from django.db import models


class PendingIndexUpdate(models.Model):
    ACTION_INDEX = "index"
    ACTION_DELETE = "delete"
    ACTION_CHOICES = [(ACTION_INDEX, "更新索引"), (ACTION_DELETE, "删除索引")]

    REASON_FAILED = "failed"
    REASON_REBUILD = "rebuild"
    REASON_CHOICES = [(REASON_FAILED, "引擎写入失败"), (REASON_REBUILD, "重建索引期间的更新")]

    model_label = models.CharField("模型", max_length=100)
    object_pk = models.CharField("对象编号", max_length=64)
    action = models.CharField("操作", max_length=10, choices=ACTION_CHOICES)
    reason = models.CharField("原因", max_length=10, choices=REASON_CHOICES, default=REASON_FAILED)
    attempts = models.PositiveIntegerField("重试次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    created_at = models.DateTimeField("首次记录", auto_now_add=True)
    updated_at = models.DateTimeField("最近更新", auto_now=True)

    class Meta:
        verbose_name = "待同步的索引更新"
        verbose_name_plural = "待同步的索引更新"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["model_label", "object_pk"], name="unique_pending_index_update"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.model_label}#{self.object_pk}"


class IndexRebuild(models.Model):
    alias = models.CharField("索引别名", max_length=200)
    new_index = models.CharField("新索引", max_length=200)
    total = models.PositiveIntegerField("总数", default=0)
    done = models.PositiveIntegerField("已完成", default=0)
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    status = models.CharField("状态", max_length=20, default="running")  # running | done | failed
    message = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "索引重建"
        verbose_name_plural = "索引重建"
        ordering = ["-pk"]

    def __str__(self):
        return f"{self.alias} → {self.new_index} ({self.status})"
