"""清理 (validity review) and 解读 (interpretation) deadlines: plain rules for the admin reports.

* 有效期 ending soon: 有效期至 within the next ``window_days`` (default 90) days, so the
  drafting unit decides in time whether to extend, re-issue or let it lapse.
* 规范性文件 due for review: a 行政规范性文件 (文件体裁) or a document of 效力级别
  规范性文件 still in force whose last review (or, if never reviewed, its 成文日期) is
  at least ``period_years`` old. Design: the period is the library page's setting
  (default 2 years, a common local rule **[local]**).
* 解读 overdue: 规章 and 行政规范性文件 must have a published 解读 within the allowed
  number of working days after their 发布日期 (policy_library.md §6; default 3
  working days **[local]**). Working days come from ``workdays.engine``.

Plain Python: no Django imports.
"""
from __future__ import annotations

import datetime as _dt
from typing import Callable

from .validity import ENDED_STATES

DEFAULT_EXPIRY_WINDOW_DAYS = 90
DEFAULT_REVIEW_PERIOD_YEARS = 2
DEFAULT_INTERPRETATION_DELAY_WORKDAYS = 3

NORMATIVE_GENRES = ("行政规范性文件",)
NORMATIVE_LEVELS = ("规范性文件",)
#: 文件体裁 / 效力级别 that must be interpreted (规章 and 行政规范性文件).
INTERPRETED_GENRES = ("规章", "行政规范性文件")
INTERPRETED_LEVELS = ("部门规章", "地方政府规章", "规范性文件")


def _fmt(d: _dt.date) -> str:
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


def add_years(d: _dt.date, years: int) -> _dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def is_normative(genre: str, legal_level: str) -> bool:
    return genre in NORMATIVE_GENRES or legal_level in NORMATIVE_LEVELS


def needs_interpretation(genre: str, legal_level: str) -> bool:
    return genre in INTERPRETED_GENRES or legal_level in INTERPRETED_LEVELS


def expiring_within(expiry_date: _dt.date | None, today: _dt.date,
                    window_days: int = DEFAULT_EXPIRY_WINDOW_DAYS) -> bool:
    return expiry_date is not None and today <= expiry_date <= today + _dt.timedelta(days=window_days)


def review_due_on(formed_date: _dt.date | None, reviewed_on: _dt.date | None,
                  period_years: int = DEFAULT_REVIEW_PERIOD_YEARS) -> _dt.date | None:
    start = reviewed_on or formed_date
    return add_years(start, period_years) if start else None


def review_reasons(*, genre: str, legal_level: str, validity: str, formed_date: _dt.date | None,
                   expiry_date: _dt.date | None, reviewed_on: _dt.date | None, today: _dt.date,
                   window_days: int = DEFAULT_EXPIRY_WINDOW_DAYS,
                   period_years: int = DEFAULT_REVIEW_PERIOD_YEARS) -> list[str]:
    """Why a document is on the 清理 list (empty: it is not). Documents no longer in force are not."""
    if validity in ENDED_STATES:
        return []
    reasons = []
    if expiring_within(expiry_date, today, window_days):
        left = (expiry_date - today).days
        reasons.append(f"有效期至{_fmt(expiry_date)}（{'今天到期' if left == 0 else f'还有 {left} 天'}）")
    if is_normative(genre, legal_level):
        due = review_due_on(formed_date, reviewed_on, period_years)
        if due is not None and due <= today:
            since = f"上次清理于{_fmt(reviewed_on)}" if reviewed_on else f"成文于{_fmt(formed_date)}，未清理过"
            reasons.append(f"规范性文件已满 {period_years} 年（{since}）")
    return reasons


def interpretation_due(published_date: _dt.date, delay_workdays: int,
                       add_working_days: Callable[[_dt.date, int], _dt.date]) -> _dt.date:
    """Last day on which the 解读 may be published (day 0 = 发布日期)."""
    if delay_workdays < 0:
        raise ValueError("解读时限不能为负数")
    return add_working_days(published_date, delay_workdays)


def split_authorities(text: str | None) -> list[str]:
    """发文机关 as printed → the organs, lead first ("国务院、中央军委" → ["国务院", "中央军委"]).

    Joint documents separate organs with 、 ， , ; or spaces; stray text copied from a
    title ("…办公厅印发《") is cut at 印发 / 关于 / 《.
    """
    if not text:
        return []
    s = str(text)
    for stop in ("印发", "关于", "《"):
        pos = s.find(stop)
        if pos > 0:
            s = s[:pos]
    for sep in "，,;；/\u3000":
        s = s.replace(sep, "、")
    parts = []
    for chunk in s.split("、"):
        for piece in chunk.split():
            piece = piece.strip(" 　")
            if piece and piece not in parts:
                parts.append(piece)
    return parts


def lead_authority(text: str | None) -> str:
    parts = split_authorities(text)
    return parts[0][:120] if parts else ""
