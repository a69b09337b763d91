"""The governance audit log (审核日志): append-only, kept at least six months.

Every review event is written here with plain snapshots (user name, page title,
URL), so the record survives deleted pages and users. Rows cannot be changed;
they can only be purged by ``purge_audit_log``, which refuses anything younger
than the retention period (``GOVERNANCE_AUDIT_RETENTION_DAYS``, never below 183).
"""
from django.conf import settings
from django.db import models

MIN_RETENTION_DAYS = 183


def retention_days():
    return max(MIN_RETENTION_DAYS, int(getattr(settings, "GOVERNANCE_AUDIT_RETENTION_DAYS", 3 * 365)))


ACTION_LABELS = {
    "edit": "保存修改",
    "submit": "提交审核",
    "resubmit": "重新提交",
    "checks": "自动检查",
    "approve": "审核通过",
    "reject": "退回修改",
    "secrecy.approve": "保密审查通过",
    "secrecy.reject": "保密审查退回",
    "review.restart": "重新审核",
    "workflow.approved": "审核完成",
    "workflow.cancel": "撤销审核",
    "publish": "发布",
    "publish.scheduled": "定时发布",
    "schedule": "安排定时发布",
    "publish.blocked": "拦截直接发布",
    "unpublish": "下线",
    "expire": "到期下线",
    "request.unpublish": "申请撤回",
    "notice_revoked": "撤回内部通知",
    "request.delete": "申请删除",
    "request.approve": "同意申请",
    "request.reject": "驳回申请",
    "request.cancel": "撤销申请",
    "withdraw": "撤回",
    "delete": "删除",
    "rule": "内容规则",
    "remind": "催办",
    "pii.mask": "遮盖个人信息",
    "pii.basis": "个人信息公开依据",
}


class AuditEventQuerySet(models.QuerySet):
    def for_page(self, page_id):
        return self.filter(page_id=page_id)

    def delete(self):  # bulk deletes go through purge() only
        raise PermissionError("审核日志不可删除；过期记录请用 purge_audit_log 命令清理")

    def _raw_delete_expired(self, before):
        return super(AuditEventQuerySet, self.filter(created_at__lt=before)).delete()


class AuditEvent(models.Model):
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    action = models.CharField("操作", max_length=40, db_index=True)
    page_id = models.BigIntegerField("页面ID", null=True, blank=True, db_index=True)
    page_title = models.CharField("标题", max_length=255, blank=True)
    page_type = models.CharField("信息类型", max_length=100, blank=True)
    page_url = models.CharField("地址", max_length=500, blank=True)
    revision_id = models.BigIntegerField("版本ID", null=True, blank=True)
    step = models.CharField("环节", max_length=100, blank=True)
    comment = models.TextField("意见", blank=True)
    data = models.JSONField("详情", default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审核日志"
        verbose_name_plural = "审核日志"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name or '系统'} {self.action_label}"

    @property
    def action_label(self):
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def actor_label(self):
        return self.actor_name or "系统"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise PermissionError("审核日志一经写入不可修改")
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审核日志不可删除；过期记录请用 purge_audit_log 命令清理")
