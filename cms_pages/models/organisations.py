from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class OrganisationUnit(index.Indexed, models.Model):
    """An organisational unit (发布机构 / 发文机关 / 报送单位) in a hierarchy."""

    name = models.CharField("机构全称", max_length=120, unique=True)
    short_name = models.CharField("简称", max_length=60, blank=True)
    code = models.CharField(
        "机构代码",
        max_length=18,
        blank=True,
        help_text="9 位组织机构代码或 18 位统一社会信用代码，用于生成索引号",
    )
    parent = models.ForeignKey(
        "self", verbose_name="上级机构", null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    panels = [
        FieldPanel("name"), FieldPanel("short_name"), FieldPanel("code"),
        FieldPanel("parent"), FieldPanel("sort_order"), FieldPanel("is_active"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.code and len(self.code) not in (9, 18):
            raise ValidationError({"code": "机构代码应为 9 位组织机构代码或 18 位统一社会信用代码"})
        ancestor, seen = self.parent, set()
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None or ancestor.pk in seen:
                raise ValidationError({"parent": "上级机构不能是本机构或其下级机构（形成循环）"})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def ancestors_and_self(self):
        node, chain = self, []
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def descendant_ids(self):
        """Ids of this unit and every unit below it (for per-unit sharing of rights)."""
        ids, frontier = {self.pk}, [self.pk]
        while frontier:
            frontier = list(
                OrganisationUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            )
            frontier = [pk for pk in frontier if pk not in ids]
            ids.update(frontier)
        return ids


class StaffProfile(models.Model):
    """Which organisational unit a staff user belongs to (drives per-unit sharing of rights)."""

    user = models.OneToOneField("auth.User", verbose_name="用户", on_delete=models.CASCADE, related_name="staff_profile")
    unit = models.ForeignKey(OrganisationUnit, verbose_name="所属单位", on_delete=models.PROTECT, related_name="staff")
    phone = models.CharField("联系电话", max_length=30, blank=True)

    panels = [FieldPanel("user"), FieldPanel("unit"), FieldPanel("phone")]

    class Meta:
        verbose_name = "人员所属单位"
        verbose_name_plural = "人员所属单位"

    def __str__(self):
        return f"{self.user.get_username()} @ {self.unit}"
