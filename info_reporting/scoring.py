"""Scoring, quotas and rankings for 政务信息报送 (info_reporting.md §5–§7).

Plain Python, no Django: items are plain dataclasses, results are ledger lines
(§7: every adoption, 批示, forwarding, quota result and penalty writes one line;
totals and rankings are sums over lines). Each event is scored by the rule set of
the year in which it happened; pass a ``RuleSet`` or a ``RuleSetBook``.

Decisions where the domain text leaves room:

* Joint submissions: each event's points are split equally, rounded to 0.01,
  the rounding remainder going to the first-listed (lead) unit. An item-level
  penalty without a named unit is split the same way.
* ``combination='highest'``: adoptions are taken in date order and each one adds
  only what it exceeds the best earlier adoption by, so the item's total equals
  its best adoption and earlier (possibly closed) years are never rewritten.
  批示 under ``once_per_level`` / ``highest_level`` work the same way.
* Quota counting: an item counts as a submission in the quota period of its
  ``submitted`` date when its status is 已报送 / 已采用 / 未采用; a joint item
  counts for every listed unit.
* Ranking: by points; ties broken as §7 says (more adoption points at the
  national, then provincial, city, county level; then more adopted items; then
  earlier last adoption); units still equal share a rank with standard
  competition ranking (1, 2, 2, 4).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Iterable, Mapping

from .rule_sets import (
    FORMS,
    ITEM_KINDS,
    LEVEL_LABELS,
    LEVELS,
    PENALTY_KINDS,
    RuleSet,
    RuleSetBook,
)

__all__ = [
    "ScoringError",
    "Adoption",
    "Forwarding",
    "Instruction",
    "Penalty",
    "Item",
    "LedgerLine",
    "ScoreEvent",
    "ItemScore",
    "QuotaResult",
    "RankingRow",
    "COUNTED_STATUSES",
    "score_items",
    "score_penalties",
    "quota_fulfilment",
    "quota_lines",
    "period_bounds",
    "totals_by_unit",
    "rank_units",
]

CENT = Decimal("0.01")
COUNTED_STATUSES = ("submitted", "adopted", "not_adopted")
STATUSES = ("draft", "awaiting_signoff", "submitted", "returned", "adopted", "not_adopted", "withdrawn")


class ScoringError(ValueError):
    """Input that cannot be scored; the message (Chinese) says what to fix."""


# --------------------------------------------------------------------------
# input


@dataclass(frozen=True)
class Adoption:
    publication: str  # publication code in the rule set
    date: _dt.date
    form: str = "full"  # full | brief (简讯) | merged | photo
    via_office: bool = False  # upper-level adoption that came through this office's forwarding
    issue: str = ""  # e.g. "2018年第49期"


@dataclass(frozen=True)
class Forwarding:
    level: str  # destination level: city | province | national
    date: _dt.date


@dataclass(frozen=True)
class Instruction:
    level: str  # leader level: county | city | province | national
    date: _dt.date
    publication: str | None = None  # publication code the 批示 was written on
    leader: str = ""


@dataclass(frozen=True)
class Penalty:
    kind: str  # commission_missed | instruction_feedback_missed | emergency_late
    date: _dt.date
    unit: str | None = None  # None on an item: the item's units
    note: str = ""


@dataclass(frozen=True)
class Item:
    id: str
    units: tuple  # one or more unit names; a plain string is one unit
    submitted: _dt.date
    kind: str = "动态"
    status: str = "submitted"
    title: str = ""
    adoptions: tuple = ()
    forwardings: tuple = ()
    instructions: tuple = ()
    penalties: tuple = ()

    def __post_init__(self):
        units = (self.units,) if isinstance(self.units, str) else tuple(self.units)
        object.__setattr__(self, "units", units)
        for name in ("adoptions", "forwardings", "instructions", "penalties"):
            object.__setattr__(self, name, tuple(getattr(self, name)))


# --------------------------------------------------------------------------
# output


@dataclass(frozen=True)
class LedgerLine:
    unit: str
    points: Decimal
    date: _dt.date
    category: str  # adoption | forwarding | instruction | penalty | quota
    rule: str  # publication code, "forwarding:province", "instruction:city", "penalty:…", "quota:month"
    explanation: str
    rule_set_year: int
    item_id: str | None = None
    level: str | None = None
    source_unit: str | None = None  # the 直报点 whose points were credited to ``unit``


@dataclass(frozen=True)
class ScoreEvent:
    """One scoring event of an item, before the split among joint units."""

    category: str
    rule: str
    date: _dt.date
    level: str | None
    points: Decimal
    explanation: str


@dataclass(frozen=True)
class ItemScore:
    item_id: str
    units: tuple
    events: tuple
    lines: tuple

    @property
    def total(self) -> Decimal:
        return sum((e.points for e in self.events), Decimal(0))

    @property
    def explanation(self) -> str:
        if not self.events:
            return "无计分事项，合计0分"
        return "；".join(e.explanation for e in self.events) + f"。合计{_fmt(self.total)}分"

    def points_by_unit(self) -> dict:
        return totals_by_unit(self.lines)


@dataclass(frozen=True)
class QuotaResult:
    unit: str
    unit_class: str
    period: str  # week | month | quarter
    label: str  # e.g. "2018年3月"
    start: _dt.date
    end: _dt.date
    required: int
    submitted: int
    met: bool
    points: Decimal  # after the annual cap
    explanation: str
    rule_set_year: int


@dataclass(frozen=True)
class RankingRow:
    rank: int
    unit: str
    unit_class: str | None
    points: Decimal
    adoption_points_by_level: dict  # level -> points from adoptions
    adopted_items: int
    last_adoption: _dt.date | None
    lines: tuple  # every ledger line behind the total
    quota: tuple = ()  # QuotaResult rows of the period
    note: str = ""

    @property
    def quota_met(self) -> int:
        return sum(1 for q in self.quota if q.met)


# --------------------------------------------------------------------------
# helpers


def _fmt(d: Decimal) -> str:
    d = Decimal(d)
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")


def _split(points: Decimal, n: int) -> list[Decimal]:
    """Equal shares (0.01), remainder to the first share; shares sum to ``points``."""
    if n == 1:
        return [points]
    share = (points / n).quantize(CENT, rounding=ROUND_DOWN)
    first = points - share * (n - 1)
    return [first] + [share] * (n - 1)


def _check_item(item: Item) -> None:
    if not item.id:
        raise ScoringError("信息条目缺少编号")
    if not item.units or any(not u for u in item.units):
        raise ScoringError(f"信息条目“{item.id}”缺少报送单位")
    if len(set(item.units)) != len(item.units):
        raise ScoringError(f"信息条目“{item.id}”的报送单位重复，请每个单位只填一次")
    if item.kind not in ITEM_KINDS:
        raise ScoringError(f"信息条目“{item.id}”的类型“{item.kind}”无效，应为{'、'.join(ITEM_KINDS)}之一")
    if item.status not in STATUSES:
        raise ScoringError(f"信息条目“{item.id}”的状态“{item.status}”无效")
    for a in item.adoptions:
        if a.form not in FORMS:
            raise ScoringError(f"信息条目“{item.id}”的采用形式“{a.form}”无效，应为{'、'.join(FORMS)}之一")
    for x in item.instructions:
        if x.level not in LEVELS:
            raise ScoringError(f"信息条目“{item.id}”的批示领导级别“{x.level}”无效，应为县级、市级、省级、国家级之一")
    for f in item.forwardings:
        if f.level not in LEVELS:
            raise ScoringError(f"信息条目“{item.id}”的转报级别“{f.level}”无效")


def _credit(unit: str, rs: RuleSet, parents: Mapping[str, str]) -> tuple[str, str | None]:
    if rs.credit_direct_to_parent and unit in parents:
        return parents[unit], unit
    return unit, None


def _lines_for_event(
    event: ScoreEvent,
    item: Item,
    rs: RuleSet,
    parents: Mapping[str, str],
    units: tuple | None = None,
) -> list[LedgerLine]:
    units = units or item.units
    shares = _split(event.points, len(units))
    lines = []
    for unit, share in zip(units, shares):
        credited, source = _credit(unit, rs, parents)
        text = event.explanation
        if len(units) > 1:
            text += f"（{len(units)}个单位联合报送，平分，本单位{_fmt(share)}分）"
        if source:
            text += f"（直报点“{source}”得分计入“{credited}”）"
        lines.append(
            LedgerLine(
                unit=credited,
                points=share,
                date=event.date,
                category=event.category,
                rule=event.rule,
                explanation=text,
                rule_set_year=rs.year,
                item_id=item.id,
                level=event.level,
                source_unit=source,
            )
        )
    return lines


# --------------------------------------------------------------------------
# scoring items


def _adoption_events(item: Item, book: RuleSetBook) -> list[tuple[ScoreEvent, RuleSet]]:
    out = []
    best = Decimal(0)  # for combination == "highest"
    for a in sorted(item.adoptions, key=lambda a: a.date):
        rs = book.for_date(a.date)
        if not rs.has_publication(a.publication):
            raise ScoringError(
                f"信息条目“{item.id}”的采用记录引用了刊物代码“{a.publication}”，"
                f"但{rs.year}年度计分规则集中没有该刊物，请先在规则集中配置"
            )
        pub = rs.publication(a.publication)
        pts, why = pub.points.resolve(item.kind, a.form)
        text = f"{pub.name}{a.issue}采用"
        if why:
            text += f"（按{why}计）"
        text += f"{_fmt(pts)}分"
        if a.via_office and rs.multiplier(pub.level) != 1:
            m = rs.multiplier(pub.level)
            pts = pts * m
            text += f"，经本级转报×{_fmt(m)}，计{_fmt(pts)}分"
        if rs.combination == "highest":
            gain = max(Decimal(0), pts - best)
            if best and gain:
                text += f"，只计最高分，此前已计{_fmt(best)}分，补计{_fmt(gain)}分"
            elif best:
                text += f"，只计最高分，此前已计{_fmt(best)}分，本次不重复计分"
            best = max(best, pts)
            pts = gain
        out.append((ScoreEvent("adoption", a.publication, a.date, pub.level, pts, text), rs))
    return out


def _forwarding_events(item: Item, book: RuleSetBook) -> list[tuple[ScoreEvent, RuleSet]]:
    out = []
    done = set()
    for f in sorted(item.forwardings, key=lambda f: f.date):
        rs = book.for_date(f.date)
        if f.level not in rs.forwarding_points:
            raise ScoringError(
                f"信息条目“{item.id}”转报至{LEVEL_LABELS[f.level]}，"
                f"但{rs.year}年度计分规则集只能计报送至本级（{LEVEL_LABELS[rs.office_level]}）以上的转报"
            )
        pts, why = rs.forwarding_points[f.level].resolve(item.kind)
        text = f"选送转报至{LEVEL_LABELS[f.level]}" + (f"（按{why}计）" if why else "") + f"{_fmt(pts)}分"
        if f.level in done:
            pts = Decimal(0)
            text = f"再次转报至{LEVEL_LABELS[f.level]}，不重复计分"
        done.add(f.level)
        out.append((ScoreEvent("forwarding", f"forwarding:{f.level}", f.date, f.level, pts, text), rs))
    return out


def _instruction_events(item: Item, book: RuleSetBook) -> list[tuple[ScoreEvent, RuleSet]]:
    out = []
    adopted_in = {a.publication for a in item.adoptions}
    best_by_level: dict[str, Decimal] = {}
    best_any = Decimal(0)
    for x in sorted(item.instructions, key=lambda x: x.date):
        rs = book.for_date(x.date)
        who = f"{LEVEL_LABELS[x.level]}领导" + (f"（{x.leader}）" if x.leader else "") + "批示"
        pts = Decimal(rs.instruction_points[x.level])
        where = ""
        if x.publication:
            if x.publication not in adopted_in:
                raise ScoringError(
                    f"信息条目“{item.id}”的批示记录写在刊物“{x.publication}”上，但该条目没有被该刊物采用的记录"
                )
            pub = rs.publication(x.publication)
            where = f"（{pub.name}）"
            if pub.instruction_points is not None and pub.level == x.level:
                pts = Decimal(pub.instruction_points)
        text = f"{who}{where}加{_fmt(pts)}分"
        mode = rs.instruction_combination
        if mode == "once_per_level":
            seen_level = x.level in best_by_level
            best = best_by_level.get(x.level, Decimal(0))
            gain = max(Decimal(0), pts - best)
            if seen_level and gain:
                text += f"，同级批示只计一次，此前已计{_fmt(best)}分，补计{_fmt(gain)}分"
            elif seen_level:
                text = f"{who}{where}，同级批示只计一次，本次不重复计分"
            best_by_level[x.level] = max(best, pts)
            pts = gain
        elif mode == "highest_level":
            gain = max(Decimal(0), pts - best_any)
            if best_any and gain:
                text += f"，只计最高一项批示，此前已计{_fmt(best_any)}分，补计{_fmt(gain)}分"
            elif best_any:
                text = f"{who}{where}，只计最高一项批示，本次不重复计分"
            best_any = max(best_any, pts)
            pts = gain
        out.append((ScoreEvent("instruction", f"instruction:{x.level}", x.date, x.level, pts, text), rs))
    return out


def _penalty_event(p: Penalty, rs: RuleSet, owner: str) -> ScoreEvent:
    if p.kind not in PENALTY_KINDS:
        raise ScoringError(f"{owner}的扣分类型“{p.kind}”无效，应为{'、'.join(PENALTY_KINDS)}之一")
    if p.kind not in rs.penalties:
        raise ScoringError(
            f"{owner}有“{PENALTY_KINDS[p.kind]}”扣分记录，但{rs.year}年度计分规则集未配置该扣分项，请先配置或删除该记录"
        )
    d = Decimal(rs.penalties[p.kind])
    text = f"{PENALTY_KINDS[p.kind]}扣{_fmt(d)}分" + (f"（{p.note}）" if p.note else "")
    if p.kind == "emergency_late":
        text += "，并通报"
    return ScoreEvent("penalty", f"penalty:{p.kind}", p.date, None, -d, text)


def score_items(
    items: Iterable[Item],
    rule_set: RuleSet | RuleSetBook,
    *,
    parent_units: Mapping[str, str] | None = None,
) -> list[ItemScore]:
    """Score each item: one ``ItemScore`` per item, with its events (points and a
    Chinese explanation each) and the ledger lines per unit.

    ``parent_units`` maps a 直报点 to the unit its points are credited to when
    the rule set has ``credit_direct_to_parent``.
    """
    book = RuleSetBook.coerce(rule_set)
    parents = parent_units or {}
    seen = set()
    results = []
    for item in items:
        _check_item(item)
        if item.id in seen:
            raise ScoringError(f"信息条目编号“{item.id}”重复")
        seen.add(item.id)
        pairs = [
            (event, rs, None)
            for event, rs in _adoption_events(item, book)
            + _forwarding_events(item, book)
            + _instruction_events(item, book)
        ]
        for p in item.penalties:
            rs = book.for_date(p.date)
            if p.unit is not None and p.unit not in item.units:
                raise ScoringError(f"信息条目“{item.id}”的扣分记录指定的单位“{p.unit}”不是该条目的报送单位")
            owner = (p.unit,) if p.unit else None
            pairs.append((_penalty_event(p, rs, f"信息条目“{item.id}”"), rs, owner))
        # chronological; on the same day adoptions come before forwardings, 批示, penalties
        pairs.sort(key=lambda t: t[0].date)
        events = []
        lines = []
        for event, rs, owner in pairs:
            events.append(event)
            lines.extend(_lines_for_event(event, item, rs, parents, owner))
        results.append(ItemScore(item.id, item.units, tuple(events), tuple(lines)))
    return results


def score_penalties(
    penalties: Iterable[Penalty],
    rule_set: RuleSet | RuleSetBook,
    *,
    parent_units: Mapping[str, str] | None = None,
) -> list[LedgerLine]:
    """Ledger lines for penalties not tied to an item (a 约稿 never answered, a
    late emergency report); each penalty must name its unit."""
    book = RuleSetBook.coerce(rule_set)
    parents = parent_units or {}
    lines = []
    for p in penalties:
        if not p.unit:
            raise ScoringError("扣分记录缺少被扣分的单位")
        rs = book.for_date(p.date)
        ev = _penalty_event(p, rs, f"单位“{p.unit}”")
        credited, source = _credit(p.unit, rs, parents)
        lines.append(
            LedgerLine(credited, ev.points, ev.date, ev.category, ev.rule, ev.explanation, rs.year, None, None, source)
        )
    return lines


# --------------------------------------------------------------------------
# quotas


def _quota_periods(period: str, year: int):
    if period == "month":
        for m in range(1, 13):
            start = _dt.date(year, m, 1)
            end = (_dt.date(year + (m == 12), m % 12 + 1, 1)) - _dt.timedelta(days=1)
            yield start, end, f"{year}年{m}月"
    elif period == "quarter":
        for q in range(1, 5):
            start = _dt.date(year, 3 * q - 2, 1)
            end = _dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - _dt.timedelta(days=1)
            yield start, end, f"{year}年第{q}季度"
    elif period == "week":
        weeks = _dt.date(year, 12, 28).isocalendar()[1]
        for w in range(1, weeks + 1):
            start = _dt.date.fromisocalendar(year, w, 1)
            yield start, start + _dt.timedelta(days=6), f"{year}年第{w}周"


def quota_fulfilment(
    items: Iterable[Item],
    rule_set: RuleSet | RuleSetBook,
    unit_classes: Mapping[str, str],
    year: int,
    *,
    until: _dt.date | None = None,
) -> list[QuotaResult]:
    """Quota result per unit and quota period (month by default) of ``year``.

    ``unit_classes`` maps each assessed unit to its class for that year (e.g.
    "一类"); only those units are assessed. Periods ending after ``until`` are
    left out (use it for a year still running). Points follow the rule set's
    quota rule, with positive quota points capped per unit and year.
    """
    rs = RuleSetBook.coerce(rule_set).for_year(year)
    quota = rs.quota
    if quota is None:
        raise ScoringError(f"{year}年度计分规则集未配置报送定额")
    for unit, cls in unit_classes.items():
        if cls not in quota.per_class:
            raise ScoringError(
                f"单位“{unit}”的类别“{cls}”未在{year}年度规则集的报送定额表中配置，"
                f"可选类别：{'、'.join(quota.per_class)}"
            )
    items = list(items)
    counted = [i for i in items if i.status in COUNTED_STATUSES]
    results = []
    for unit, cls in unit_classes.items():
        earned = Decimal(0)
        required = quota.per_class[cls]
        for start, end, label in _quota_periods(quota.period, year):
            if until is not None and end > until:
                continue
            n = sum(1 for i in counted if unit in i.units and start <= i.submitted <= end)
            met = n >= required
            if met:
                pts = Decimal(quota.base_points) + Decimal(quota.extra_item_points) * (n - required)
                text = f"{label}报送{n}条，完成定额{required}条，计{_fmt(pts)}分"
                if quota.annual_cap is not None and earned + pts > quota.annual_cap:
                    capped = max(Decimal(0), Decimal(quota.annual_cap) - earned)
                    text += f"（已达年度上限{_fmt(quota.annual_cap)}分，实计{_fmt(capped)}分）"
                    pts = capped
                earned += pts
            else:
                pts = -Decimal(quota.miss_deduction)
                text = f"{label}报送{n}条，未完成定额{required}条，不计基础分"
                if pts:
                    text += f"，扣{_fmt(-pts)}分"
            results.append(
                QuotaResult(unit, cls, quota.period, label, start, end, required, n, met, pts, text, rs.year)
            )
    return results


def quota_lines(results: Iterable[QuotaResult]) -> list[LedgerLine]:
    """Ledger lines for quota results (dated the last day of each period)."""
    return [
        LedgerLine(r.unit, r.points, r.end, "quota", f"quota:{r.period}", r.explanation, r.rule_set_year)
        for r in results
    ]


# --------------------------------------------------------------------------
# rankings


def period_bounds(
    period: str,
    year: int | None = None,
    number: int | None = None,
    start: _dt.date | None = None,
    end: _dt.date | None = None,
) -> tuple[_dt.date, _dt.date, str]:
    """(first day, last day, Chinese label) of a ranking period."""
    if period == "custom":
        if not start or not end or start > end:
            raise ScoringError("自定义统计期间须填写开始和结束日期，且开始日期不晚于结束日期")
        return start, end, f"{start.isoformat()}至{end.isoformat()}"
    if not isinstance(year, int):
        raise ScoringError("请填写统计年度")
    if period == "year":
        return _dt.date(year, 1, 1), _dt.date(year, 12, 31), f"{year}年度"
    if period == "quarter":
        if number not in (1, 2, 3, 4):
            raise ScoringError(f"季度应为 1 至 4，当前为“{number}”")
        s, e, label = list(_quota_periods("quarter", year))[number - 1]
        return s, e, label
    if period == "month":
        if number not in range(1, 13):
            raise ScoringError(f"月份应为 1 至 12，当前为“{number}”")
        s, e, label = list(_quota_periods("month", year))[number - 1]
        return s, e, label
    raise ScoringError(f"统计期间“{period}”无效，应为月（month）、季度（quarter）、年度（year）或自定义（custom）")


def _flatten(scores) -> list[LedgerLine]:
    lines: list[LedgerLine] = []
    quota_results = []
    for s in scores:
        if isinstance(s, ItemScore):
            lines.extend(s.lines)
        elif isinstance(s, LedgerLine):
            lines.append(s)
        elif isinstance(s, QuotaResult):
            quota_results.append(s)
        else:
            raise ScoringError("排名数据只能是条目得分、台账记录或定额结果")
    return lines + quota_lines(quota_results)


def totals_by_unit(lines: Iterable[LedgerLine]) -> dict:
    out: dict[str, Decimal] = {}
    for ln in lines:
        out[ln.unit] = out.get(ln.unit, Decimal(0)) + ln.points
    return out


def rank_units(
    scores,
    period: str = "year",
    *,
    year: int | None = None,
    number: int | None = None,
    start: _dt.date | None = None,
    end: _dt.date | None = None,
    units: Iterable[str] | None = None,
    unit_classes: Mapping[str, str] | None = None,
    within_class: bool = False,
    rule_set: RuleSet | RuleSetBook | None = None,
    quota_results: Iterable[QuotaResult] = (),
) -> list[RankingRow]:
    """Rank units over a period from ledger lines.

    ``scores`` may mix ``ItemScore``, ``LedgerLine`` and ``QuotaResult`` (the
    latter become quota lines). ``period`` is 'month' / 'quarter' (with
    ``number``), 'year', or 'custom' (with ``start`` and ``end``). Units ranked:
    ``units`` if given, else every unit in ``unit_classes`` or in the lines.
    ``within_class`` ranks each unit class separately. ``quota_results`` (not
    counted in points, for display) are attached to each row for the period;
    QuotaResults passed in ``scores`` are both counted and attached.
    With ``rule_set`` and period 'year', the "N missed 约稿 → zero for the
    year" rule is applied when that rule set enables it.

    Ties: see the module docstring (§7 tie-breakers, then 1, 2, 2, 4).
    """
    p_start, p_end, _label = period_bounds(period, year, number, start, end)
    scores = list(scores)
    shown_quota = list(dict.fromkeys(list(quota_results) + [s for s in scores if isinstance(s, QuotaResult)]))
    lines = [ln for ln in _flatten(scores) if p_start <= ln.date <= p_end]
    classes = dict(unit_classes or {})

    if units is not None:
        universe = list(dict.fromkeys(units))
    else:
        universe = list(dict.fromkeys(list(classes) + [ln.unit for ln in lines]))

    zero_after = None
    if rule_set is not None and period == "year":
        book = RuleSetBook.coerce(rule_set)
        zero_after = book.for_year(year).zero_year_after_missed_commissions

    stats = {}
    for unit in universe:
        own = tuple(ln for ln in lines if ln.unit == unit)
        pts = sum((ln.points for ln in own), Decimal(0))
        adoptions = [ln for ln in own if ln.category == "adoption"]
        by_level = {lvl: Decimal(0) for lvl in LEVELS}
        for ln in adoptions:
            by_level[ln.level] += ln.points
        note = ""
        if zero_after:
            missed = sum(1 for ln in own if ln.rule == "penalty:commission_missed")
            if missed >= zero_after:
                pts = Decimal(0)
                note = f"全年{missed}次未按时完成约稿（达到{zero_after}次），年度得分为零"
        stats[unit] = dict(
            points=pts,
            by_level=by_level,
            adopted_items=len({ln.item_id for ln in adoptions}),
            last_adoption=max((ln.date for ln in adoptions), default=None),
            lines=own,
            note=note,
            quota=tuple(
                q for q in shown_quota if q.unit == unit and p_start <= q.start and q.end <= p_end
            ),
        )

    def key(unit):
        s = stats[unit]
        return (
            -s["points"],
            *(-s["by_level"][lvl] for lvl in reversed(LEVELS)),
            -s["adopted_items"],
            s["last_adoption"] or _dt.date.max,
        )

    if within_class:
        order = []
        for c in list(classes.values()):
            if c not in order:
                order.append(c)
        groups = [[u for u in universe if classes.get(u) == c] for c in order]
        groups.append([u for u in universe if u not in classes])
    else:
        groups = [universe]

    rows = []
    for group in groups:
        ranked = sorted(group, key=key)
        keys = [key(u) for u in ranked]
        for i, unit in enumerate(ranked):
            rank = i + 1 if i == 0 or keys[i] != keys[i - 1] else rows[-1].rank
            s = stats[unit]
            rows.append(
                RankingRow(
                    rank=rank,
                    unit=unit,
                    unit_class=classes.get(unit),
                    points=s["points"],
                    adoption_points_by_level=s["by_level"],
                    adopted_items=s["adopted_items"],
                    last_adoption=s["last_adoption"],
                    lines=s["lines"],
                    quota=s["quota"],
                    note=s["note"],
                )
            )
    return rows
