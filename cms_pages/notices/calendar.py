"""The working-day calendar the 公示期 is counted on: the portal's statutory calendar kept by the
workdays app (database tables edited in the admin). Years it does not cover are counted Monday to
Friday by the engine and marked provisional, so a period is always computed, never refused."""


def work_calendar():
    from workdays.calendar import load_calendar

    return load_calendar()
