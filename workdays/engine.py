"""Working-day (工作日) calendar engine — plain Python, no Django.

Rules implemented (``/work/shared/domain/calendar.md``):

* A date is a working day when it is (Monday–Friday and not a listed holiday)
  or a listed make-up working day (调休上班日).
* Counting convention (calendar.md §2): **day 0** is the trigger date (receipt
  of an application, formation of a document …). Counting starts on the
  **next** calendar day; only working days advance the count; the due date is
  the day on which the count reaches N. A trigger on a non-working day gives
  the same result as one on the preceding working day: the first working day
  after it is day 1.
* Suspensions exclude the working days from the day **after** the suspension
  starts up to and **including** the day it ends (calendar.md §2,
  disclosure.md §6.3). Counting resumes on the next working day.
* Years are *confirmed* (State Council notice entered and checked),
  *provisional* (no notice yet; only weekends and possibly estimated
  holidays) or *outside the data* (unknown to the calendar; Monday–Friday is
  assumed). Any result whose window touches a provisional or outside year is
  marked ``provisional=True`` with Chinese reasons. Results are never silently
  approximated.

The calendar is built from plain data so it can be fed from the database
(special-day and calendar-year tables) or from ``workdays.seed``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

HOLIDAY = "holiday"
MAKEUP_WORKDAY = "makeup_workday"
SPECIAL_DAY_KINDS = (HOLIDAY, MAKEUP_WORKDAY)

CONFIRMED = "confirmed"
PROVISIONAL = "provisional"
YEAR_STATUSES = (CONFIRMED, PROVISIONAL)
#: Pseudo-status for years the calendar has no entry for.
OUTSIDE = "outside"

# Day classifications used in traces.
DAY_WORKDAY = "workday"  # ordinary Monday–Friday
DAY_MAKEUP = "makeup_workday"  # 调休上班日 (Saturday/Sunday worked)
DAY_WEEKEND = "weekend"
DAY_HOLIDAY = "holiday"
DAY_SUSPENDED = "suspended"  # working day excluded by a suspension

WEEKDAY_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


class CalendarDataError(ValueError):
    """The plain data given to :class:`WorkCalendar` is inconsistent."""


def fmt(d: _dt.date) -> str:
    """``2025-10-30（周四）`` — the date format used in all explanations."""
    return f"{d.isoformat()}（{WEEKDAY_ZH[d.weekday()]}）"


def _reason_for_year(year: int, status: str) -> str:
    if status == PROVISIONAL:
        return (
            f"{year}年为暂定年度：国务院办公厅该年度节假日安排尚未录入并确认，"
            f"节假日和调休上班日可能变化，结果为预计日期"
        )
    return (
        f"{year}年不在工作日历数据范围内，暂按周一至周五为工作日推算"
        f"（未计入法定节假日和调休），结果为预计日期"
    )


@dataclass(frozen=True)
class SpecialDay:
    """One row of the special-days table: a holiday or a make-up working day."""

    date: _dt.date
    kind: str  # HOLIDAY | MAKEUP_WORKDAY
    name: str = ""  # festival name in Chinese, e.g. "国庆节"


@dataclass(frozen=True)
class Suspension:
    """A suspension of a running clock (consultation, fee …).

    Working days in the half-open window (``start``, ``end``] are excluded:
    the day the letter/notice is sent still counts, the day of the reply,
    payment or lapse does not.
    """

    start: _dt.date
    end: _dt.date
    label: str = "时限暂停"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(
                f"暂停的结束日期 {self.end.isoformat()} 早于开始日期 {self.start.isoformat()}，请更正日期"
            )

    def covers(self, d: _dt.date) -> bool:
        return self.start < d <= self.end


@dataclass(frozen=True)
class DayCheck:
    """Result of :meth:`WorkCalendar.is_working_day`.

    Truthy when the day is a working day, so ``if cal.is_working_day(d):``
    works; ``provisional`` and ``reasons`` say whether the answer relied on a
    provisional year or on the Monday–Friday fallback.
    """

    date: _dt.date
    working: bool
    kind: str  # DAY_WORKDAY | DAY_MAKEUP | DAY_WEEKEND | DAY_HOLIDAY
    name: str
    year_status: str  # CONFIRMED | PROVISIONAL | OUTSIDE
    provisional: bool
    reasons: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.working


@dataclass(frozen=True)
class TraceDay:
    """One calendar day examined while counting (after day 0)."""

    date: _dt.date
    kind: str  # DAY_* constant
    name: str  # festival name for holidays / make-up days, suspension label
    ordinal: int | None  # the working-day number reached on this day, if counted
    year_status: str


@dataclass(frozen=True)
class WorkdayResult:
    """Result of :meth:`WorkCalendar.add_working_days`."""

    start: _dt.date  # day 0
    n: int
    date: _dt.date  # the day on which the count reaches n
    provisional: bool
    reasons: list[str]
    days: tuple[TraceDay, ...]

    @property
    def counted(self) -> list[_dt.date]:
        return [t.date for t in self.days if t.ordinal is not None]

    def explain(self) -> list[str]:
        """Chinese trace: day 0, make-up days counted, holidays / suspensions skipped."""
        return explain_days(self.start, self.n, self.date, self.days, self.reasons)


@dataclass(frozen=True)
class CountResult:
    """Result of :meth:`WorkCalendar.working_days_between`."""

    start: _dt.date
    end: _dt.date
    count: int
    provisional: bool
    reasons: list[str]
    days: tuple[TraceDay, ...]


def _group_runs(
    days: Sequence[TraceDay], kind: str, bridge: tuple[str, ...]
) -> list[tuple[_dt.date, _dt.date, str]]:
    """Runs of days of ``kind``; days whose kind is in ``bridge`` do not break a run."""
    runs: list[list] = []
    current: list | None = None
    for t in days:
        if t.kind == kind:
            if current is None:
                current = [t.date, t.date, []]
                runs.append(current)
            current[1] = t.date
            if t.name and t.name not in current[2]:
                current[2].append(t.name)
        elif t.kind in bridge and current is not None:
            continue
        else:
            current = None
    return [(s, e, "、".join(names)) for s, e, names in runs]


def explain_days(
    start: _dt.date,
    n: int,
    due: _dt.date,
    days: Sequence[TraceDay],
    reasons: Sequence[str] = (),
) -> list[str]:
    lines = [f"第0日：{fmt(start)}（当日不计入，自次日起算）"]
    events: list[tuple[_dt.date, str]] = []
    for t in days:
        if t.ordinal is not None and t.kind == DAY_MAKEUP:
            events.append(
                (t.date, f"计入调休上班日：{fmt(t.date)}，{t.name or '调休'}调休上班，为第{t.ordinal}个工作日")
            )
    for s, e, names in _group_runs(days, DAY_HOLIDAY, (DAY_WEEKEND,)):
        span = fmt(s) if s == e else f"{fmt(s)}至{fmt(e)}"
        events.append((s, f"跳过法定节假日：{span}{'（' + names + '）' if names else ''}"))
    for s, e, label in _group_runs(days, DAY_SUSPENDED, (DAY_WEEKEND, DAY_HOLIDAY)):
        span = fmt(s) if s == e else f"{fmt(s)}至{fmt(e)}"
        k = sum(1 for t in days if t.kind == DAY_SUSPENDED and s <= t.date <= e)
        events.append((s, f"不计入（{label or '时限暂停'}）：{span}，共{k}个工作日"))
    lines.extend(line for _, line in sorted(events, key=lambda x: x[0]))
    if n == 0:
        lines.append(f"期限为0个工作日，到期日即第0日：{fmt(due)}")
    else:
        lines.append(f"第{n}个工作日：{fmt(due)}")
    for r in reasons:
        lines.append(f"注意：{r}")
    return lines


class WorkCalendar:
    """Working-day calendar built from plain data.

    :param special_days: mapping ``date -> kind`` (``'holiday'`` or
        ``'makeup_workday'``) **or** an iterable of :class:`SpecialDay` rows
        (which also carry festival names).
    :param year_status: mapping ``year -> 'confirmed' | 'provisional'`` for
        every year the data covers. Years missing here are *outside the data*:
        Monday–Friday is assumed there and every result touching them is
        marked provisional.
    :param names: optional ``date -> festival name`` when ``special_days`` is a
        plain mapping.
    """

    def __init__(
        self,
        special_days: Mapping[_dt.date, str] | Iterable[SpecialDay],
        year_status: Mapping[int, str],
        names: Mapping[_dt.date, str] | None = None,
    ) -> None:
        kinds: dict[_dt.date, str] = {}
        labels: dict[_dt.date, str] = dict(names or {})
        if isinstance(special_days, Mapping):
            items: Iterable[tuple[_dt.date, str, str]] = (
                (d, k, labels.get(d, "")) for d, k in special_days.items()
            )
        else:
            items = ((r.date, r.kind, r.name) for r in special_days)
        statuses: dict[int, str] = {}
        for y, s in year_status.items():
            if s not in YEAR_STATUSES:
                raise CalendarDataError(
                    f"{y}年的状态“{s}”无效，只能是 confirmed（已确认）或 provisional（暂定）"
                )
            statuses[int(y)] = s
        for d, k, name in items:
            if isinstance(d, _dt.datetime) or not isinstance(d, _dt.date):
                raise CalendarDataError(f"特殊日期必须是日期（date），收到：{d!r}")
            if k not in SPECIAL_DAY_KINDS:
                raise CalendarDataError(
                    f"{d.isoformat()} 的类型“{k}”无效，只能是 holiday（休假）或 makeup_workday（调休上班）"
                )
            if d.year not in statuses:
                raise CalendarDataError(
                    f"{d.isoformat()} 所在的{d.year}年未登记为已确认或暂定年度，请先登记该年度"
                )
            if d in kinds and kinds[d] != k:
                raise CalendarDataError(f"{d.isoformat()} 同时被标为休假和调休上班，请更正")
            kinds[d] = k
            if name:
                labels[d] = name
        self._kinds = kinds
        self._names = labels
        self._status = statuses

    # -- data --------------------------------------------------------------
    @property
    def years(self) -> dict[int, str]:
        """Covered years and their status."""
        return dict(sorted(self._status.items()))

    @property
    def confirmed_years(self) -> list[int]:
        return sorted(y for y, s in self._status.items() if s == CONFIRMED)

    @property
    def provisional_years(self) -> list[int]:
        return sorted(y for y, s in self._status.items() if s == PROVISIONAL)

    def year_status(self, year: int) -> str:
        """``'confirmed'``, ``'provisional'`` or ``'outside'``."""
        return self._status.get(year, OUTSIDE)

    # -- single day ----------------------------------------------------------
    def _trace_day(self, d: _dt.date, suspensions: tuple, count: int) -> TraceDay:
        """How ``d`` counts: a suspended or non-working day keeps ``count``; a working day
        is number ``count + 1`` (its ``ordinal``)."""
        working, kind, name, status = self._classify(d)
        if working:
            label = next((s.label for s in suspensions if s.covers(d)), None)
            if label is not None:
                return TraceDay(d, DAY_SUSPENDED, label, None, status)
            return TraceDay(d, kind, name, count + 1, status)
        return TraceDay(d, kind, name, None, status)

    def _classify(self, d: _dt.date) -> tuple[bool, str, str, str]:
        status = self.year_status(d.year)
        kind = self._kinds.get(d) if status != OUTSIDE else None
        name = self._names.get(d, "")
        if kind == MAKEUP_WORKDAY:
            return True, DAY_MAKEUP, name, status
        if kind == HOLIDAY:
            return False, DAY_HOLIDAY, name, status
        if d.weekday() >= 5:
            return False, DAY_WEEKEND, "", status
        return True, DAY_WORKDAY, "", status

    def is_working_day(self, d: _dt.date) -> DayCheck:
        """Is ``d`` a working day? Returns a truthy/falsy :class:`DayCheck`.

        Outside the data Monday–Friday is assumed and the check is marked
        provisional; in a provisional year the (possibly estimated) special
        days are used and the check is marked provisional.
        """
        d = _as_date(d)
        working, kind, name, status = self._classify(d)
        reasons = [] if status == CONFIRMED else [_reason_for_year(d.year, status)]
        return DayCheck(d, working, kind, name, status, status != CONFIRMED, reasons)

    # -- counting ----------------------------------------------------------
    def add_working_days(
        self,
        start: _dt.date,
        n: int,
        suspensions: Iterable[Suspension] = (),
    ) -> WorkdayResult:
        """The date on which the count of working days after ``start`` reaches ``n``.

        ``start`` is **day 0 and is not counted**; counting starts on the next
        calendar day and only working days (including make-up working days)
        advance it. Working days inside a suspension window (``s.start``,
        ``s.end``] are skipped. ``n == 0`` returns ``start`` itself.

        The result is ``provisional`` when any examined day (day 1 … due date)
        lies in a provisional year or outside the data.
        """
        start = _as_date(start)
        if not isinstance(n, int) or n < 0:
            raise ValueError(f"工作日数必须是非负整数，收到：{n!r}")
        susp = tuple(suspensions)
        days: list[TraceDay] = []
        count = 0
        d = start
        while count < n:
            d += _dt.timedelta(days=1)
            day = self._trace_day(d, susp, count)
            count = day.ordinal or count
            days.append(day)
        reasons = self._reasons(days)
        return WorkdayResult(start, n, d, bool(reasons), reasons, tuple(days))

    def working_days_between(
        self,
        start: _dt.date,
        end: _dt.date,
        suspensions: Iterable[Suspension] = (),
    ) -> CountResult:
        """Number of working days in (``start``, ``end``]: day 0 not counted, ``end`` counted.

        Consistent with :meth:`add_working_days`: if ``add_working_days(s, n)``
        is ``e`` then ``working_days_between(s, e).count == n``.
        """
        start, end = _as_date(start), _as_date(end)
        if end < start:
            raise ValueError(
                f"结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}，请检查日期顺序"
            )
        susp = tuple(suspensions)
        days: list[TraceDay] = []
        count = 0
        d = start
        while d < end:
            d += _dt.timedelta(days=1)
            day = self._trace_day(d, susp, count)
            count = day.ordinal or count
            days.append(day)
        reasons = self._reasons(days)
        return CountResult(start, end, count, bool(reasons), reasons, tuple(days))

    def _reasons(self, days: Sequence[TraceDay]) -> list[str]:
        seen: dict[int, str] = {}
        for t in days:
            if t.year_status != CONFIRMED and t.date.year not in seen:
                seen[t.date.year] = t.year_status
        return [_reason_for_year(y, s) for y, s in sorted(seen.items())]


def _as_date(d) -> _dt.date:
    if isinstance(d, _dt.datetime):
        raise TypeError("请传入日期（date），不要传入日期时间（datetime）；先按北京时间取日期")
    if not isinstance(d, _dt.date):
        raise TypeError(f"请传入日期（date），收到：{d!r}")
    return d
