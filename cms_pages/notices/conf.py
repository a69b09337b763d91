"""Bulletin-board settings with defaults.

Override any of them in the Django settings as a dict, e.g.::

    GONGKAI_NOTICES = {"PIN_MAX_ACTIVE": 5, "FEED_LENGTH": 30}

Per-kind 公示 lengths are data on ``NoticeKind`` (admin-editable); ``PERIOD_DEFAULT_LENGTH`` and
``PERIOD_DEFAULT_UNIT`` apply to kinds that leave their length empty.
"""
from django.conf import settings

from . import rules

DEFAULTS = {
    "PERIOD_DEFAULT_LENGTH": rules.DEFAULT_PERIOD_LENGTH,  # notices.md §2.2: 5 working days
    "PERIOD_DEFAULT_UNIT": rules.DEFAULT_PERIOD_UNIT,
    "PIN_DEFAULT_DAYS": rules.DEFAULT_PIN_DAYS,
    "PIN_MAX_DAYS": 90,
    "PIN_MAX_ACTIVE": rules.DEFAULT_MAX_ACTIVE_PINS,  # per scope (column list / home block)
    "FEED_LENGTH": 20,
    "ATTACHMENT_EXTENSIONS": rules.DEFAULT_ATTACHMENT_EXTENSIONS,
    "ATTACHMENT_MAX_BYTES": rules.DEFAULT_ATTACHMENT_MAX_BYTES,
    "ATTACHMENT_SCAN_MAX_CHARS": 2_000_000,  # text extracted per attachment for the PII scan
    "CONFIRM_TOKEN_MAX_AGE": 7 * 24 * 3600,  # double opt-in link validity, seconds
    "CONFIRM_RESEND_INTERVAL": 10 * 60,  # a pending subscription's mail is re-sent at most this often
    # subscription requests (form posts) per window, per e-mail address and per client IP
    "SUBSCRIBE_RATE_WINDOW": 3600,
    "SUBSCRIBE_RATE_PER_EMAIL": 5,
    "SUBSCRIBE_RATE_PER_IP": 20,
    "DIGEST_WEEKDAY": rules.DEFAULT_DIGEST_WEEKDAY,  # weekly digests go out on Mondays
    "DIGEST_MAX_ITEMS": 50,
    "AUTO_REMIND_MAX": 5,  # automatic reminders per person when the notice has no 签收 deadline
}


def get(name):
    return getattr(settings, "GONGKAI_NOTICES", {}).get(name, DEFAULTS[name])
