"""Seed data for the working-day calendar, from the offline ``chinesecalendar`` package.

The package (import name ``chinese_calendar``) ships the State Council holiday
arrangements as two dicts in ``chinese_calendar.constants``:

* ``holidays``: every rest date of each statutory holiday period (including
  the Saturdays/Sundays inside the period and the weekdays made rest days by
  调休), value = English festival name;
* ``workdays``: the make-up working days (调休上班日, Saturdays/Sundays that
  are worked);
* ``in_lieu_days``: the subset of ``holidays`` that are weekdays turned into
  rest days by 调休 (recorded here only as a note).

No network access happens here. The package version is recorded as the
``source`` of every row so that a later re-seed only touches package rows
(manual entries win — calendar.md §4). Years the package covers are seeded as
*confirmed*; later years are *provisional* (calendar.md §3).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

import chinese_calendar
from chinese_calendar import constants as _cc

from workdays.engine import CONFIRMED, HOLIDAY, MAKEUP_WORKDAY, PROVISIONAL, SpecialDay, WorkCalendar

#: The package's short Chinese names normalised to the names used in the
#: State Council notice (元旦 … 国庆节).
_NAME_FIXES = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}

IN_LIEU_NOTE = "调休放假（原为工作日）"


@dataclass(frozen=True)
class SeedRow:
    """One special day, ready to be stored in the special-days table."""

    date: _dt.date
    kind: str  # 'holiday' | 'makeup_workday'
    name: str  # festival name in Chinese
    year: int
    source: str  # e.g. "chinesecalendar 1.11.0"
    note: str = ""

    def as_special_day(self) -> SpecialDay:
        return SpecialDay(self.date, self.kind, self.name)


@dataclass(frozen=True)
class PackageCoverage:
    version: str
    first_year: int
    last_year: int

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year


def package_version() -> str:
    return getattr(chinese_calendar, "__version__", "unknown")


def source_label() -> str:
    return f"chinesecalendar {package_version()}"


def package_coverage() -> PackageCoverage:
    """Years for which the installed package has data.

    Same rule the package itself uses to refuse a date: the span from the
    first to the last year present in its ``holidays`` dict.
    """
    years = [d.year for d in _cc.holidays]
    return PackageCoverage(package_version(), min(years), max(years))


def _zh_name(english: str) -> str:
    try:
        zh = _cc.Holiday(english).chinese
    except ValueError:  # a name the enum does not know: keep it visible
        return english
    return _NAME_FIXES.get(zh, zh)


def special_day_rows(first_year: int | None = None, last_year: int | None = None) -> list[SeedRow]:
    """Holiday and make-up-working-day rows for ``first_year``..``last_year`` (inclusive).

    Defaults to the package's whole coverage. Years outside the coverage simply
    yield no rows — use :func:`package_coverage` / :func:`year_statuses` to see
    which years are confirmed.
    """
    cov = package_coverage()
    lo = cov.first_year if first_year is None else first_year
    hi = cov.last_year if last_year is None else last_year
    if lo > hi:
        raise ValueError(f"起始年份 {lo} 晚于结束年份 {hi}，请调换")
    src = source_label()
    in_lieu = set(_cc.in_lieu_days)
    rows: list[SeedRow] = []
    for d, english in _cc.holidays.items():
        if lo <= d.year <= hi:
            note = IN_LIEU_NOTE if d in in_lieu else ""
            rows.append(SeedRow(d, HOLIDAY, _zh_name(english), d.year, src, note))
    for d, english in _cc.workdays.items():
        if lo <= d.year <= hi:
            rows.append(SeedRow(d, MAKEUP_WORKDAY, _zh_name(english), d.year, src, "调休上班"))
    rows.sort(key=lambda r: r.date)
    return rows


def year_statuses(first_year: int, last_year: int) -> dict[int, str]:
    """Status to seed for each year in the range.

    Years the package covers → ``'confirmed'``; years **after** its last year →
    ``'provisional'`` (weekends only until the notice is entered). Years
    before its first year are left out (outside the data).
    """
    if first_year > last_year:
        raise ValueError(f"起始年份 {first_year} 晚于结束年份 {last_year}，请调换")
    cov = package_coverage()
    out: dict[int, str] = {}
    for y in range(first_year, last_year + 1):
        if cov.covers(y):
            out[y] = CONFIRMED
        elif y > cov.last_year:
            out[y] = PROVISIONAL
    return out


def build_calendar(
    first_year: int | None = None,
    last_year: int | None = None,
    provisional_through: int | None = None,
) -> WorkCalendar:
    """A :class:`WorkCalendar` straight from the package data (tests, scripts).

    Covered years in the range are confirmed. If ``provisional_through`` is
    given, the years after the package's last year up to it are added as
    provisional (no special days). Everything else is outside the data.
    """
    cov = package_coverage()
    lo = cov.first_year if first_year is None else first_year
    hi = cov.last_year if last_year is None else last_year
    statuses = {y: s for y, s in year_statuses(lo, hi).items() if s == CONFIRMED}
    if provisional_through is not None:
        for y in range(cov.last_year + 1, provisional_through + 1):
            statuses[y] = PROVISIONAL
    rows = [r.as_special_day() for r in special_day_rows(lo, hi) if r.year in statuses]
    return WorkCalendar(rows, statuses)
