"""System check (calendar.md §3): from 1 December, warn when next year is still provisional."""
from django.core.checks import Warning, register


@register("gongkai")
def next_year_confirmed(app_configs=None, today=None, **kwargs):
    from django.db import DatabaseError
    from django.utils import timezone

    today = today or timezone.localdate()
    if today.month != 12:
        return []
    try:
        from workdays.models import CalendarYear

        status = CalendarYear.objects.filter(year=today.year + 1).values_list("status", flat=True).first()
    except DatabaseError:  # tables not migrated yet
        return []
    if status == "confirmed":
        return []
    return [
        Warning(
            f"{today.year + 1}年的工作日历尚未确认：请在“工作日历”中录入国务院办公厅放假安排并确认该年度，"
            "否则跨年的法定期限只能标为预计日期",
            id="workdays.W001",
        )
    ]
