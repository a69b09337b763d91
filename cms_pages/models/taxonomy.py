from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel


class TopicCategory(models.Model):
    """主题分类: the two-level gov.cn taxonomy, stored as data and editable by administrators."""

    name = models.CharField("名称", max_length=40)
    parent = models.ForeignKey(
        "self", verbose_name="一级分类", null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
        limit_choices_to={"parent__isnull": True},
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    panels = [FieldPanel("parent"), FieldPanel("name"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = "主题分类"
        verbose_name_plural = "主题分类"
        ordering = ["parent__sort_order", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unique_topic_per_parent"),
            models.UniqueConstraint(
                fields=["name"], condition=models.Q(parent__isnull=True), name="unique_top_topic"
            ),
        ]

    def __str__(self):
        return self.path

    @property
    def path(self):
        """The stored form "一级\\二级" (or just "一级" for a top-level class)."""
        return f"{self.parent.name}\\{self.name}" if self.parent_id else self.name

    def clean(self):
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": "主题分类只有两级：请选择一级分类作为上级"})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "上级不能是自身"})

    @classmethod
    def from_path(cls, path):
        """Look up a category from its "一级\\二级" form; returns None when unknown."""
        parts = [p.strip() for p in str(path).replace("/", "\\").split("\\") if p.strip()]
        if len(parts) == 1:
            return cls.objects.filter(parent__isnull=True, name=parts[0]).first()
        if len(parts) == 2:
            return cls.objects.filter(parent__name=parts[0], parent__parent__isnull=True, name=parts[1]).first()
        return None
