"""Year-versioned, configurable scoring rule sets for 政务信息报送 (info_reporting.md).

Plain Python, no Django. A ``RuleSet`` belongs to one calendar year; an event
(adoption, 批示, forwarding, penalty, quota period) is scored by the rule set of
the year in which it occurred (§7). ``RuleSetBook`` holds the sets of several
years. Rule sets are validated on construction: missing or negative values are
refused with Chinese reasons (``RuleSetError.problems``).

Points are ``Decimal`` (some tables award 0.5). Penalties are stored as the
positive number of points deducted.

Builders for real local tables (info_reporting.md §5, all [local]):

* ``guangyuan_2008()`` — 广元市 2008 (table A)
* ``lianyungang(year)`` — 连云港市, historical, now 失效 (table B; year unknown)
* ``huzhou_2018()`` — 湖州市 湖政办函〔2018〕9号 (table C)

and the project's recommended default ``recommended_default(year)`` (§7).
Where a table is silent or ambiguous the builder says how it was read in the rule
set's ``notes``.
"""

from __future__ import annotations

import copy
import datetime as _dt
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Mapping

__all__ = [
    "LEVELS",
    "LEVEL_LABELS",
    "PUBLICATION_KINDS",
    "ITEM_KINDS",
    "FORMS",
    "COMBINATIONS",
    "INSTRUCTION_COMBINATIONS",
    "PENALTY_KINDS",
    "QUOTA_PERIODS",
    "Points",
    "Publication",
    "QuotaRule",
    "RuleSet",
    "RuleSetBook",
    "RuleSetError",
    "MissingRuleSet",
    "recommended_default",
    "guangyuan_2008",
    "lianyungang",
    "huzhou_2018",
    "SHENGZHOU_CLASSES",
]

LEVELS = ("county", "city", "province", "national")
LEVEL_LABELS = {"county": "县级", "city": "市级", "province": "省级", "national": "国家级"}
LEVEL_ORDER = {lvl: i for i, lvl in enumerate(LEVELS)}

PUBLICATION_KINDS = {
    "regular": "要情/动态",
    "special": "专报",
    "supplement": "增刊/特刊",
    "research": "调研/建议",
    "website": "门户网站",
    "emergency": "送阅件/紧急信息",
}
ITEM_KINDS = ("动态", "要情", "专报", "调研", "建议", "约稿", "紧急信息")
FORMS = {"full": "全文", "brief": "简讯", "merged": "综合采用", "photo": "图片"}
COMBINATIONS = {"cumulative": "多家刊物采用累加计分", "highest": "多家刊物采用只计最高分"}
INSTRUCTION_COMBINATIONS = {
    "once_per_level": "同一级别领导多次批示只计一次",
    "highest_level": "只计最高一项批示",
    "each": "每条批示均计分",
}
PENALTY_KINDS = {
    "commission_missed": "约稿未报送或迟报",
    "instruction_feedback_missed": "批示反馈未报送或迟报",
    "emergency_late": "紧急信息迟报、漏报、瞒报",
}
QUOTA_PERIODS = {"week": "周", "month": "月", "quarter": "季度"}
SPLITS = {"equal": "联合报送按单位数平分"}


class RuleSetError(ValueError):
    """A rule set is invalid; ``problems`` lists every reason (Chinese)."""

    def __init__(self, message: str, problems: Iterable[str] = ()):
        super().__init__(message)
        self.problems = list(problems) or [message]


class MissingRuleSet(RuleSetError):
    """No rule set exists for the year of an event."""


# --------------------------------------------------------------------------
# value helpers


def _to_decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        d = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        return None
    if not d.is_finite():
        return None
    return d


def _check_points(value: Any, what: str, problems: list[str], *, required: bool = True) -> Decimal | None:
    """Validate one point value (≥ 0); return it as Decimal or None."""
    if value is None:
        if required:
            problems.append(f"{what}缺少分值")
        return None
    d = _to_decimal(value)
    if d is None:
        problems.append(f"{what}的分值“{value}”不是有效数字")
        return None
    if d < 0:
        problems.append(f"{what}的分值不能为负数（当前为{value}）")
        return None
    return d


def _level_name(level: str) -> str:
    return LEVEL_LABELS.get(level, str(level))


# --------------------------------------------------------------------------
# building blocks


@dataclass
class Points:
    """Points for one scoring event, with overrides.

    ``by_form`` (adoption form, e.g. 简讯) is consulted first, then ``by_kind``
    (item kind, e.g. 调研), then ``base``.
    """

    base: Any
    by_kind: dict = field(default_factory=dict)
    by_form: dict = field(default_factory=dict)

    def resolve(self, item_kind: str, form: str | None = None) -> tuple[Decimal, str]:
        """(points, reason) for an item of ``item_kind`` adopted in ``form``."""
        if form and form in self.by_form:
            return Decimal(self.by_form[form]), f"{FORMS.get(form, form)}形式"
        if item_kind in self.by_kind:
            return Decimal(self.by_kind[item_kind]), f"{item_kind}类"
        return Decimal(self.base), ""

    def _validate(self, what: str, problems: list[str]) -> None:
        base = _check_points(self.base, what, problems)
        if base is not None:
            self.base = base
        for key, val in list(self.by_kind.items()):
            if key not in ITEM_KINDS:
                problems.append(f"{what}的条目类型“{key}”无效，应为{'、'.join(ITEM_KINDS)}之一")
                continue
            d = _check_points(val, f"{what}（{key}类）", problems)
            if d is not None:
                self.by_kind[key] = d
        for key, val in list(self.by_form.items()):
            if key not in FORMS:
                problems.append(f"{what}的采用形式“{key}”无效，应为{'、'.join(FORMS)}之一")
                continue
            d = _check_points(val, f"{what}（{FORMS[key]}形式）", problems)
            if d is not None:
                self.by_form[key] = d

    def to_dict(self) -> dict:
        return {
            "base": str(self.base),
            "by_kind": {k: str(v) for k, v in self.by_kind.items()},
            "by_form": {k: str(v) for k, v in self.by_form.items()},
        }

    @classmethod
    def coerce(cls, value: Any) -> "Points":
        if isinstance(value, Points):
            return value
        if isinstance(value, Mapping):
            return cls(value.get("base"), dict(value.get("by_kind") or {}), dict(value.get("by_form") or {}))
        return cls(value)


@dataclass
class Publication:
    """A scoring channel: a periodical (or section of one) or a portal website.

    ``instruction_points``, when set, is the bonus for a 批示 by a leader of this
    publication's own level written on the item as adopted here; it replaces the
    rule set's level bonus (e.g. 连云港: 市领导批示 on 《昨日情况》 +5).
    """

    code: str
    name: str
    level: str | None
    kind: str = "regular"
    points: Any = 0
    instruction_points: Any = None
    note: str = ""

    def __post_init__(self):
        self.points = Points.coerce(self.points)

    def _validate(self, problems: list[str]) -> None:
        label = f"刊物“{self.name or self.code}”"
        if not self.code:
            problems.append(f"{label}缺少代码")
        if not self.name:
            problems.append(f"刊物代码“{self.code}”缺少名称")
        if not self.level:
            problems.append(f"{label}缺少级别（县级、市级、省级、国家级）")
        elif self.level not in LEVELS:
            problems.append(f"{label}的级别“{self.level}”无效，应为县级（county）、市级（city）、省级（province）、国家级（national）之一")
        if self.kind not in PUBLICATION_KINDS:
            problems.append(f"{label}的类型“{self.kind}”无效，应为{'、'.join(PUBLICATION_KINDS)}之一")
        self.points._validate(label, problems)
        if self.instruction_points is not None:
            d = _check_points(self.instruction_points, f"{label}的批示加分", problems)
            if d is not None:
                self.instruction_points = d

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "level": self.level,
            "kind": self.kind,
            "points": self.points.to_dict(),
            "instruction_points": None if self.instruction_points is None else str(self.instruction_points),
            "note": self.note,
        }


@dataclass
class QuotaRule:
    """Minimum number of submitted items per period, by unit class.

    Meeting the quota earns ``base_points`` plus ``extra_item_points`` per item
    above it; missing it earns nothing and deducts ``miss_deduction``. Positive
    quota points are capped at ``annual_cap`` per unit and year (None: no cap).
    ``yearly_items`` / ``target_points`` are informational (嵊州 columns).
    """

    per_class: dict
    period: str = "month"
    base_points: Any = 0
    extra_item_points: Any = 0
    miss_deduction: Any = 0
    annual_cap: Any = None
    yearly_items: dict = field(default_factory=dict)
    target_points: dict = field(default_factory=dict)

    def _validate(self, problems: list[str]) -> None:
        if self.period not in QUOTA_PERIODS:
            problems.append(f"报送定额的周期“{self.period}”无效，应为周（week）、月（month）或季度（quarter）")
        if not self.per_class:
            problems.append("报送定额表为空，请至少为一个单位类别填写定额")
        for cls, n in self.per_class.items():
            if not cls:
                problems.append("报送定额表中有未命名的单位类别")
            if isinstance(n, bool) or not isinstance(n, int):
                problems.append(f"单位类别“{cls}”的报送定额“{n}”应为整数")
            elif n < 0:
                problems.append(f"单位类别“{cls}”的报送定额不能为负数（当前为{n}）")
        for attr, what in (
            ("base_points", "完成定额的基础分"),
            ("extra_item_points", "超出定额每条加分"),
            ("miss_deduction", "未完成定额扣分"),
        ):
            d = _check_points(getattr(self, attr), what, problems)
            if d is not None:
                setattr(self, attr, d)
        if self.annual_cap is not None:
            d = _check_points(self.annual_cap, "定额基础分年度上限", problems)
            if d is not None:
                self.annual_cap = d

    def to_dict(self) -> dict:
        return {
            "per_class": dict(self.per_class),
            "period": self.period,
            "base_points": str(self.base_points),
            "extra_item_points": str(self.extra_item_points),
            "miss_deduction": str(self.miss_deduction),
            "annual_cap": None if self.annual_cap is None else str(self.annual_cap),
            "yearly_items": dict(self.yearly_items),
            "target_points": {k: str(v) for k, v in self.target_points.items()},
        }


@dataclass
class RuleSet:
    """The scoring rules of one office for one calendar year.

    * ``office_level`` — level of the office that scores (the units report to it).
    * ``publications`` — every scoring channel (own periodicals, website, upper
      offices' periodicals), each with a level and points.
    * ``instruction_points`` — 批示 bonus by leader level; all four levels are
      required (0 where the table gives nothing).
    * ``forwarding_points`` — points for being selected and forwarded (转报) to
      each level above the office; every such level is required (0 allowed).
    * ``combination`` — several adoptions of one item: ``cumulative`` or
      ``highest``; ``instruction_combination`` likewise for 批示.
    * ``forwarding_multipliers`` — 衢州-style ×2 / ×5 on upper-level adoptions
      that came through this office's forwarding (empty = ×1).
    * ``credit_direct_to_parent`` — points of a 直报点 count for its parent unit.
    * ``penalties`` — points deducted per occurrence, by penalty kind.
    * ``zero_year_after_missed_commissions`` — N missed 约稿 in a year → the
      year's score is zero (None = off).
    """

    year: int
    name: str
    office_level: str
    publications: list
    instruction_points: dict
    forwarding_points: dict = field(default_factory=dict)
    combination: str = "cumulative"
    instruction_combination: str = "once_per_level"
    split: str = "equal"
    forwarding_multipliers: dict = field(default_factory=dict)
    credit_direct_to_parent: bool = False
    quota: QuotaRule | None = None
    penalties: dict = field(default_factory=dict)
    zero_year_after_missed_commissions: int | None = None
    source: str = ""
    notes: tuple = ()

    def __post_init__(self):
        self.publications = [p if isinstance(p, Publication) else Publication(**p) for p in self.publications]
        self.instruction_points = dict(self.instruction_points)
        self.forwarding_multipliers = dict(self.forwarding_multipliers)
        self.penalties = dict(self.penalties)
        self.forwarding_points = {k: Points.coerce(v) for k, v in self.forwarding_points.items()}
        if isinstance(self.quota, Mapping):
            self.quota = QuotaRule(**self.quota)
        self.notes = tuple(self.notes)
        self.validate()
        self._by_code = {p.code: p for p in self.publications}

    # -- validation ---------------------------------------------------------

    def validate(self) -> None:
        problems: list[str] = []
        if isinstance(self.year, bool) or not isinstance(self.year, int) or not (1990 <= self.year <= 2100):
            problems.append(f"规则集年度“{self.year}”无效，应为四位年份")
        if not self.name:
            problems.append("规则集缺少名称")
        if self.office_level not in ("county", "city", "province"):
            problems.append(f"本级办公室级别“{self.office_level}”无效，应为县级（county）、市级（city）或省级（province）")
        if not self.publications:
            problems.append("规则集至少需要配置一种刊物及其分值")
        seen = set()
        for p in self.publications:
            p._validate(problems)
            if p.code in seen:
                problems.append(f"刊物代码“{p.code}”重复，每种刊物只能配置一次")
            seen.add(p.code)

        # 批示: every leader level must be stated
        for key in self.instruction_points:
            if key not in LEVELS:
                problems.append(f"批示加分的领导级别“{key}”无效，应为县级、市级、省级、国家级之一")
        for lvl in LEVELS:
            if lvl not in self.instruction_points or self.instruction_points[lvl] is None:
                problems.append(f"批示加分缺少{_level_name(lvl)}领导批示的分值（该级批示不加分请填 0）")
                continue
            d = _check_points(self.instruction_points[lvl], f"{_level_name(lvl)}领导批示加分", problems)
            if d is not None:
                self.instruction_points[lvl] = d

        # forwarding: every level above the office must be stated
        if self.office_level in LEVEL_ORDER:
            above = [lvl for lvl in LEVELS if LEVEL_ORDER[lvl] > LEVEL_ORDER[self.office_level]]
            for key in self.forwarding_points:
                if key not in above:
                    problems.append(
                        f"转报加分的级别“{_level_name(key)}”无效，只能报送至本级（{_level_name(self.office_level)}）以上"
                    )
            for lvl in above:
                if lvl not in self.forwarding_points:
                    problems.append(f"转报加分缺少报送至{_level_name(lvl)}的分值（不加分请填 0）")
                else:
                    self.forwarding_points[lvl]._validate(f"报送至{_level_name(lvl)}", problems)

        if self.combination not in COMBINATIONS:
            problems.append(f"多家刊物采用的计分方式“{self.combination}”无效，应为累加（cumulative）或只计最高分（highest）")
        if self.instruction_combination not in INSTRUCTION_COMBINATIONS:
            problems.append(
                f"批示计分方式“{self.instruction_combination}”无效，应为 once_per_level、highest_level 或 each"
            )
        if self.split not in SPLITS:
            problems.append(f"联合报送分值分配方式“{self.split}”无效，目前只支持平分（equal）")
        for lvl, m in list(self.forwarding_multipliers.items()):
            if lvl not in LEVELS:
                problems.append(f"转报倍数的级别“{lvl}”无效")
                continue
            d = _to_decimal(m)
            if d is None or d <= 0:
                problems.append(f"{_level_name(lvl)}采用的转报倍数“{m}”无效，应为大于 0 的数")
            else:
                self.forwarding_multipliers[lvl] = d
        for kind, val in list(self.penalties.items()):
            if kind not in PENALTY_KINDS:
                problems.append(f"扣分项“{kind}”无效，应为{'、'.join(PENALTY_KINDS)}之一")
                continue
            d = _check_points(val, f"扣分项“{PENALTY_KINDS[kind]}”", problems)
            if d is not None:
                self.penalties[kind] = d
        if self.quota is not None:
            self.quota._validate(problems)
        z = self.zero_year_after_missed_commissions
        if z is not None and (isinstance(z, bool) or not isinstance(z, int) or z < 1):
            problems.append(f"“未完成约稿次数达到即全年清零”的次数“{z}”无效，应为正整数或留空（不启用）")
        if problems:
            raise RuleSetError(f"{self.year}年度计分规则集“{self.name}”有误：" + "；".join(problems), problems)

    # -- access -------------------------------------------------------------

    def publication(self, code: str) -> Publication:
        try:
            return self._by_code[code]
        except KeyError:
            raise RuleSetError(
                f"{self.year}年度计分规则集中没有代码为“{code}”的刊物，请先在规则集中配置该刊物及分值"
            ) from None

    def has_publication(self, code: str) -> bool:
        return code in self._by_code

    def multiplier(self, level: str) -> Decimal:
        return Decimal(self.forwarding_multipliers.get(level, 1))

    def copy_for_year(self, year: int, **changes) -> "RuleSet":
        """A validated deep copy for another year (administrators copy last
        year's set and edit it)."""
        data = self.to_dict()
        data.update(year=year)
        new = RuleSet.from_dict(data)
        return replace(new, **changes) if changes else new

    # -- serialisation (for storing in a JSON field) ------------------------

    def to_dict(self) -> dict:
        return {
            "year": self.year,
            "name": self.name,
            "office_level": self.office_level,
            "publications": [p.to_dict() for p in self.publications],
            "instruction_points": {k: str(v) for k, v in self.instruction_points.items()},
            "forwarding_points": {k: v.to_dict() for k, v in self.forwarding_points.items()},
            "combination": self.combination,
            "instruction_combination": self.instruction_combination,
            "split": self.split,
            "forwarding_multipliers": {k: str(v) for k, v in self.forwarding_multipliers.items()},
            "credit_direct_to_parent": self.credit_direct_to_parent,
            "quota": None if self.quota is None else self.quota.to_dict(),
            "penalties": {k: str(v) for k, v in self.penalties.items()},
            "zero_year_after_missed_commissions": self.zero_year_after_missed_commissions,
            "source": self.source,
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> "RuleSet":
        data = copy.deepcopy(dict(data))
        pubs = []
        for p in data.pop("publications", []):
            p = dict(p)
            p["points"] = Points.coerce(p.get("points"))
            pubs.append(Publication(**p))
        quota = data.pop("quota", None)
        if quota is not None and not isinstance(quota, QuotaRule):
            quota = QuotaRule(**quota)
        try:
            return cls(publications=pubs, quota=quota, **data)
        except TypeError as exc:
            raise RuleSetError(f"规则集数据字段有误（{exc}），请检查") from None


class RuleSetBook:
    """The rule sets of several years; picks the set for an event's date."""

    def __init__(self, rule_sets: Iterable[RuleSet] = ()):
        self._by_year: dict[int, RuleSet] = {}
        for rs in rule_sets:
            self.add(rs)

    def add(self, rule_set: RuleSet) -> None:
        if rule_set.year in self._by_year:
            raise RuleSetError(f"{rule_set.year}年度已有计分规则集，每个年度只能有一套")
        self._by_year[rule_set.year] = rule_set

    def for_year(self, year: int) -> RuleSet:
        try:
            return self._by_year[year]
        except KeyError:
            raise MissingRuleSet(
                f"没有{year}年度的计分规则集，请先复制上一年度规则集并按本年度办法调整"
            ) from None

    def for_date(self, day: _dt.date) -> RuleSet:
        return self.for_year(day.year)

    @property
    def years(self) -> list[int]:
        return sorted(self._by_year)

    @classmethod
    def coerce(cls, value) -> "RuleSetBook":
        if isinstance(value, RuleSetBook):
            return value
        if isinstance(value, RuleSet):
            return cls([value])
        return cls(value)


# --------------------------------------------------------------------------
# the recommended default (§7)

#: 嵊州 (嵊政办〔2008〕8号) quota classes: items per month; items per year; quality target
SHENGZHOU_CLASSES = {
    "一类": (6, 120, 100),
    "二类": (5, 100, 80),
    "三类": (3, 70, 60),
    "四类": (2, 50, 40),
}


def _shengzhou_quota(**kw) -> QuotaRule:
    return QuotaRule(
        per_class={k: v[0] for k, v in SHENGZHOU_CLASSES.items()},
        yearly_items={k: v[1] for k, v in SHENGZHOU_CLASSES.items()},
        target_points={k: v[2] for k, v in SHENGZHOU_CLASSES.items()},
        **kw,
    )


def recommended_default(year: int, office_level: str = "city") -> RuleSet:
    """The project's default rule set (info_reporting.md §7) for an office of
    ``office_level`` ('county' or 'city'). "Next level up" is the level directly
    above the office; 国办/中办 adoption is national."""
    if office_level not in ("county", "city"):
        raise RuleSetError("推荐默认规则集只适用于县级（county）或市级（city）办公室")
    up = LEVELS[LEVEL_ORDER[office_level] + 1]
    up_name = "市办" if up == "city" else "省办"
    forwarding = {lvl: Points(0) for lvl in LEVELS if LEVEL_ORDER[lvl] > LEVEL_ORDER[office_level]}
    forwarding[up] = Points(2)  # selected and forwarded to the upper office
    forwarding["national"] = Points(10)  # selected by 省办 for 国办
    return RuleSet(
        year=year,
        name="推荐默认规则",
        office_level=office_level,
        publications=[
            Publication("own_regular", "本级要情/动态", office_level, "regular", Points(3, by_form={"brief": 1})),
            Publication("own_special", "本级专报", office_level, "special", 10),
            Publication("own_supplement", "本级增刊/特刊", office_level, "supplement", 20),
            Publication("own_research", "本级调研/建议", office_level, "research", 20),
            Publication("own_website", "本级门户网站", office_level, "website", Points(1, by_form={"photo": "0.5"})),
            Publication("up_regular", f"{up_name}刊物（要情/动态）", up, "regular", 10),
            Publication("up_special", f"{up_name}专报", up, "special", 20),
            Publication("up_research", f"{up_name}刊物（调研）", up, "research", 30),
            Publication("national", "国办/中办刊物", "national", "regular", 50),
        ],
        instruction_points={"county": 5, "city": 10, "province": 50, "national": 100},
        forwarding_points=forwarding,
        combination="cumulative",
        instruction_combination="once_per_level",
        forwarding_multipliers={},
        credit_direct_to_parent=False,
        quota=_shengzhou_quota(period="month", base_points=10, annual_cap=120),
        penalties={"commission_missed": 10, "instruction_feedback_missed": 10, "emergency_late": 10},
        zero_year_after_missed_commissions=None,
        source="info_reporting.md §7（以连云港、湖州为主，参考广元、衢州、嵊州、常山）",
    )


# --------------------------------------------------------------------------
# real local tables (info_reporting.md §5, [local])


def guangyuan_2008(year: int = 2008) -> RuleSet:
    """广元市 2008 考核 attachment (table A)."""
    return RuleSet(
        year=year,
        name="广元市政务信息考核（2008）",
        office_level="city",
        publications=[
            # 约稿 adopted: 5 (read as the points of a 约稿 response adopted by 市办)
            Publication("gy_chenxun", "《政务晨讯》", "city", "regular", Points(2, by_kind={"约稿": 5})),
            Publication("gy_yaoqing", "《要情专报》", "city", "special", Points(2, by_kind={"约稿": 5})),
            Publication("gy_tongbao", "《政府工作通报》", "city", "regular", 5, note="不含领导讲话"),
            Publication("gy_canyue", "《政务参阅》", "city", "research", 5),
            Publication("gy_website", "市政府门户网站", "city", "website", Points(1, by_form={"photo": "0.5"})),
            Publication("sc_chenxun_canyue", "省办《川政晨讯》（参阅）", "province", "regular", 3),
            Publication("sc_chenxun_zhongyao", "省办《川政晨讯》（重要）", "province", "regular", 5),
            Publication("guoban", "国务院办公厅刊物", "national", "regular", 10),
        ],
        instruction_points={"county": 0, "city": 5, "province": 10, "national": 20},
        forwarding_points={"province": 0, "national": 0},
        combination="cumulative",
        instruction_combination="once_per_level",
        penalties={"commission_missed": 10, "instruction_feedback_missed": 10},
        source="广元市 2008 年政务信息考核附件（info_reporting.md §5 A）",
        notes=(
            "原表未规定多家刊物采用如何合并，按累加计分",
            "“约稿采用 5 分”理解为约稿条目被市办刊物采用计 5 分（代替该刊物的一般分值）",
            "批示“每条”加分理解为同一条目同一级别只加一次；县级领导批示原表未列，计 0 分",
            "原表无转报加分，计 0 分",
        ),
    )


def lianyungang(year: int) -> RuleSet:
    """连云港市 (table B; historical rule, now 失效; its year is not recorded,
    so the caller states the year it is applied to)."""
    return RuleSet(
        year=year,
        name="连云港市政务信息计分办法（已失效）",
        office_level="city",
        publications=[
            Publication("lyg_zuori", "《昨日情况》", "city", "regular", Points(3, by_form={"brief": 1}), instruction_points=5),
            Publication("lyg_jianyi", "《政务建议》", "city", "research", 20, instruction_points=10),
            Publication("lyg_zhuanbao", "《专报信息》（动态）", "city", "special", 3),
            Publication("js_jianbao", "省办《信息简报》", "province", "regular", 10),
            Publication("js_zhaibian", "省办《江苏信息摘编》", "province", "regular", 10),
            Publication("js_zhuanbao", "省办《专报信息》", "province", "special", Points(20, by_kind={"调研": 30})),
            Publication("js_hulianwang", "省办《互联网信息摘编》", "province", "regular", 5),
            Publication("guoban", "国办刊物", "national", "regular", 50),
        ],
        # 市领导批示 is only scored on 《昨日情况》(+5) and 《政务建议》(+10): the level value is 0
        instruction_points={"county": 0, "city": 0, "province": 50, "national": 100},
        forwarding_points={"province": Points(2), "national": Points(10)},
        combination="cumulative",  # "累加计分"
        instruction_combination="once_per_level",
        source="连云港市政务信息计分办法（info_reporting.md §5 B，已失效）",
        notes=(
            "多家刊物采用累加计分（原文）",
            "市领导批示只在《昨日情况》（+5）和《政务建议》（+10）上计分，其他刊物上的市领导批示原表未列，计 0 分",
            "原表未规定同一级别多次批示如何计分，按同一级别只计一次",
            "原表无县级领导批示和扣分项",
        ),
    )


def huzhou_2018(year: int = 2018) -> RuleSet:
    """湖州市 湖政办函〔2018〕9号 (table C)."""
    return RuleSet(
        year=year,
        name="湖州市政务信息工作考核（湖政办函〔2018〕9号）",
        office_level="city",
        publications=[
            Publication("hz_meiri", "《每日要情》", "city", "regular", 3, instruction_points=10),
            Publication("hz_zhuanbao", "《专报信息》", "city", "special", 10, instruction_points=20),
            Publication("hz_tekan", "《特刊》", "city", "supplement", 20),
            Publication("zj_adopt", "省办刊物", "province", "regular", 10),
            # "省办 adopts 10; into 专报 … +30": 10 + 30
            Publication("zj_zhuanbao", "省办专报", "province", "special", 40),
            Publication("guoban_zhuanbao", "国办专报", "national", "special", 30),
        ],
        instruction_points={"county": 0, "city": 0, "province": 50, "national": 0},
        forwarding_points={"province": Points(3, by_kind={"专报": 10, "约稿": 10}), "national": Points(0)},
        combination="cumulative",
        instruction_combination="once_per_level",  # "同级多次批示不重复计分"
        credit_direct_to_parent=True,  # 企业直报点得分计入所在县区
        source="湖政办函〔2018〕9号（info_reporting.md §5 C）",
        notes=(
            "省办采用 10 分；被省办专报采用另加 30 分，按一条采用记录计 40 分；国办专报采用计 30 分（如另有省办采用记录则累加）",
            "报送省办：要情 3 分，专报或约稿 10 分",
            "市领导批示只在《每日要情》（+10）和《专报信息》（+20）上计分；其他刊物上的市领导批示、县级及国家级领导批示原表未列，计 0 分",
            "原表未规定多家刊物采用如何合并，按累加计分",
            "同一条目同级领导多次批示只计一次（原文）",
            "企业直报点得分计入所在县区（原文）",
        ),
    )
