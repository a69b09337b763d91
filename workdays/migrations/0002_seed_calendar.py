"""Seed the calendar from the offline chinesecalendar package: covered years confirmed, the
following year provisional (calendar.md §3)."""
from django.db import migrations


def seed_calendar(apps, schema_editor):
    from workdays import seed

    CalendarYear = apps.get_model("workdays", "CalendarYear")
    SpecialDay = apps.get_model("workdays", "SpecialDay")
    cov = seed.package_coverage()
    for year, status in seed.year_statuses(cov.first_year, cov.last_year + 1).items():
        CalendarYear.objects.get_or_create(
            year=year,
            defaults={"status": status, "notice_reference": seed.source_label() if status == "confirmed" else ""},
        )
    existing = set(SpecialDay.objects.values_list("date", flat=True))
    SpecialDay.objects.bulk_create(
        [
            SpecialDay(date=r.date, kind=r.kind, name=r.name, year=r.year, source=r.source, note=r.note)
            for r in seed.special_day_rows()
            if r.date not in existing
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(seed_calendar, migrations.RunPython.noop)]
