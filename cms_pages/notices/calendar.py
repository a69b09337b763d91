"""The working-day calendar the 公示期 is counted on.

The workdays app keeps the statutory calendar; until it stores an admin-edited calendar in the
database, the offline package data (``workdays.seed``) is used, with the years after the data
marked provisional (weekends only), so a period in such a year is still computed, never refused.
"""
import datetime
from functools import lru_cache


@lru_cache(maxsize=4)
def _seed_calendar(through_year):
    from workdays.seed import build_calendar

    return build_calendar(provisional_through=through_year)


def work_calendar(today=None):
    try:  # a database-backed calendar, when the workdays app provides one
        from workdays.services import get_calendar  # type: ignore[import-not-found]
    except ImportError:
        get_calendar = None
    if get_calendar is not None:
        return get_calendar()
    today = today or datetime.date.today()
    return _seed_calendar(today.year + 2)
