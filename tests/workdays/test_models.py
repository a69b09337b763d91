"""The database calendar: seeded from chinesecalendar by migration, admin-editable, years
confirmed/provisional, the loader building the engine calendar, manual rows winning over re-seeds."""
import datetime as dt

import pytest

from workdays import engine, seed
from workdays.calendar import clear_cache, load_calendar, sync_from_package
from workdays.models import CalendarYear, SpecialDay

pytestmark = pytest.mark.django_db
D = dt.date


def test_migration_seeded_package_years_confirmed_and_next_year_provisional():
    cov = seed.package_coverage()
    assert CalendarYear.objects.get(year=cov.last_year).status == "confirmed"
    assert CalendarYear.objects.get(year=cov.last_year + 1).status == "provisional"
    assert SpecialDay.objects.filter(year=2025).count() == len(seed.special_day_rows(2025, 2025))
    sd = SpecialDay.objects.get(date=D(2025, 9, 28))
    assert sd.kind == "makeup_workday" and sd.name == "国庆节" and sd.source.startswith("chinesecalendar")


def test_loader_gives_the_hand_computed_examples():
    clear_cache()
    cal = load_calendar()
    assert cal.add_working_days(D(2025, 9, 26), 20).date == D(2025, 10, 30)
    assert cal.add_working_days(D(2026, 2, 10), 20).date == D(2026, 3, 16)
    r = cal.add_working_days(D(2026, 12, 20), 20)
    assert r.provisional and any("2027年为暂定年度" in x for x in r.reasons)
    r = cal.add_working_days(D(2060, 1, 1), 1)
    assert r.provisional and any("2060年不在工作日历数据范围内" in x for x in r.reasons)


def test_edits_take_effect_immediately():
    assert load_calendar().is_working_day(D(2025, 10, 20))
    SpecialDay.objects.create(date=D(2025, 10, 20), kind="holiday", name="临时休假", source="示政办发〔2025〕1号")
    assert not load_calendar().is_working_day(D(2025, 10, 20))
    CalendarYear.objects.filter(year=2025).update(status="provisional")
    y = CalendarYear.objects.get(year=2025)
    y.save()
    assert load_calendar().year_status(2025) == "provisional"


def test_reseed_keeps_manual_rows_and_restores_package_rows():
    manual = SpecialDay.objects.get(date=D(2025, 10, 8))
    manual.name, manual.source = "手工改名", "示政办发〔2025〕2号"
    manual.save()
    SpecialDay.objects.filter(date=D(2025, 10, 11)).delete()
    created, updated, skipped = sync_from_package(2025, 2025)
    assert created == 1 and skipped == 1
    assert SpecialDay.objects.get(date=D(2025, 10, 8)).name == "手工改名"
    assert SpecialDay.objects.get(date=D(2025, 10, 11)).kind == engine.MAKEUP_WORKDAY


def test_validation_messages_in_chinese():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="尚未登记为日历年度"):
        SpecialDay(date=D(2070, 1, 1), kind="holiday").full_clean()
    with pytest.raises(ValidationError, match="调休上班日应为周六或周日"):
        SpecialDay(date=D(2025, 10, 20), kind="makeup_workday").full_clean()


def test_admin_can_edit_the_calendar_and_confirm_a_year(client_for):
    c = client_for("admin")
    assert c.get("/admin/snippets/workdays/specialday/").status_code == 200
    y = CalendarYear.objects.get(year=2027)
    r = c.post(f"/admin/snippets/workdays/calendaryear/edit/{y.pk}/",
               {"year": "2027", "status": "confirmed", "notice_reference": "国办发明电〔2026〕X号", "note": ""})
    assert r.status_code == 302, r.content.decode()[:500]
    y.refresh_from_db()
    assert y.status == "confirmed" and y.confirmed_at is not None and y.confirmed_by.username == "admin"
    r = c.post("/admin/snippets/workdays/specialday/add/",
               {"date": "2027-02-06", "kind": "holiday", "name": "春节", "source": "国办发明电〔2026〕X号", "note": ""})
    assert r.status_code == 302
    assert SpecialDay.objects.filter(date=D(2027, 2, 6), year=2027).exists()
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(content_type__app_label="workdays").count() >= 2  # audit log


def test_december_check_warns_when_next_year_is_provisional():
    from workdays.checks import next_year_confirmed

    cov = seed.package_coverage()
    warnings = next_year_confirmed(today=D(cov.last_year, 12, 1))
    assert [w.id for w in warnings] == ["workdays.W001"] and f"{cov.last_year + 1}年的工作日历尚未确认" in warnings[0].msg
    assert next_year_confirmed(today=D(cov.last_year, 11, 30)) == []
    CalendarYear.objects.filter(year=cov.last_year + 1).update(status="confirmed")
    assert next_year_confirmed(today=D(cov.last_year, 12, 1)) == []


def test_date_range_entry_as_the_notice_is_written(client_for, django_capture_on_commit_callbacks):
    c = client_for("admin")
    assert c.get("/admin/workdays/range/").status_code == 200
    r = c.post("/admin/workdays/range/", {"start": "2027-10-01", "end": "2027-10-07", "kind": "holiday",
                                          "name": "国庆节", "source": "国办发明电〔2026〕X号"})
    assert r.status_code == 302
    assert SpecialDay.objects.filter(date__range=(D(2027, 10, 1), D(2027, 10, 7)), kind="holiday").count() == 7
    r = c.post("/admin/workdays/range/", {"start": "2027-10-08", "end": "2027-10-08", "kind": "makeup_workday",
                                          "name": "国庆节", "source": "x"})
    assert "调休上班日应为周六或周日" in r.content.decode()
    r = c.post("/admin/workdays/range/", {"start": "2080-01-02", "end": "2080-01-01", "kind": "holiday", "name": "x", "source": "x"})
    assert "结束日期早于开始日期" in r.content.decode()
    assert client_for("editor").get("/admin/workdays/range/").status_code in (302, 403)
