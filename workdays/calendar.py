"""Build a :class:`workdays.engine.WorkCalendar` from the database (the only calendar the
portal uses at run time), and seed/sync the tables from the offline ``chinesecalendar`` data."""
from __future__ import annotations

import datetime as _dt

from django.db import transaction

from workdays import engine, seed

def load_calendar() -> engine.WorkCalendar:
    """The working-day calendar from the SpecialDay and CalendarYear tables.

    Read afresh on every call (about 10 ms for the seeded 2004– data): a process-level cache
    would go stale when another worker process edits the calendar, or when a transaction that
    changed it rolls back. Callers that need it many times pass one instance around.
    """
    from workdays.models import CalendarYear, SpecialDay

    statuses = dict(CalendarYear.objects.values_list("year", "status"))
    rows = [
        engine.SpecialDay(d, k, n)
        for d, k, n in SpecialDay.objects.filter(year__in=list(statuses)).values_list("date", "kind", "name")
    ]
    return engine.WorkCalendar(rows, statuses)


def clear_cache() -> None:
    """Kept for callers written against the cached loader; there is no cache any more."""


@transaction.atomic
def sync_from_package(first_year: int | None = None, last_year: int | None = None, provisional_years: int = 1):
    """Add or update the package's rows; manual rows (source not from the package) win.

    Years the package covers are marked confirmed unless an administrator already set them;
    ``provisional_years`` years after the package's last year are created as provisional.
    Returns ``(created, updated, skipped_manual)``.
    """
    from workdays.models import CalendarYear, SpecialDay

    cov = seed.package_coverage()
    lo = cov.first_year if first_year is None else first_year
    hi = cov.last_year if last_year is None else last_year
    for year, status in seed.year_statuses(lo, hi + provisional_years).items():
        obj, created = CalendarYear.objects.get_or_create(
            year=year, defaults={"status": status, "notice_reference": seed.source_label() if status == engine.CONFIRMED else ""}
        )
        if not created and status == engine.CONFIRMED and obj.status != engine.CONFIRMED and not obj.confirmed_by_id:
            obj.status = engine.CONFIRMED
            obj.notice_reference = obj.notice_reference or seed.source_label()
            obj.save()
    existing = {s.date: s for s in SpecialDay.objects.filter(year__gte=lo, year__lte=hi)}
    created = updated = skipped = 0
    new_rows = []
    for r in seed.special_day_rows(lo, hi):
        cur = existing.get(r.date)
        if cur is None:
            new_rows.append(SpecialDay(date=r.date, kind=r.kind, name=r.name, year=r.year, source=r.source, note=r.note))
            created += 1
        elif not cur.from_package:
            skipped += 1
        elif (cur.kind, cur.name, cur.source, cur.note) != (r.kind, r.name, r.source, r.note):
            cur.kind, cur.name, cur.source, cur.note = r.kind, r.name, r.source, r.note
            cur.save()
            updated += 1
    SpecialDay.objects.bulk_create(new_rows)
    notify_changed(dates=[r.date for r in new_rows], years=list(range(lo, hi + 1)))
    return created, updated, skipped


def notify_changed(dates=(), years=()):
    """Tell receivers (after the transaction commits) that the calendar changed."""
    from workdays.signals import calendar_changed

    dates, years = list(dates), list(years)

    def send():
        calendar_changed.send(sender=load_calendar, dates=dates, years=years)

    transaction.on_commit(send)


def _on_model_change(sender, instance, **kwargs):
    from workdays.models import CalendarYear

    if isinstance(instance, CalendarYear):
        notify_changed(years=[instance.year])
    else:
        notify_changed(dates=[instance.date], years=[instance.date.year])


def connect_signals():
    from django.db.models.signals import post_delete, post_save

    from workdays.models import CalendarYear, SpecialDay

    for model in (CalendarYear, SpecialDay):
        post_save.connect(_on_model_change, sender=model, dispatch_uid=f"workdays_changed_{model.__name__}")
        post_delete.connect(_on_model_change, sender=model, dispatch_uid=f"workdays_deleted_{model.__name__}")


def today() -> _dt.date:
    from django.utils import timezone

    return timezone.localdate()
