"""Scores from the records: the bridge between the database and the plain scoring engine.

Nothing here stores a score. Items, adoptions, forwardings, 批示 and penalties are read from the
database, turned into the plain dataclasses of ``info_reporting.scoring`` and scored by the
year's ``ScoringRuleSet`` (``to_rule_set()``); rankings, quota fulfilment, 通报 and exports all
use ``compute_ranking``.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from info_reporting.rule_sets import RuleSetBook, RuleSetError
from info_reporting.scoring import (
    Adoption,
    Forwarding,
    Instruction,
    Item,
    Penalty,
    ScoringError,
    period_bounds,
    quota_fulfilment,
    rank_units,
    score_items,
    score_penalties,
)

PERIOD_LABELS = {"month": "月度", "quarter": "季度", "year": "年度"}


def rule_book():
    from info_reporting.models import ScoringRuleSet

    sets = ScoringRuleSet.objects.prefetch_related(
        "level_points__level", "kind_points__level", "quota_classes", "unit_classes__unit"
    )
    return RuleSetBook([rs.to_rule_set() for rs in sets]), {rs.year: rs for rs in sets}


def _local_date(value):
    if value is None:
        return None
    return timezone.localdate(value) if timezone.is_aware(value) else value.date()


def plain_items(queryset=None):
    """Plain ``scoring.Item`` for every item that has been submitted at least once."""
    from info_reporting.models import InfoReportPage

    qs = InfoReportPage.objects.all() if queryset is None else queryset
    qs = qs.exclude(submitted_at=None).select_related("reporting_unit").prefetch_related(
        "co_units",
        "adoptions__level", "adoptions__issue", "instructions__on_level", "penalties__unit",
    )
    items = []
    for page in qs:
        adoptions, forwardings = [], []
        for rec in page.adoptions.all():
            if rec.level.is_forwarding:
                forwardings.append(Forwarding(rec.level.scope, rec.date))
            else:
                issue = f"{rec.issue.year}年第{rec.issue.number}期" if rec.issue_id and rec.issue.number else ""
                adoptions.append(Adoption(rec.level.code, rec.date, rec.form, rec.via_office, issue))
        instructions = [
            Instruction(x.leader_level, x.date, x.on_level.code if x.on_level_id else None, x.leader)
            for x in page.instructions.all()
        ]
        penalties = [Penalty(p.kind, p.date, p.unit.name, p.note) for p in page.penalties.all()]
        items.append(Item(
            id=str(page.pk), units=tuple(u.name for u in page.all_units), submitted=_local_date(page.submitted_at),
            kind=page.category, status=page.status, title=page.title, adoptions=adoptions,
            forwardings=forwardings, instructions=instructions, penalties=penalties,
        ))
    return items


def unit_penalties():
    from info_reporting.models import PenaltyRecord

    return [Penalty(p.kind, p.date, p.unit.name, p.note) for p in PenaltyRecord.objects.filter(item=None).select_related("unit")]


def _parents(by_year):
    """直报点 → parent unit, from the rule sets that credit 直报点 points to the parent. A point
    listed in any year's set is credited; the plain engine applies it only in years whose rule
    set enables ``credit_direct_to_parent``."""
    parents = {}
    for rs in by_year.values():
        parents.update(rs.direct_point_parents())
    return parents


@dataclass
class Ranking:
    period: str
    year: int
    number: int | None
    label: str = ""
    rows: list = field(default_factory=list)
    quota: list = field(default_factory=list)
    item_scores: dict = field(default_factory=dict)
    error: str = ""

    @property
    def max_points(self):
        return max([r.points for r in self.rows] + [Decimal(0)])

    def rows_for(self, unit_names):
        return [r for r in self.rows if r.unit in unit_names]

    def chart_rows(self):
        """(row, bar width in %) for the CSS bar chart (negative totals draw no bar)."""
        top = self.max_points
        out = []
        for r in self.rows:
            width = 0 if top <= 0 or r.points <= 0 else float(r.points / top * 100)
            out.append((r, round(width, 1)))
        return out


def compute_ranking(period="month", year=None, number=None, *, start=None, end=None):
    """Rank units for a month / quarter / year from the records, with quota fulfilment."""
    from info_reporting.models import InfoReportPage

    today = timezone.localdate()
    year = int(year or today.year)
    ranking = Ranking(period, year, number)
    try:
        p_start, p_end, label = period_bounds(period, year, number, start, end)
        ranking.label = label
        book, by_year = rule_book()
        items = plain_items()
        parents = _parents(by_year)
        scores = score_items(items, book, parent_units=parents)
        lines = score_penalties(unit_penalties(), book, parent_units=parents)
        quota_results, classes = [], {}
        rs_model = by_year.get(year)
        if rs_model is not None:
            classes = rs_model.unit_class_map()
            plain = book.for_year(year)
            if plain.quota is not None and classes:
                quota_results = quota_fulfilment(items, book, classes, year, until=min(today, datetime.date(year, 12, 31)))
        units = list(dict.fromkeys(
            list(classes)
            + list(InfoReportPage.objects.exclude(submitted_at=None).values_list("reporting_unit__name", flat=True).distinct())
            + list(InfoReportPage.co_units.through.objects.filter(inforeportpage__submitted_at__isnull=False)
                   .values_list("organisationunit__name", flat=True).distinct())
        ))
        if rs_model is not None and rs_model.credit_direct_to_parent:
            units = [u for u in units if u not in parents]  # their points count for the parent
        ranking.rows = rank_units(
            list(scores) + lines + quota_results, period, year=year, number=number, start=start, end=end,
            units=units, unit_classes=classes, rule_set=book if year in book.years else None,
        )
        ranking.quota = [q for q in quota_results if p_start <= q.start and q.end <= p_end]
        ranking.item_scores = {s.item_id: s for s in scores}
    except (ScoringError, RuleSetError) as exc:
        ranking.error = f"无法计算得分：{exc}"
    return ranking


def item_score(item):
    """(total, explanation) of one item under the rule sets, or (None, reason). A joint item's
    explanation ends with each unit's share."""
    from info_reporting.templatetags.info_reporting_tags import points as fmt_points

    try:
        book, by_year = rule_book()
        plain = plain_items(type(item).objects.filter(pk=item.pk))
        if not plain:
            return None, "尚未报送"
        score = score_items(plain, book, parent_units=_parents(by_year))[0]
        explanation = score.explanation
        if len(score.units) > 1 and score.events:
            shares = score.points_by_unit()
            explanation += f"。{len(score.units)}个单位联合报送，平分：" + "、".join(
                f"{unit}{fmt_points(shares.get(unit, 0))}分" for unit in score.units)
        return score.total, explanation
    except (ScoringError, RuleSetError) as exc:
        return None, f"无法计算得分：{exc}"
