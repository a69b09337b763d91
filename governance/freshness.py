"""Column freshness rules (栏目更新) — plain Python, no Django.

Thresholds (site_rules.md §1): 动态/要闻 columns must be updated within 2 weeks;
通知公告/政策文件 and other columns within 6 months; 人事/规划计划 within 1 year.
A column with no content since it was created is a 空白栏目. The 2019 indicators
fail a site (单项否决) when stale 动态/要闻 plus stale level-1 通知公告/政策文件 columns
reach 5, when long-stale columns reach 10, or when blank columns reach 5.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

NEWS, STANDARD, ANNUAL, EXEMPT = "news", "standard", "annual", "exempt"
KIND_LABELS = {NEWS: "动态/要闻（2周）", STANDARD: "通知公告/政策文件等（6个月）", ANNUAL: "人事/规划计划（1年）", EXEMPT: "不监测"}

#: kind -> (days, months) of the maximum gap; warning margin in days
THRESHOLDS = {NEWS: (14, 0), STANDARD: (0, 6), ANNUAL: (0, 12)}
WARN_DAYS = {NEWS: 3, STANDARD: 30, ANNUAL: 30}

NEWS_WORDS = ("动态", "要闻", "新闻", "工作信息", "图片")
ANNUAL_WORDS = ("人事", "规划", "计划")

OK, DUE_SOON, STALE, EMPTY, NOT_MONITORED = "ok", "due_soon", "stale", "empty", "exempt"
STATUS_LABELS = {OK: "正常", DUE_SOON: "即将超期", STALE: "超期未更新", EMPTY: "空白栏目", NOT_MONITORED: "不监测"}

VETO_STALE_COUNT = 5
VETO_LONG_STALE_COUNT = 10
VETO_EMPTY_COUNT = 5


def classify(title: str) -> str:
    """Default column kind from its title (editable per column in the admin)."""
    title = title or ""
    if any(w in title for w in NEWS_WORDS):
        return NEWS
    if any(w in title for w in ANNUAL_WORDS):
        return ANNUAL
    return STANDARD


def _minus_months(day: _dt.date, months: int) -> _dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return _dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError("invalid date")


def cutoff(kind: str, today: _dt.date, max_age_days: int | None = None) -> _dt.date:
    """Newest publication must be on or after this date for the column to be fresh."""
    if max_age_days:
        return today - _dt.timedelta(days=max_age_days)
    days, months = THRESHOLDS[kind]
    return _minus_months(today, months) if months else today - _dt.timedelta(days=days)


@dataclass(frozen=True)
class Assessment:
    kind: str
    status: str
    newest: _dt.date | None
    age_days: int | None
    deadline: _dt.date | None  # last day the column may stay without an update
    message: str

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]


def assess(kind: str, newest: _dt.date | None, today: _dt.date, max_age_days: int | None = None) -> Assessment:
    if kind == EXEMPT:
        return Assessment(kind, NOT_MONITORED, newest, None, None, "不监测")
    if newest is None:
        return Assessment(kind, EMPTY, None, None, None, "栏目没有任何已发布信息（空白栏目）")
    age = (today - newest).days
    limit = cutoff(kind, today, max_age_days)
    deadline = newest + (today - limit)
    if newest < limit:
        return Assessment(kind, STALE, newest, age, deadline,
                          f"最近一次更新为 {newest.isoformat()}，已 {age} 天未更新，超过规定期限")
    warn = WARN_DAYS[kind] if not max_age_days else max(1, max_age_days // 6)
    if (deadline - today).days <= warn:
        return Assessment(kind, DUE_SOON, newest, age, deadline,
                          f"最近一次更新为 {newest.isoformat()}，须在 {deadline.isoformat()} 前更新")
    return Assessment(kind, OK, newest, age, deadline, f"最近一次更新为 {newest.isoformat()}")


def veto_risks(assessments, level_one=()) -> list[str]:
    """Chinese warnings when the counts reach a 单项否决 threshold.

    ``assessments`` are ``(column_title, Assessment, is_level_one)`` tuples.
    """
    risks = []
    stale_news = sum(1 for _t, a, _l in assessments if a.status == STALE and a.kind == NEWS)
    stale_level_one = sum(1 for _t, a, lvl in assessments if a.status == STALE and a.kind == STANDARD and lvl)
    if stale_news + stale_level_one >= VETO_STALE_COUNT:
        risks.append(f"动态/要闻超过2周未更新及一级通知公告/政策文件栏目超过6个月未更新共 {stale_news + stale_level_one} 个，"
                     f"达到单项否决标准（{VETO_STALE_COUNT} 个）")
    stale = sum(1 for _t, a, _l in assessments if a.status == STALE)
    if stale >= VETO_LONG_STALE_COUNT:
        risks.append(f"长期未更新栏目 {stale} 个，达到单项否决标准（{VETO_LONG_STALE_COUNT} 个）")
    empty = sum(1 for _t, a, _l in assessments if a.status == EMPTY)
    if empty >= VETO_EMPTY_COUNT:
        risks.append(f"空白栏目 {empty} 个，达到单项否决标准（{VETO_EMPTY_COUNT} 个）")
    return risks
