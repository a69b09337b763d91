"""Tests for workdays.engine. Expectations are counted by hand (see comments)."""

import datetime as dt

import pytest

from workdays.engine import (
    CONFIRMED,
    DAY_HOLIDAY,
    DAY_MAKEUP,
    DAY_SUSPENDED,
    DAY_WEEKEND,
    OUTSIDE,
    PROVISIONAL,
    CalendarDataError,
    SpecialDay,
    Suspension,
    WorkCalendar,
)
from workdays.seed import build_calendar

D = dt.date

# A synthetic year: 2030 Labour Day rest 05-01 (Wed) .. 05-05 (Sun); Saturday 05-11 is worked.
#   April/May 2030:  Tue 04-30 | Wed 05-01 … Sun 05-05 rest | Mon 05-06 … Fri 05-10 | Sat 05-11 worked
SYNTH_ROWS = [
    SpecialDay(D(2030, 5, 1), "holiday", "劳动节"),
    SpecialDay(D(2030, 5, 2), "holiday", "劳动节"),
    SpecialDay(D(2030, 5, 3), "holiday", "劳动节"),
    SpecialDay(D(2030, 5, 4), "holiday", "劳动节"),
    SpecialDay(D(2030, 5, 5), "holiday", "劳动节"),
    SpecialDay(D(2030, 5, 11), "makeup_workday", "劳动节"),
]


@pytest.fixture
def synth():
    return WorkCalendar(SYNTH_ROWS, {2030: CONFIRMED})


@pytest.fixture(scope="module")
def real():
    return build_calendar()


# -- single days --------------------------------------------------------------

def test_holiday_weekday_is_not_working(synth):
    c = synth.is_working_day(D(2030, 5, 2))  # Thursday inside the holiday
    assert not c
    assert c.working is False and c.kind == DAY_HOLIDAY and c.name == "劳动节"
    assert c.provisional is False and c.reasons == [] and c.year_status == CONFIRMED


def test_makeup_saturday_is_working(synth):
    c = synth.is_working_day(D(2030, 5, 11))
    assert c and c.kind == DAY_MAKEUP


def test_ordinary_weekend_and_weekday(synth):
    assert not synth.is_working_day(D(2030, 5, 18))  # Saturday
    assert synth.is_working_day(D(2030, 5, 18)).kind == DAY_WEEKEND
    assert synth.is_working_day(D(2030, 5, 20))  # Monday


def test_outside_data_falls_back_to_mon_fri_but_is_provisional(synth):
    c = synth.is_working_day(D(2031, 3, 3))  # Monday, year not in the data
    assert c.working is True
    assert c.provisional is True and c.year_status == OUTSIDE
    assert "2031年不在工作日历数据范围内" in c.reasons[0]


def test_provisional_year_uses_estimates_and_is_marked():
    cal = WorkCalendar({D(2030, 5, 1): "holiday"}, {2030: PROVISIONAL}, names={D(2030, 5, 1): "劳动节"})
    c = cal.is_working_day(D(2030, 5, 1))
    assert c.working is False and c.name == "劳动节"
    assert c.provisional is True and "2030年为暂定年度" in c.reasons[0]
    assert cal.provisional_years == [2030] and cal.confirmed_years == []


def test_mapping_form_and_year_accessors(synth):
    cal = WorkCalendar({D(2030, 5, 1): "holiday", D(2030, 5, 11): "makeup_workday"}, {2030: CONFIRMED, 2031: PROVISIONAL})
    assert cal.years == {2030: CONFIRMED, 2031: PROVISIONAL}
    assert cal.year_status(2029) == OUTSIDE
    assert not cal.is_working_day(D(2030, 5, 1))
    assert cal.is_working_day(D(2030, 5, 11))


# -- bad data -----------------------------------------------------------------

def test_bad_kind_rejected_in_chinese():
    with pytest.raises(CalendarDataError, match="类型“rest”无效"):
        WorkCalendar({D(2030, 5, 1): "rest"}, {2030: CONFIRMED})


def test_special_day_in_undeclared_year_rejected():
    with pytest.raises(CalendarDataError, match="未登记"):
        WorkCalendar({D(2030, 5, 1): "holiday"}, {})


def test_bad_year_status_rejected():
    with pytest.raises(CalendarDataError, match="状态“maybe”无效"):
        WorkCalendar({}, {2030: "maybe"})


def test_conflicting_rows_rejected():
    rows = [SpecialDay(D(2030, 5, 1), "holiday"), SpecialDay(D(2030, 5, 1), "makeup_workday")]
    with pytest.raises(CalendarDataError, match="同时被标为"):
        WorkCalendar(rows, {2030: CONFIRMED})


def test_datetime_and_negative_n_rejected(synth):
    with pytest.raises(TypeError):
        synth.add_working_days(dt.datetime(2030, 5, 6, 9, 0), 1)
    with pytest.raises(ValueError, match="非负整数"):
        synth.add_working_days(D(2030, 5, 6), -1)


# -- counting -----------------------------------------------------------------

def test_add_skips_holiday(synth):
    # day 0 = Tue 04-30; 05-01..05-05 rest; Mon 05-06 = 1, 05-07 = 2, 05-08 = 3, 05-09 = 4, 05-10 = 5
    r = synth.add_working_days(D(2030, 4, 30), 5)
    assert r.date == D(2030, 5, 10)
    assert r.counted == [D(2030, 5, 6), D(2030, 5, 7), D(2030, 5, 8), D(2030, 5, 9), D(2030, 5, 10)]
    assert r.provisional is False and r.reasons == []


def test_add_counts_makeup_saturday(synth):
    # … 05-10 = 5, Sat 05-11 (make-up) = 6, Sun 05-12 rest, Mon 05-13 = 7
    assert synth.add_working_days(D(2030, 4, 30), 6).date == D(2030, 5, 11)
    assert synth.add_working_days(D(2030, 4, 30), 7).date == D(2030, 5, 13)


def test_trigger_on_non_working_day(synth):
    # day 0 on a holiday: the first working day after it (Mon 05-06) is day 1 — same as day 0 = 04-30
    assert synth.add_working_days(D(2030, 5, 3), 1).date == D(2030, 5, 6)
    assert synth.add_working_days(D(2030, 4, 30), 1).date == D(2030, 5, 6)


def test_zero_days_is_day_zero(synth):
    assert synth.add_working_days(D(2030, 5, 4), 0).date == D(2030, 5, 4)


def test_suspension_excludes_day_after_start_through_end(synth):
    # day 0 Mon 05-06; letter sent Tue 05-07 (counted: 1); 05-08, 05-09 excluded (reply on 05-09);
    # Fri 05-10 = 2, Sat 05-11 make-up = 3, Mon 05-13 = 4, Tue 05-14 = 5
    s = Suspension(D(2030, 5, 7), D(2030, 5, 9), "征求第三方意见")
    r = synth.add_working_days(D(2030, 5, 6), 5, [s])
    assert r.date == D(2030, 5, 14)
    assert [t.date for t in r.days if t.kind == DAY_SUSPENDED] == [D(2030, 5, 8), D(2030, 5, 9)]
    assert any("不计入（征求第三方意见）" in line and "共2个工作日" in line for line in r.explain())


def test_suspension_end_before_start_rejected():
    with pytest.raises(ValueError, match="早于开始日期"):
        Suspension(D(2030, 5, 9), D(2030, 5, 7))


def test_working_days_between(synth):
    assert synth.working_days_between(D(2030, 4, 30), D(2030, 5, 10)).count == 5
    assert synth.working_days_between(D(2030, 4, 30), D(2030, 5, 12)).count == 6  # Sat 05-11 counted
    assert synth.working_days_between(D(2030, 5, 10), D(2030, 5, 10)).count == 0
    with pytest.raises(ValueError, match="早于开始日期"):
        synth.working_days_between(D(2030, 5, 10), D(2030, 5, 9))


def test_between_marks_outside_year(synth):
    r = synth.working_days_between(D(2030, 12, 30), D(2031, 1, 2))
    # Tue 12-31 (2030) = 1; 2031-01-01 Wed, 01-02 Thu assumed working (outside data) → 3
    assert r.count == 3 and r.provisional is True
    assert len(r.reasons) == 1 and r.reasons[0].startswith("2031年")


def test_real_national_day_2025(real):
    # calendar.md §1 table: 09-28 (Sun, make-up) = 1; 09-29, 09-30 = 2–3; 10-01..10-08 holiday;
    # 10-09, 10-10 = 4–5; 10-11 (Sat, make-up) = 6; 10-13..17 = 7–11; 10-20..24 = 12–16; 10-27..30 = 17–20
    r = real.add_working_days(D(2025, 9, 26), 20)
    assert r.date == D(2025, 10, 30)
    expected = [D(2025, 9, 28), D(2025, 9, 29), D(2025, 9, 30), D(2025, 10, 9), D(2025, 10, 10), D(2025, 10, 11)]
    expected += [D(2025, 10, d) for d in (13, 14, 15, 16, 17, 20, 21, 22, 23, 24, 27, 28, 29, 30)]
    assert r.counted == expected
    assert r.provisional is False
    text = "\n".join(r.explain())
    assert "跳过法定节假日：2025-10-01（周三）至2025-10-08（周三）（国庆节、中秋节）" in text
    assert "计入调休上班日：2025-09-28（周日），国庆节调休上班，为第1个工作日" in text
    assert real.working_days_between(D(2025, 9, 26), D(2025, 10, 30)).count == 20


def test_naive_mon_fri_when_year_outside_data():
    # With no data at all, 2025 is outside: Mon–Fri gives 2025-10-24 (calendar.md §1) — but provisional.
    r = WorkCalendar({}, {}).add_working_days(D(2025, 9, 26), 20)
    assert r.date == D(2025, 10, 24)
    assert r.provisional is True


def test_window_entering_uncovered_year_is_provisional(real):
    # day 0 Tue 2026-12-15: 12-16..18 = 1–3; 12-21..25 = 4–8; 12-28..31 = 9–12;
    # 2027 outside the package data → Mon–Fri assumed: Fri 01-01 = 13 (!), 01-04..08 = 14–18, 01-11 = 19, 01-12 = 20
    r = real.add_working_days(D(2026, 12, 15), 20)
    assert r.date == D(2027, 1, 12)
    assert r.provisional is True
    assert len(r.reasons) == 1 and r.reasons[0].startswith("2027年不在工作日历数据范围内")
    assert r.explain()[-1].startswith("注意：2027年")


def test_window_inside_confirmed_year_not_provisional_even_if_day0_outside():
    # Only days after day 0 matter: day 0 in an outside year, window inside a confirmed one.
    cal = WorkCalendar(SYNTH_ROWS, {2030: CONFIRMED})
    r = cal.add_working_days(D(2029, 12, 31), 1)  # Mon 2029-12-31 → Tue 2030-01-01 (no holiday in synthetic data)
    assert r.date == D(2030, 1, 1) and r.provisional is False
