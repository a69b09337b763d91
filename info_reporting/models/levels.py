"""Adoption levels (采用级别): the admin-editable list of what can happen to an item.

A level is either an adoption (本级采用, 编入刊物, 上级采用, 国办采用 …: a publication or website
takes the item) or a forwarding (上报上级, 选送国办: the office sends it upward). Its ``code`` is
the publication code the year's scoring rule set prices it under (``rule_sets.Publication.code``);
its ``scope`` is the level of the office that acts (县级/市级/省级/国家级).
"""
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel

from info_reporting.rule_sets import LEVEL_LABELS, LEVELS, PUBLICATION_KINDS

SCOPE_CHOICES = [(lvl, LEVEL_LABELS[lvl]) for lvl in LEVELS]
KIND_CHOICES = list(PUBLICATION_KINDS.items())


class AdoptionLevel(models.Model):
    ADOPTION = "adoption"
    FORWARDING = "forwarding"
    CATEGORY_CHOICES = [(ADOPTION, "采用"), (FORWARDING, "上报/转报")]

    name = models.CharField("名称", max_length=60, unique=True)
    code = models.SlugField(
        "代码", max_length=40, unique=True,
        help_text="计分规则按此代码计分（字母、数字、下划线），启用后请勿修改",
    )
    category = models.CharField("类别", max_length=12, choices=CATEGORY_CHOICES, default=ADOPTION)
    scope = models.CharField("级别", max_length=10, choices=SCOPE_CHOICES, default="city")
    kind = models.CharField("刊物类型", max_length=12, choices=KIND_CHOICES, default="regular")
    is_periodical = models.BooleanField(
        "编入本级刊物", default=False,
        help_text="以此级别采用的信息进入《政务信息》期刊待编排列表",
    )
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    panels = [
        FieldPanel("name"), FieldPanel("code"), FieldPanel("category"), FieldPanel("scope"),
        FieldPanel("kind"), FieldPanel("is_periodical"), FieldPanel("sort_order"), FieldPanel("is_active"),
    ]

    class Meta:
        verbose_name = "采用级别"
        verbose_name_plural = "采用级别"
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_forwarding(self):
        return self.category == self.FORWARDING

    def clean(self):
        if self.category == self.FORWARDING and self.scope == "county":
            raise ValidationError({"scope": "上报/转报只能报送至市级、省级或国家级"})
        if self.category == self.FORWARDING and self.is_periodical:
            raise ValidationError({"is_periodical": "上报/转报类级别不能编入本级刊物"})


#: Names and periodical flags of the levels created on set-up from the recommended default rule
#: set (``rule_sets.recommended_default``); other codes keep the rule set's publication names.
DEFAULT_LEVEL_NAMES = {
    "own_regular": "本级采用",
    "own_special": "编入刊物",
    "own_supplement": "本级增刊/特刊",
    "own_research": "本级调研/建议",
    "own_website": "门户网站采用",
    "forward_province": "上报上级",
    "up_regular": "上级采用",
    "up_special": "上级专报采用",
    "up_research": "上级调研采用",
    "forward_national": "选送国办",
    "national": "国办采用",
}
DEFAULT_PERIODICAL_CODES = {"own_special", "own_supplement", "own_research"}


def forwarding_code(level):
    """Code of the forwarding level for ``level`` (county/city/province/national)."""
    return f"forward_{level}"
