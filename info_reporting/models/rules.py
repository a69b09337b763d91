"""Scoring rules per year, editable in the admin, mirroring the plain ``rule_sets.RuleSet``.

The admin edits a ``ScoringRuleSet`` (one per calendar year) with inline rows: points per
adoption level (with 简讯/图片/综合 form values and a same-level 批示 bonus), per item kind
overrides, quota classes and the class of each unit. ``to_rule_set()`` turns it into the plain,
validated ``RuleSet`` the scoring engine uses; saving refuses anything the plain validation
refuses (negative values, missing 批示 levels, missing forwarding levels …) plus active adoption
levels the year does not price. Scores are never stored: rankings are computed from the records
(``info_reporting.ledger``).
"""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.models import Orderable

from info_reporting.rule_sets import (
    COMBINATIONS,
    INSTRUCTION_COMBINATIONS,
    ITEM_KINDS,
    LEVEL_LABELS,
    LEVEL_ORDER,
    LEVELS,
    QUOTA_PERIODS,
    Points,
    Publication,
    QuotaRule,
    RuleSet,
    RuleSetError,
)

from .levels import DEFAULT_LEVEL_NAMES, AdoptionLevel, forwarding_code

POINTS = dict(max_digits=8, decimal_places=2)
OFFICE_LEVEL_CHOICES = [(lvl, LEVEL_LABELS[lvl]) for lvl in ("county", "city", "province")]
PENALTY_FIELDS = {
    "commission_missed": "penalty_commission_missed",
    "instruction_feedback_missed": "penalty_instruction_feedback_missed",
    "emergency_late": "penalty_emergency_late",
}
INSTRUCTION_FIELDS = {lvl: f"instruction_{lvl}" for lvl in LEVELS}
MULTIPLIER_FIELDS = {"province": "multiplier_province", "national": "multiplier_national"}


class ScoringRuleSetForm(WagtailAdminModelForm):
    """Validates the whole rule set (fields and inline rows together) through the plain module,
    so the admin sees every problem in Chinese before anything is saved."""

    def is_valid(self):
        valid = super().is_valid()
        if not valid:
            return False

        def rows(name):
            formset = self.formsets.get(name)
            if formset is None:
                return []
            return [
                f.instance for f in formset.forms
                if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE")
            ]

        try:
            build_plain_rule_set(
                self.instance, rows("level_points"), rows("kind_points"),
                rows("quota_classes"), rows("unit_classes"), check_active_levels=True,
            )
        except RuleSetError as exc:
            for problem in exc.problems:
                self.add_error(None, problem)
            return False
        return True


class ScoringRuleSet(ClusterableModel):
    year = models.PositiveSmallIntegerField("年度", unique=True)
    name = models.CharField("名称", max_length=120)
    office_level = models.CharField("本级办公室级别", max_length=10, choices=OFFICE_LEVEL_CHOICES, default="city")
    combination = models.CharField(
        "多家刊物采用", max_length=12, choices=list(COMBINATIONS.items()), default="cumulative"
    )
    instruction_combination = models.CharField(
        "批示计分方式", max_length=16, choices=list(INSTRUCTION_COMBINATIONS.items()), default="once_per_level"
    )
    instruction_county = models.DecimalField("县级领导批示加分", null=True, blank=True, **POINTS)
    instruction_city = models.DecimalField("市级领导批示加分", null=True, blank=True, **POINTS)
    instruction_province = models.DecimalField("省级领导批示加分", null=True, blank=True, **POINTS)
    instruction_national = models.DecimalField("国家级领导批示加分", null=True, blank=True, **POINTS)
    multiplier_province = models.DecimalField(
        "经本级转报被省级采用倍数", null=True, blank=True, max_digits=5, decimal_places=2,
        help_text="衢州式加倍计分；留空即 ×1",
    )
    multiplier_national = models.DecimalField(
        "经本级转报被国家级采用倍数", null=True, blank=True, max_digits=5, decimal_places=2,
        help_text="留空即 ×1",
    )
    credit_direct_to_parent = models.BooleanField("直报点得分计入上级单位", default=False)
    quota_period = models.CharField("定额周期", max_length=10, choices=list(QUOTA_PERIODS.items()), default="month")
    quota_base_points = models.DecimalField("完成定额基础分", default=Decimal(0), **POINTS)
    quota_extra_item_points = models.DecimalField("超出定额每条加分", default=Decimal(0), **POINTS)
    quota_miss_deduction = models.DecimalField("未完成定额扣分", default=Decimal(0), **POINTS)
    quota_annual_cap = models.DecimalField("定额基础分年度上限", null=True, blank=True, **POINTS)
    penalty_commission_missed = models.DecimalField(
        "约稿未报送或迟报扣分", null=True, blank=True, help_text="留空即不设此扣分项", **POINTS
    )
    penalty_instruction_feedback_missed = models.DecimalField(
        "批示反馈未报送或迟报扣分", null=True, blank=True, **POINTS
    )
    penalty_emergency_late = models.DecimalField("紧急信息迟报、漏报扣分", null=True, blank=True, **POINTS)
    zero_year_after_missed_commissions = models.PositiveSmallIntegerField(
        "未完成约稿达到次数即全年清零", null=True, blank=True, help_text="留空即不启用"
    )
    source = models.CharField("依据", max_length=200, blank=True)
    notes = models.TextField("说明", blank=True)

    base_form_class = ScoringRuleSetForm

    edit_handler = TabbedInterface([
        ObjectList([
            FieldPanel("year"), FieldPanel("name"), FieldPanel("office_level"), FieldPanel("source"),
            FieldPanel("notes"),
            InlinePanel("level_points", heading="各采用级别分值", label="采用级别分值"),
            InlinePanel("kind_points", heading="按信息类型计分", label="类型分值"),
        ], heading="采用计分"),
        ObjectList([
            FieldRowPanel([FieldPanel("instruction_county"), FieldPanel("instruction_city"),
                           FieldPanel("instruction_province"), FieldPanel("instruction_national")],
                          heading="批示加分（按领导级别，不加分填 0）"),
            FieldPanel("instruction_combination"), FieldPanel("combination"),
            FieldRowPanel([FieldPanel("multiplier_province"), FieldPanel("multiplier_national")]),
            FieldPanel("credit_direct_to_parent"),
        ], heading="批示与组合规则"),
        ObjectList([
            MultiFieldPanel([
                FieldPanel("quota_period"), FieldPanel("quota_base_points"), FieldPanel("quota_extra_item_points"),
                FieldPanel("quota_miss_deduction"), FieldPanel("quota_annual_cap"),
            ], heading="报送定额"),
            InlinePanel("quota_classes", heading="各类单位定额", label="单位类别"),
            InlinePanel("unit_classes", heading="本年度单位类别", label="单位"),
        ], heading="定额"),
        ObjectList([
            FieldPanel("penalty_commission_missed"), FieldPanel("penalty_instruction_feedback_missed"),
            FieldPanel("penalty_emergency_late"), FieldPanel("zero_year_after_missed_commissions"),
        ], heading="扣分"),
    ])

    class Meta:
        verbose_name = "计分规则"
        verbose_name_plural = "计分规则"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年度：{self.name}"

    def clean(self):
        super().clean()
        # Fields alone (rows are checked together with the fields in ScoringRuleSetForm and in save()).
        if self.year is not None and not (1990 <= self.year <= 2100):
            raise ValidationError({"year": "年度应为四位年份"})

    def to_rule_set(self):
        """The plain, validated ``RuleSet`` (raises ``RuleSetError`` with Chinese problems)."""
        return build_plain_rule_set(
            self, list(self.level_points.all()), list(self.kind_points.all()),
            list(self.quota_classes.all()), list(self.unit_classes.all()),
        )

    def unit_class_map(self):
        """{unit name: class} for quota assessment."""
        return {row.unit.name: row.unit_class for row in self.unit_classes.all() if row.unit_id and row.unit_class}

    def direct_point_parents(self):
        """{直报点 name: parent unit name} for crediting (only when the rule set says so)."""
        if not self.credit_direct_to_parent:
            return {}
        return {
            row.unit.name: row.unit.parent.name
            for row in self.unit_classes.select_related("unit__parent") if row.direct_point and row.unit.parent_id
        }

    @classmethod
    @transaction.atomic
    def from_plain(cls, plain, names=None, periodical_codes=(), unit_classes=None, direct_points=()):
        """Create the admin-editable rule set (and any missing adoption levels) from a plain
        ``RuleSet`` — e.g. ``rule_sets.huzhou_2018()`` — so real local tables load exactly."""
        if cls.objects.filter(year=plain.year).exists():
            raise RuleSetError(f"{plain.year}年度已有计分规则集，每个年度只能有一套")
        names = names or {}
        rs = cls(
            year=plain.year, name=plain.name, office_level=plain.office_level,
            combination=plain.combination, instruction_combination=plain.instruction_combination,
            credit_direct_to_parent=plain.credit_direct_to_parent,
            zero_year_after_missed_commissions=plain.zero_year_after_missed_commissions,
            source=plain.source[:200], notes="\n".join(plain.notes),
        )
        for lvl, field in INSTRUCTION_FIELDS.items():
            setattr(rs, field, plain.instruction_points.get(lvl))
        for lvl, field in MULTIPLIER_FIELDS.items():
            if lvl in plain.forwarding_multipliers:
                setattr(rs, field, plain.forwarding_multipliers[lvl])
        for kind, field in PENALTY_FIELDS.items():
            if kind in plain.penalties:
                setattr(rs, field, plain.penalties[kind])
        if plain.quota is not None:
            q = plain.quota
            rs.quota_period = q.period
            rs.quota_base_points = q.base_points
            rs.quota_extra_item_points = q.extra_item_points
            rs.quota_miss_deduction = q.miss_deduction
            rs.quota_annual_cap = q.annual_cap
        rs.save()
        order = AdoptionLevel.objects.count()

        def level_for(code, name, category, scope, kind):
            nonlocal order
            level, created = AdoptionLevel.objects.get_or_create(
                code=code,
                defaults=dict(name=names.get(code) or DEFAULT_LEVEL_NAMES.get(code) or name, category=category,
                              scope=scope, kind=kind, is_periodical=code in periodical_codes, sort_order=order),
            )
            order += 1
            if not created and (level.category != category or level.scope != scope):
                raise RuleSetError(
                    f"采用级别代码“{code}”已用于“{level.name}”（{level.get_category_display()}，"
                    f"{level.get_scope_display()}），与规则集中的定义不一致"
                )
            return level

        def add_points(level, points, instruction_points=None):
            row = RuleSetLevelPoints(
                rule_set=rs, level=level, points=points.base, instruction_points=instruction_points,
                brief_points=points.by_form.get("brief"), photo_points=points.by_form.get("photo"),
                merged_points=points.by_form.get("merged"),
            )
            row.save()
            for kind, value in points.by_kind.items():
                RuleSetKindPoints.objects.create(rule_set=rs, level=level, item_kind=kind, points=value)

        for pub in plain.publications:
            level = level_for(pub.code, pub.name, AdoptionLevel.ADOPTION, pub.level, pub.kind)
            add_points(level, pub.points, pub.instruction_points)
        for lvl, points in plain.forwarding_points.items():
            level = level_for(forwarding_code(lvl), f"报送{LEVEL_LABELS[lvl]}", AdoptionLevel.FORWARDING, lvl, "regular")
            add_points(level, points)
        if plain.quota is not None:
            for cls_name, per in plain.quota.per_class.items():
                RuleSetQuotaClass.objects.create(
                    rule_set=rs, unit_class=cls_name, per_period=per,
                    yearly_items=plain.quota.yearly_items.get(cls_name),
                    target_points=plain.quota.target_points.get(cls_name),
                )
        for unit, cls_name in (unit_classes or {}).items():
            RuleSetUnitClass.objects.create(rule_set=rs, unit=unit, unit_class=cls_name or "")
        for unit in direct_points or ():
            row = RuleSetUnitClass.objects.filter(rule_set=rs, unit=unit).first()
            if row is None:
                RuleSetUnitClass.objects.create(rule_set=rs, unit=unit, direct_point=True)
            else:
                row.direct_point = True
                row.save()
        rs.to_rule_set()  # must round-trip
        return rs

    @transaction.atomic
    def copy_to_year(self, year, name=None):
        """Copy this set to another year (administrators copy last year's set and edit it)."""
        if ScoringRuleSet.objects.filter(year=year).exists():
            raise RuleSetError(f"{year}年度已有计分规则集，每个年度只能有一套")
        rows = (list(self.level_points.all()), list(self.kind_points.all()),
                list(self.quota_classes.all()), list(self.unit_classes.all()))
        new = ScoringRuleSet.objects.get(pk=self.pk)
        new.pk = None
        new.id = None
        new.year = year
        new.name = name or self.name
        new.save()
        for group in rows:
            for row in group:
                row.pk = None
                row.id = None
                row.rule_set = new
                row.save()
        return new


def _dec(value):
    return None if value is None else Decimal(value)


def build_plain_rule_set(rs, level_rows, kind_rows, quota_rows, unit_rows, check_active_levels=False):
    """Build the plain ``RuleSet`` from a (possibly unsaved) ``ScoringRuleSet`` and its rows.

    Raises ``RuleSetError`` listing every problem (Chinese): the plain validation's plus
    duplicate rows and unknown unit classes, and — when the admin saves a set
    (``check_active_levels``) — active adoption levels the set does not price."""
    problems = []
    active_levels = list(AdoptionLevel.objects.filter(is_active=True))
    seen = {}
    for row in level_rows:
        if row.level_id is None:
            problems.append("有一行采用级别分值未选择采用级别")
            continue
        if row.level_id in seen:
            problems.append(f"采用级别“{row.level.name}”的分值重复配置，每个级别只能配置一行")
        seen[row.level_id] = row
    for level in active_levels if check_active_levels else ():
        if level.pk not in seen:
            problems.append(f"缺少采用级别“{level.name}”的分值（该级别不计分请填 0，停用的级别可不填）")

    by_kind = {}
    for row in kind_rows:
        if row.level_id is None:
            problems.append("有一行按类型计分未选择采用级别")
            continue
        if row.level_id not in seen:
            problems.append(f"按类型计分引用了采用级别“{row.level.name}”，但该级别没有分值行")
            continue
        if row.points is None:
            problems.append(f"采用级别“{row.level.name}”按{row.item_kind}类计分缺少分值")
            continue
        by_kind.setdefault(row.level_id, {})[row.item_kind] = row.points

    publications, forwarding = [], {}
    office = rs.office_level
    for level_id, row in seen.items():
        level = row.level
        by_form = {k: v for k, v in (("brief", row.brief_points), ("photo", row.photo_points),
                                     ("merged", row.merged_points)) if v is not None}
        points = Points(_dec(row.points), dict(by_kind.get(level_id, {})), by_form)
        if level.category == AdoptionLevel.FORWARDING:
            if level.scope in forwarding:
                problems.append(f"报送至{level.get_scope_display()}的分值重复配置，同一级别只能有一个上报/转报级别")
            forwarding[level.scope] = points
        else:
            publications.append(Publication(
                level.code, level.name, level.scope, level.kind, points, _dec(row.instruction_points)
            ))
    # Levels above the office that no forwarding level exists for can never be recorded: 0 points.
    if office in LEVEL_ORDER:
        forwarding_scopes = (
            {lvl.scope for lvl in active_levels if lvl.category == AdoptionLevel.FORWARDING}
            if check_active_levels else set()
        )
        for lvl in LEVELS:
            if LEVEL_ORDER[lvl] > LEVEL_ORDER[office] and lvl not in forwarding and lvl not in forwarding_scopes:
                forwarding[lvl] = Points(0)

    quota = None
    if quota_rows:
        per_class, yearly, target = {}, {}, {}
        for row in quota_rows:
            if row.per_period is None:
                problems.append(f"单位类别“{row.unit_class}”缺少报送定额条数")
                continue
            if row.unit_class in per_class:
                problems.append(f"单位类别“{row.unit_class}”重复配置")
            per_class[row.unit_class] = row.per_period
            if row.yearly_items is not None:
                yearly[row.unit_class] = row.yearly_items
            if row.target_points is not None:
                target[row.unit_class] = row.target_points
        quota = QuotaRule(
            per_class=per_class, period=rs.quota_period, base_points=rs.quota_base_points,
            extra_item_points=rs.quota_extra_item_points, miss_deduction=rs.quota_miss_deduction,
            annual_cap=rs.quota_annual_cap, yearly_items=yearly, target_points=target,
        )
        classes = set(per_class)
        units_seen = set()
        for row in unit_rows:
            if row.unit_id in units_seen:
                problems.append(f"单位“{row.unit}”的类别重复配置")
            units_seen.add(row.unit_id)
            if row.unit_class and row.unit_class not in classes:
                problems.append(
                    f"单位“{row.unit}”的类别“{row.unit_class}”不在定额表中（可选：{'、'.join(per_class) or '无'}）"
                )
    elif any(row.unit_class for row in unit_rows):
        problems.append("已为单位指定类别，但没有填写各类单位的报送定额")

    penalties = {kind: getattr(rs, field) for kind, field in PENALTY_FIELDS.items() if getattr(rs, field) is not None}
    multipliers = {lvl: getattr(rs, field) for lvl, field in MULTIPLIER_FIELDS.items() if getattr(rs, field) is not None}
    try:
        plain = RuleSet(
            year=rs.year, name=rs.name, office_level=office, publications=publications,
            instruction_points={lvl: getattr(rs, field) for lvl, field in INSTRUCTION_FIELDS.items()},
            forwarding_points=forwarding, combination=rs.combination,
            instruction_combination=rs.instruction_combination, forwarding_multipliers=multipliers,
            credit_direct_to_parent=rs.credit_direct_to_parent, quota=quota, penalties=penalties,
            zero_year_after_missed_commissions=rs.zero_year_after_missed_commissions,
            source=rs.source, notes=tuple(n for n in (rs.notes or "").splitlines() if n.strip()),
        )
    except RuleSetError as exc:
        problems.extend(p for p in exc.problems if p not in problems)
        plain = None
    except (TypeError, ValueError) as exc:  # e.g. a None that the plain module could not compare
        problems.append(f"规则集数据有误：{exc}")
        plain = None
    if problems:
        raise RuleSetError(f"{rs.year}年度计分规则集有误：" + "；".join(problems), problems)
    return plain


class RuleSetLevelPoints(Orderable):
    rule_set = ParentalKey(ScoringRuleSet, on_delete=models.CASCADE, related_name="level_points")
    level = models.ForeignKey(AdoptionLevel, verbose_name="采用级别", on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField("分值", null=True, blank=True, **POINTS)
    brief_points = models.DecimalField("简讯形式分值", null=True, blank=True, help_text="留空按分值计", **POINTS)
    photo_points = models.DecimalField("图片形式分值", null=True, blank=True, **POINTS)
    merged_points = models.DecimalField("综合采用分值", null=True, blank=True, **POINTS)
    instruction_points = models.DecimalField(
        "本刊物同级领导批示加分", null=True, blank=True,
        help_text="如“《昨日情况》市领导批示 +5”；留空按领导级别加分", **POINTS,
    )

    panels = [
        FieldPanel("level"),
        FieldRowPanel([FieldPanel("points"), FieldPanel("brief_points"), FieldPanel("photo_points"),
                       FieldPanel("merged_points")]),
        FieldPanel("instruction_points"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "采用级别分值"
        verbose_name_plural = "采用级别分值"


class RuleSetKindPoints(Orderable):
    rule_set = ParentalKey(ScoringRuleSet, on_delete=models.CASCADE, related_name="kind_points")
    level = models.ForeignKey(AdoptionLevel, verbose_name="采用级别", on_delete=models.PROTECT, related_name="+")
    item_kind = models.CharField("信息类型", max_length=10, choices=[(k, k) for k in ITEM_KINDS])
    points = models.DecimalField("分值", null=True, blank=True, **POINTS)

    panels = [FieldRowPanel([FieldPanel("level"), FieldPanel("item_kind"), FieldPanel("points")])]

    class Meta(Orderable.Meta):
        verbose_name = "按类型计分"
        verbose_name_plural = "按类型计分"


class RuleSetQuotaClass(Orderable):
    rule_set = ParentalKey(ScoringRuleSet, on_delete=models.CASCADE, related_name="quota_classes")
    unit_class = models.CharField("单位类别", max_length=20)
    per_period = models.PositiveSmallIntegerField("每期定额（条）", null=True, blank=True)
    yearly_items = models.PositiveSmallIntegerField("全年条数", null=True, blank=True)
    target_points = models.DecimalField("质量目标分", null=True, blank=True, **POINTS)

    panels = [FieldRowPanel([FieldPanel("unit_class"), FieldPanel("per_period"), FieldPanel("yearly_items"),
                             FieldPanel("target_points")])]

    class Meta(Orderable.Meta):
        verbose_name = "单位类别定额"
        verbose_name_plural = "单位类别定额"


class RuleSetUnitClass(Orderable):
    rule_set = ParentalKey(ScoringRuleSet, on_delete=models.CASCADE, related_name="unit_classes")
    unit = models.ForeignKey("cms_pages.OrganisationUnit", verbose_name="单位", on_delete=models.CASCADE, related_name="+")
    unit_class = models.CharField("类别", max_length=20, blank=True, help_text="留空即不考核定额")
    direct_point = models.BooleanField(
        "信息直报点", default=False, help_text="规则启用“直报点得分计入上级单位”时，得分计入其上级机构"
    )

    panels = [FieldRowPanel([FieldPanel("unit"), FieldPanel("unit_class"), FieldPanel("direct_point")])]

    class Meta(Orderable.Meta):
        verbose_name = "单位类别"
        verbose_name_plural = "单位类别"
