"""Which bulletin boards are close to, or over, the 6-month update threshold."""
from django.db.models import Max
from django.utils import timezone

from . import rules


def stale_boards(today=None):
    from .models import NoticeIndexPage, NoticePage

    today = today or timezone.localdate()
    rows = []
    for board in NoticeIndexPage.objects.live():
        last = NoticePage.objects.child_of(board).public_notices().aggregate(last=Max("published_date"))["last"]
        state, days = rules.freshness(last, today)
        if state != "ok":
            rows.append({"board": board, "state": state, "days": days, "last": last})
    return rows
