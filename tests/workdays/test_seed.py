"""Tests for workdays.seed against the pinned chinesecalendar 1.11.0 data."""

import datetime as dt

import pytest

from workdays.engine import CONFIRMED, OUTSIDE, PROVISIONAL
from workdays.seed import (
    IN_LIEU_NOTE,
    build_calendar,
    package_coverage,
    special_day_rows,
    year_statuses,
)

D = dt.date


def test_pinned_package_coverage():
    cov = package_coverage()
    # calendar.md §4: chinesecalendar 1.11.0 covers 2004–2026
    assert (cov.version, cov.first_year, cov.last_year) == ("1.11.0", 2004, 2026)
    assert cov.years[0] == 2004 and cov.years[-1] == 2026 and len(cov.years) == 23


def test_whole_range_counts_match_calendar_md():
    rows = special_day_rows()
    # calendar.md §4: 621 rest dates, 150 make-up working days, 151 in-lieu days
    assert sum(r.kind == "holiday" for r in rows) == 621
    assert sum(r.kind == "makeup_workday" for r in rows) == 150
    assert sum(r.note == IN_LIEU_NOTE for r in rows) == 151
    assert all(r.source == "chinesecalendar 1.11.0" for r in rows)
    assert rows == sorted(rows, key=lambda r: r.date)


def test_makeup_days_2025_and_2026():
    # calendar.md §1
    mk25 = [r.date for r in special_day_rows(2025, 2025) if r.kind == "makeup_workday"]
    assert mk25 == [D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)]
    mk26 = [r.date for r in special_day_rows(2026, 2026) if r.kind == "makeup_workday"]
    assert mk26 == [D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)]


def test_national_day_2025_rows_and_names():
    rows = {r.date: r for r in special_day_rows(2025, 2025)}
    for day in range(1, 9):
        assert rows[D(2025, 10, day)].kind == "holiday"
    assert rows[D(2025, 10, 1)].name == "国庆节"
    assert rows[D(2025, 10, 6)].name == "中秋节"
    assert rows[D(2025, 9, 28)].name == "国庆节" and rows[D(2025, 9, 28)].kind == "makeup_workday"
    # 10-07 and 10-08 (Tue, Wed) are weekdays made rest days by 调休
    assert rows[D(2025, 10, 8)].note == IN_LIEU_NOTE
    assert rows[D(2025, 10, 4)].note == ""  # a Saturday: rest anyway
    assert rows[D(2025, 10, 1)].year == 2025


def test_names_are_chinese_notice_names():
    names = {r.name for r in special_day_rows()}
    assert {"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"} <= names
    assert all(not n.isascii() for n in names)


def test_outside_years_give_no_rows_and_statuses():
    assert special_day_rows(2027, 2030) == []
    assert year_statuses(2003, 2028) == {
        **{y: CONFIRMED for y in range(2004, 2027)},
        2027: PROVISIONAL,
        2028: PROVISIONAL,
    }
    with pytest.raises(ValueError, match="晚于结束年份"):
        special_day_rows(2026, 2025)
    with pytest.raises(ValueError, match="晚于结束年份"):
        year_statuses(2026, 2025)


def test_build_calendar_statuses():
    cal = build_calendar(2025, 2026, provisional_through=2027)
    assert cal.years == {2025: CONFIRMED, 2026: CONFIRMED, 2027: PROVISIONAL}
    assert cal.year_status(2024) == OUTSIDE
    assert not cal.is_working_day(D(2025, 10, 1))
    assert cal.is_working_day(D(2025, 10, 11))
    c = cal.is_working_day(D(2027, 1, 1))  # provisional year without entered holidays
    assert c.working is True and c.provisional is True
