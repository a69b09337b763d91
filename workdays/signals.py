"""``calendar_changed`` is sent (after commit) whenever special days or year statuses change.

Receivers (e.g. ``disclosure``) recompute open deadlines. ``workdays`` never imports them.
Arguments: ``dates`` — the changed dates (empty for a year-status change), ``years`` — the
years touched.
"""
from django.dispatch import Signal

calendar_changed = Signal()
