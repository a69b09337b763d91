"""Unpublish (撤回) and delete requests for governed content, and the notices that
keep a withdrawn item's URL answering."""
from django.conf import settings
from django.db import models


class ChangeRequest(models.Model):
    """A request to take governed content offline; decided by a reviewer (four-eyes)."""

    KIND_UNPUBLISH, KIND_DELETE = "unpublish", "delete"
    KIND_CHOICES = [(KIND_UNPUBLISH, "撤回（下线）"), (KIND_DELETE, "删除")]
    PENDING, APPROVED, REJECTED, CANCELLED = "pending", "approved", "rejected", "cancelled"
    STATUS_CHOICES = [(PENDING, "待审核"), (APPROVED, "已同意"), (REJECTED, "已驳回"), (CANCELLED, "已撤销")]

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name="页面", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    page_title = models.CharField("标题", max_length=255)
    page_url = models.CharField("地址", max_length=500, blank=True)
    kind = models.CharField("申请类型", max_length=10, choices=KIND_CHOICES)
    reason = models.TextField("理由")
    public_notice = models.CharField(
        "公开说明", max_length=300, blank=True,
        help_text="撤回后原地址显示的说明，如“该信息已撤回”；留空使用默认说明",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", null=True, on_delete=models.SET_NULL, related_name="+",
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    due_date = models.DateField("办理期限", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=STATUS_CHOICES, default=PENDING, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decision_comment = models.TextField("审核意见", blank=True)

    class Meta:
        verbose_name = "撤回/删除申请"
        verbose_name_plural = "撤回/删除申请"
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["page"], condition=models.Q(status="pending"), name="one_pending_change_request_per_page"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.page_title}"


class WithdrawnNotice(models.Model):
    """Keeps the URL of withdrawn, expired or deleted content answering with a notice."""

    WITHDRAWN, EXPIRED, DELETED = "withdrawn", "expired", "deleted"
    KIND_CHOICES = [(WITHDRAWN, "已撤回"), (EXPIRED, "已到期"), (DELETED, "已删除")]

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name="页面", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    path = models.CharField("原地址", max_length=500, db_index=True, help_text="站内路径，如 /zcwjk/abc/")
    title = models.CharField("标题", max_length=255)
    kind = models.CharField("类型", max_length=10, choices=KIND_CHOICES)
    notice = models.CharField("说明", max_length=300, blank=True)
    withdrawn_at = models.DateTimeField("时间", auto_now_add=True)
    request = models.ForeignKey(ChangeRequest, verbose_name="申请", null=True, blank=True, on_delete=models.SET_NULL)
    active = models.BooleanField("有效", default=True, db_index=True)

    class Meta:
        verbose_name = "下线说明"
        verbose_name_plural = "下线说明"
        ordering = ["-withdrawn_at"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.title}"

    def notice_text(self):
        if self.notice:
            return self.notice
        return {
            self.WITHDRAWN: "该信息已撤回，不再公开。",
            self.EXPIRED: "该信息已过有效期，不再公开。",
            self.DELETED: "该信息已删除，不再公开。",
        }[self.kind]
