"""Bulletin-board rules (notices.md §2, §3, §4, §6) — plain Python, no Django imports.

Everything here takes plain values (dates, datetimes, ints, strings) so it can be unit-tested
without a database and reused by the admin form, the public listing and the feeds:

* 公示期: inclusive start/end dates, the live status 未开始 / 公示中 / 已结束, the default end
  date from a length in working or calendar days, the kind's minimum length.
* 置顶: a pin always has an end; active pins come first (priority high→low, then pin start
  newer→older), everything else by publication time newest first. Whether a pin is active is
  computed from the clock at the time of asking, so an expired pin drops back on its own.
* 过期 (Plone-style): an expired notice leaves listings and feeds but its page keeps working.
* 附件: allowed formats, size limit, and a content sniff so a renamed file is refused.
* 签收名单: per-recipient status (signed / read / not read) with a colour and a sort order.

Errors are ``ValueError`` subclasses with a Chinese message that says what to fix.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Iterable, Protocol, Sequence

# ---------------------------------------------------------------------------------------------
# errors


class NoticeRuleError(ValueError):
    """A notice's data breaks a bulletin-board rule; the message says what to fix."""

    field = None  # the form field the message belongs to (None: the whole form)

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        if field is not None:
            self.field = field


class PeriodError(NoticeRuleError):
    field = "period_end"


class PinError(NoticeRuleError):
    field = "pin_until"


class ExpiryError(NoticeRuleError):
    field = "expires_at"


class AttachmentError(NoticeRuleError):
    field = "document"


# ---------------------------------------------------------------------------------------------
# dates


def format_date(d: _dt.date) -> str:
    """``2026年3月2日`` (GB/T 9704 style: Arabic numerals, no leading zeros)."""
    return f"{d.year}年{d.month}月{d.day}日"


def format_datetime(dt: _dt.datetime) -> str:
    return f"{format_date(dt.date())} {dt:%H:%M}"


# ---------------------------------------------------------------------------------------------
# 公示期 (notices.md §2)

NOT_STARTED = "未开始"
ACTIVE = "公示中"
ENDED = "已结束"
PERIOD_STATUSES = (NOT_STARTED, ACTIVE, ENDED)
#: CSS-friendly keys for the statuses (the label itself is always shown as text too)
PERIOD_STATUS_KEYS = {NOT_STARTED: "scheduled", ACTIVE: "active", ENDED: "ended"}

WORKDAYS = "workdays"
CALENDAR_DAYS = "calendar"
PERIOD_UNITS = {WORKDAYS: "工作日", CALENDAR_DAYS: "日（自然日）"}
#: notices.md §2.2: the default for an unspecified 公示 is 5 working days
DEFAULT_PERIOD_LENGTH = 5
DEFAULT_PERIOD_UNIT = WORKDAYS


class WorkingDayCalendar(Protocol):  # what workdays.engine.WorkCalendar offers
    def add_working_days(self, start: _dt.date, n: int): ...


def period_status(start: _dt.date | None, end: _dt.date | None, today: _dt.date) -> str | None:
    """未开始 / 公示中 / 已结束 for an inclusive period on ``today``; None without a period."""
    if start is None or end is None:
        return None
    if today < start:
        return NOT_STARTED
    if today > end:
        return ENDED
    return ACTIVE


def period_end(start: _dt.date, length: int, unit: str = WORKDAYS,
               calendar: WorkingDayCalendar | None = None) -> _dt.date:
    """Last day (inclusive) of a period of ``length`` days beginning on ``start``.

    The start date counts as day 1 when it is a working day (notices.md §2.1); in calendar days
    the start date is always day 1. Working days need ``calendar`` (a ``WorkCalendar``).
    """
    if not isinstance(length, int) or length < 1:
        raise PeriodError(f"公示期长度应为不少于1的整数，收到：{length!r}", field="period_start")
    if unit == CALENDAR_DAYS:
        return start + _dt.timedelta(days=length - 1)
    if unit != WORKDAYS:
        raise PeriodError(f"公示期单位“{unit}”无效，应为工作日或自然日", field="period_start")
    if calendar is None:
        raise PeriodError("按工作日计算公示期需要工作日历", field="period_start")
    # day 0 is the day before the start, so the start itself is counted when it is a working day
    return calendar.add_working_days(start - _dt.timedelta(days=1), length).date


def validate_period(start: _dt.date | None, end: _dt.date | None, *, required: bool = False,
                    minimum_end: _dt.date | None = None, minimum_label: str = "") -> None:
    """Raise ``PeriodError`` when the period is incomplete, reversed or shorter than the minimum."""
    if start is None and end is None:
        if required:
            raise PeriodError("本类通知须填写公示期：请填写公示开始日期和结束日期", field="period_start")
        return
    if start is None:
        raise PeriodError("已填写公示结束日期，请同时填写公示开始日期", field="period_start")
    if end is None:
        raise PeriodError("已填写公示开始日期，请同时填写公示结束日期")
    if end < start:
        raise PeriodError(
            f"公示结束日期（{format_date(end)}）早于开始日期（{format_date(start)}），请更正"
        )
    if minimum_end is not None and end < minimum_end:
        raise PeriodError(
            f"公示期不得少于{minimum_label or '规定期限'}：自{format_date(start)}起，"
            f"结束日期不得早于{format_date(minimum_end)}，可以延长但不能缩短"
        )


def period_text(start: _dt.date, end: _dt.date) -> str:
    """The conventional public wording: ``公示期为2026年3月2日至2026年3月6日``."""
    return f"公示期为{format_date(start)}至{format_date(end)}"


def length_label(length: int, unit: str) -> str:
    return f"{length}个工作日" if unit == WORKDAYS else f"{length}日"


# ---------------------------------------------------------------------------------------------
# 置顶 (notices.md §3)

PIN_SCOPE_LIST = "list"  # the column's own list only
PIN_SCOPE_HOME = "home"  # the column list and the home-page block
PIN_SCOPES = {PIN_SCOPE_LIST: "仅栏目列表", PIN_SCOPE_HOME: "栏目列表和首页"}
DEFAULT_PIN_DAYS = 7
DEFAULT_MAX_ACTIVE_PINS = 3


def pin_is_active(pinned: bool, pin_until: _dt.datetime | None, now: _dt.datetime) -> bool:
    """A pin is active until (excluding) its end time. A pin without an end is not a pin."""
    return bool(pinned) and pin_until is not None and now < pin_until


def pin_active_in_scope(pinned, pin_until, scope, now, *, on_home: bool) -> bool:
    if not pin_is_active(pinned, pin_until, now):
        return False
    return scope == PIN_SCOPE_HOME if on_home else True


def default_pin_until(now: _dt.datetime, days: int = DEFAULT_PIN_DAYS) -> _dt.datetime:
    return now + _dt.timedelta(days=days)


def validate_pin(pinned: bool, pin_until: _dt.datetime | None, now: _dt.datetime, *,
                 previous_pin_until: _dt.datetime | None = None, previously_pinned: bool = False,
                 max_days: int | None = None) -> None:
    """Refuse a pin without an end, or a pin set (or moved) to a time already past.

    An expired pin that the editor does not touch is left alone: re-saving a notice whose pin
    has run out is not an error (it simply is not pinned any more).
    """
    if not pinned:
        return
    if pin_until is None:
        raise PinError("置顶须设置截止时间：置顶到期后自动按发布时间排序")
    unchanged = previously_pinned and previous_pin_until is not None and pin_until == previous_pin_until
    if pin_until <= now and not unchanged:
        raise PinError(
            f"置顶截止时间（{format_datetime(pin_until)}）已过，请选择当前时间（{format_datetime(now)}）之后的时间"
        )
    if max_days is not None and pin_until - now > _dt.timedelta(days=max_days) and not unchanged:
        raise PinError(f"置顶时间不得超过{max_days}天，请缩短置顶截止时间")


def check_pin_capacity(active_pin_titles: Sequence[str], maximum: int) -> None:
    """Refuse one pin more than the scope allows and name the pins the editor can end."""
    if maximum and len(active_pin_titles) >= maximum:
        names = "、".join(f"《{t}》" for t in active_pin_titles)
        raise PinError(
            f"本栏目已有{len(active_pin_titles)}条置顶（上限{maximum}条）：{names}。"
            "请先结束其中一条的置顶，再置顶本条", field="pinned",
        )


@dataclass(frozen=True)
class ListingEntry:
    """What the ordering rule needs to know about one notice."""

    id: int
    published: _dt.date | None  # 发布日期
    published_at: _dt.datetime | None = None  # first publication time (tie-break within a day)
    pinned: bool = False
    pin_until: _dt.datetime | None = None
    pin_priority: int = 0
    pinned_at: _dt.datetime | None = None
    pin_scope: str = PIN_SCOPE_LIST


_MIN_DATE = _dt.date.min
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)


def _ts(dt: _dt.datetime | None) -> float:
    if dt is None:
        return float("-inf")
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=_dt.timezone.utc)
    return (dt - _EPOCH).total_seconds()


def listing_key(entry: ListingEntry, now: _dt.datetime, *, on_home: bool = False):
    """Sort key: active pins first (priority desc, pin start desc), then date desc, newest first."""
    active = pin_active_in_scope(entry.pinned, entry.pin_until, entry.pin_scope, now, on_home=on_home)
    published = (entry.published or _MIN_DATE).toordinal()
    if active:
        return (0, -entry.pin_priority, -_ts(entry.pinned_at), -published, -_ts(entry.published_at), -entry.id)
    return (1, 0, 0.0, -published, -_ts(entry.published_at), -entry.id)


def order_listing(entries: Iterable[ListingEntry], now: _dt.datetime, *, on_home: bool = False):
    return sorted(entries, key=lambda e: listing_key(e, now, on_home=on_home))


# ---------------------------------------------------------------------------------------------
# 过期 (Plone-style expiry; notices.md §3 "Notices do not use Wagtail's expiry")


def is_expired(expires_at: _dt.datetime | None, now: _dt.datetime) -> bool:
    return expires_at is not None and expires_at <= now


def validate_expiry(expires_at: _dt.datetime | None, now: _dt.datetime, *,
                    previous: _dt.datetime | None = None,
                    published_at: _dt.datetime | None = None) -> None:
    if expires_at is None or expires_at == previous:
        return
    if expires_at <= now:
        raise ExpiryError(
            f"过期时间（{format_datetime(expires_at)}）已过：请选择将来的时间；"
            "如需立即从列表撤下，请选择稍后的时间或联系审核人"
        )
    if published_at is not None and expires_at <= published_at:
        raise ExpiryError("过期时间不能早于发布时间，请更正")


# ---------------------------------------------------------------------------------------------
# 附件 (notices.md §4)

#: extension → (label, content signatures); an empty tuple means "text, no signature"
ATTACHMENT_FORMATS = {
    "pdf": ("PDF", (b"%PDF-",)),
    "ofd": ("OFD", (b"PK\x03\x04",)),
    "doc": ("Word 97-2003", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    "docx": ("Word", (b"PK\x03\x04",)),
    "xls": ("Excel 97-2003", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    "xlsx": ("Excel", (b"PK\x03\x04",)),
    "wps": ("WPS 文字", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PK\x03\x04")),
    "et": ("WPS 表格", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PK\x03\x04")),
    "zip": ("ZIP 压缩包", (b"PK\x03\x04", b"PK\x05\x06")),
    "txt": ("文本", ()),
}
DEFAULT_ATTACHMENT_EXTENSIONS = ("pdf", "ofd", "doc", "docx", "xls", "xlsx", "wps", "et", "zip")
DEFAULT_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / (1024 * 1024):.1f} MB"


def extension_of(filename: str) -> str:
    name = (filename or "").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_attachment(filename: str, size: int | None, head: bytes | None, *,
                     allowed: Sequence[str] = DEFAULT_ATTACHMENT_EXTENSIONS,
                     max_bytes: int = DEFAULT_ATTACHMENT_MAX_BYTES) -> None:
    """Refuse an attachment of a format not allowed, over the size limit, or whose content does
    not match its extension (e.g. an .exe renamed to .pdf)."""
    display = (filename or "").rsplit("/", 1)[-1] or "（无文件名）"
    ext = extension_of(filename)
    labels = "、".join(e.upper() for e in allowed)
    if ext not in allowed:
        shown = f".{ext}" if ext else "无扩展名"
        raise AttachmentError(f"附件《{display}》的格式（{shown}）不允许：通知公告附件只接受 {labels} 格式")
    if size is not None and size > max_bytes:
        raise AttachmentError(
            f"附件《{display}》大小为 {human_size(size)}，超过通知公告附件上限 {human_size(max_bytes)}，"
            "请压缩或拆分后重新上传"
        )
    if size == 0:
        raise AttachmentError(f"附件《{display}》是空文件，请重新上传")
    signatures = ATTACHMENT_FORMATS.get(ext, ("", ()))[1]
    if signatures and head is not None and not any(head.startswith(sig) for sig in signatures):
        raise AttachmentError(
            f"附件《{display}》的内容与扩展名 .{ext} 不符（文件可能已损坏或被改了扩展名），请重新导出后上传"
        )


# ---------------------------------------------------------------------------------------------
# 阅读与签收名单 (notices.md §6)

SIGNED = "signed"
READ = "read"
UNREAD = "unread"
RECEIPT_LABELS = {SIGNED: "已签收", READ: "已读未签收", UNREAD: "未读"}
READ_LABELS = {SIGNED: "已读", READ: "已读", UNREAD: "未读"}
GREEN, AMBER, RED = "green", "amber", "red"
COLOUR_LABELS = {GREEN: "已完成", AMBER: "进行中", RED: "已逾期或未通知"}


@dataclass(frozen=True)
class RosterRow:
    user_id: int
    name: str
    unit: str
    read_at: _dt.datetime | None
    acknowledged_at: _dt.datetime | None
    reminded_at: _dt.datetime | None = None
    # 单位签收: the unit whose designated person signs for this recipient ("" = signs personally),
    # whether this recipient is one of those designated people, and who signed for the unit when.
    signing_unit: str = ""
    is_unit_signer: bool = False
    unit_signed_by: str = ""
    unit_signed_at: _dt.datetime | None = None


@dataclass(frozen=True)
class RosterStatus:
    row: RosterRow
    status: str  # SIGNED / READ / UNREAD
    label: str
    colour: str
    done: bool
    overdue: bool


def roster_status(row: RosterRow, *, requires_ack: bool, deadline: _dt.datetime | None,
                  now: _dt.datetime, notified: bool = True) -> RosterStatus:
    """Status, colour and lateness of one recipient.

    Done means signed (签收 required) or read (no 签收). Colours (notices.md §6): green done;
    amber not yet done, deadline not passed (or reminded by e-mail); red deadline passed, or
    never notified.
    """
    by_unit = requires_ack and bool(row.signing_unit)
    if (row.unit_signed_at if by_unit else row.acknowledged_at) is not None:
        status = SIGNED
    elif row.read_at is not None:
        status = READ
    else:
        status = UNREAD
    done = status == SIGNED if requires_ack else status != UNREAD
    overdue = not done and deadline is not None and now > deadline
    if done:
        colour = GREEN
    elif overdue or not (notified or row.reminded_at):
        colour = RED
    else:
        colour = AMBER
    label = RECEIPT_LABELS[status] if requires_ack else READ_LABELS[status]
    if by_unit:
        label = unit_signing_label(status, row)
    return RosterStatus(row, status, label, colour, done, overdue)


def unit_signing_label(status: str, row: RosterRow) -> str:
    if status == SIGNED:
        return f"单位已签收（{row.unit_signed_by}）"
    read = "已读" if status == READ else "未读"
    return f"{read}，待单位签收" if row.is_unit_signer else f"{read}，由单位指定签收人签收"


# ---------------------------------------------------------------------------------------------
# 单位签收 (notices.md §6 "or the unit's designated person, when addressed to a unit")


def signing_unit(unit_chain: Sequence[int], designated_units: Iterable[int], *,
                 addressed_personally: bool) -> int | None:
    """The addressed unit whose designated person signs for a recipient, or None if the recipient
    signs personally.

    ``unit_chain`` is the recipient's unit then its parents (nearest first); ``designated_units``
    the notice's addressed units that have a designated person. The nearest such unit wins. A
    recipient also addressed by name or by group signs personally (they were addressed in their
    own right, not only as a member of the unit)."""
    if addressed_personally:
        return None
    designated = set(designated_units)
    for unit_id in unit_chain:
        if unit_id in designated:
            return unit_id
    return None


def needs_reminder(status: RosterStatus) -> bool:
    """催办 goes to recipients still outstanding, but a unit's 签收 is chased only with its
    designated person, never with every member of the unit."""
    if status.done:
        return False
    return not status.row.signing_unit or status.row.is_unit_signer


class DesignationError(ValueError):
    """A designated person for 单位签收 who does not belong to the unit."""


def check_designation(unit_name: str, person: str, person_unit_id: int | None, unit_id: int) -> None:
    if person_unit_id is None:
        raise DesignationError(f"{person}未登记所属单位，不能指定为“{unit_name}”的签收人；请先在“人员所属单位”中登记")
    if person_unit_id != unit_id:
        raise DesignationError(f"{person}不属于“{unit_name}”，只能指定本单位人员为签收人")


def order_roster(statuses: Iterable[RosterStatus]) -> list[RosterStatus]:
    """Overdue first, then outstanding, then done; within each by unit and name."""
    def key(s: RosterStatus):
        rank = 0 if s.overdue else (1 if not s.done else 2)
        return (rank, s.row.unit, s.row.name, s.row.user_id)

    return sorted(statuses, key=key)


def outstanding(statuses: Iterable[RosterStatus]) -> list[RosterStatus]:
    return [s for s in statuses if not s.done]


def to_remind(statuses: Iterable[RosterStatus]) -> list[RosterStatus]:
    return [s for s in statuses if needs_reminder(s)]


# ---------------------------------------------------------------------------------------------
# 栏目更新 (site_rules.md §1: a level-1 通知公告 column not updated for 6 months counts towards the veto)

FRESHNESS_LIMIT_DAYS = 183  # about 6 months
FRESHNESS_WARN_DAYS = 150


def freshness(last_published: _dt.date | None, today: _dt.date, *, limit: int = FRESHNESS_LIMIT_DAYS,
              warn: int = FRESHNESS_WARN_DAYS):
    """(state, days since the last new item): "ok", "warn" (approaching), "stale" (over the limit)
    or "empty" (nothing published: a 空白栏目)."""
    if last_published is None:
        return "empty", None
    days = (today - last_published).days
    if days >= limit:
        return "stale", days
    if days >= warn:
        return "warn", days
    return "ok", days


# ---------------------------------------------------------------------------------------------
# 名单按单位汇总 (notices.md §6 "a roster per unit and per person")


@dataclass(frozen=True)
class UnitSummary:
    unit: str
    total: int
    done: int
    read: int
    signed: int
    overdue: int

    @property
    def outstanding(self) -> int:
        return self.total - self.done

    @property
    def colour(self) -> str:
        if self.done == self.total:
            return GREEN
        return RED if self.overdue else AMBER


def summarise_by_unit(statuses: Iterable[RosterStatus]) -> list[UnitSummary]:
    """One line per unit, units with overdue people first, then outstanding, then done."""
    groups: dict[str, list[RosterStatus]] = {}
    for s in statuses:
        groups.setdefault(s.row.unit, []).append(s)
    result = [
        UnitSummary(unit=unit, total=len(items), done=sum(1 for s in items if s.done),
                    read=sum(1 for s in items if s.status != UNREAD),
                    signed=sum(1 for s in items if s.status == SIGNED),
                    overdue=sum(1 for s in items if s.overdue))
        for unit, items in groups.items()
    ]
    return sorted(result, key=lambda u: (0 if u.overdue else (1 if u.outstanding else 2), u.unit))


# ---------------------------------------------------------------------------------------------
# 自动催办 (notices.md §6 "optional automatic reminders at configurable intervals")


def auto_reminder_due(status: RosterStatus, *, interval: _dt.timedelta, last_contact: _dt.datetime | None,
                      published_at: _dt.datetime | None, deadline: _dt.datetime | None, now: _dt.datetime,
                      reminders_so_far: int = 0, max_reminders: int | None = None) -> bool:
    """Whether one recipient gets an automatic reminder now.

    Only while not done and the deadline (if any) has not passed; at most once per ``interval``
    counted from the last e-mail (notification or reminder), else from publication; never more
    than ``max_reminders`` in all (automatic ones, for notices without a deadline)."""
    if status.done:
        return False
    if deadline is not None and now >= deadline:
        return False
    if max_reminders is not None and reminders_so_far >= max_reminders:
        return False
    since = last_contact or published_at
    return since is None or now - since >= interval


def validate_auto_remind(days: int | None, *, is_internal: bool, max_days: int = 30) -> None:
    if days is None:
        return
    if not is_internal:
        raise NoticeRuleError("只有内部通知可以设置自动催办", field="auto_remind_days")
    if days < 1 or days > max_days:
        raise NoticeRuleError(f"自动催办间隔须在1至{max_days}天之间", field="auto_remind_days")


# ---------------------------------------------------------------------------------------------
# 邮件订阅 (notices.md §5.2): what a subscriber wants, and when a digest is due

IMMEDIATE, DAILY, WEEKLY = "immediate", "daily", "weekly"
FREQUENCIES = {IMMEDIATE: "即时（每次发布或重大更新时）", DAILY: "每日摘要", WEEKLY: "每周摘要"}
DEFAULT_DIGEST_WEEKDAY = 0  # Monday


def subscription_matches(*, kind_id: int | None, unit_ids: Iterable[int], topic_ids: Iterable[int],
                         wanted_kinds: Iterable[int], wanted_units: Iterable[int],
                         wanted_topics: Iterable[int]) -> bool:
    """A notice matches when every dimension the subscriber chose matches (empty = all).

    ``unit_ids`` is the notice's issuing unit with its parents and ``topic_ids`` its 主题分类
    with its first-level parent, so choosing a unit or first-level topic includes what is below."""
    for have, wanted in ((set() if kind_id is None else {kind_id}, wanted_kinds),
                         (set(unit_ids), wanted_units), (set(topic_ids), wanted_topics)):
        wanted = set(wanted)
        if wanted and not (have & wanted):
            return False
    return True


def digest_due(frequency: str, last_sent: _dt.date | None, today: _dt.date, *,
               weekday: int = DEFAULT_DIGEST_WEEKDAY) -> bool:
    """Daily: once per calendar day. Weekly: on ``weekday`` (0 = Monday), or as soon as a run
    finds 7 days have passed (a missed run does not skip a week). ``last_sent`` is the date of
    the last digest, or of the confirmation for a new subscriber."""
    if frequency == DAILY:
        return last_sent is None or last_sent < today
    if frequency == WEEKLY:
        if last_sent is None:
            return today.weekday() == weekday
        if last_sent >= today:
            return False
        return today.weekday() == weekday or (today - last_sent).days >= 7
    return False


def rate_limit_message(kind: str, limit: int, window_seconds: int, retry_seconds: int) -> str:
    who = "同一电子邮箱" if kind == "email" else "同一网络地址"
    minutes = max(1, -(-retry_seconds // 60))
    window = f"{window_seconds // 3600}小时" if window_seconds % 3600 == 0 else f"{max(1, window_seconds // 60)}分钟"
    return f"订阅申请过于频繁：{who}每{window}最多提交{limit}次，请约{minutes}分钟后再试"
