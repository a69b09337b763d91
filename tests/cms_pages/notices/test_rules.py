"""Pure bulletin-board rules: no database."""
import datetime as dt
import random

import pytest

from cms_pages.notices import rules
from workdays.seed import build_calendar

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def cal():
    return build_calendar(provisional_through=2028)


# -- 公示期 ------------------------------------------------------------------------------------

@pytest.mark.parametrize("today, expected", [
    (dt.date(2026, 3, 1), rules.NOT_STARTED),
    (dt.date(2026, 3, 2), rules.ACTIVE),  # start day counts
    (dt.date(2026, 3, 4), rules.ACTIVE),
    (dt.date(2026, 3, 6), rules.ACTIVE),  # end day counts
    (dt.date(2026, 3, 7), rules.ENDED),
])
def test_period_status_is_inclusive_on_both_ends(today, expected):
    assert rules.period_status(dt.date(2026, 3, 2), dt.date(2026, 3, 6), today) == expected


def test_no_period_has_no_status():
    assert rules.period_status(None, None, dt.date(2026, 3, 1)) is None


def test_five_working_days_count_the_start_day_when_it_is_a_working_day(cal):
    # Monday 2 March 2026 → Friday 6 March
    assert rules.period_end(dt.date(2026, 3, 2), 5, rules.WORKDAYS, cal) == dt.date(2026, 3, 6)


def test_working_days_skip_the_national_day_holiday_and_count_the_makeup_saturday(cal):
    # 2025-09-29 (Mon), 09-30, [10-01..10-08 holiday], 10-09 (Thu), 10-10 (Fri), 10-11 (Sat, 调休上班)
    assert rules.period_end(dt.date(2025, 9, 29), 5, rules.WORKDAYS, cal) == dt.date(2025, 10, 11)


def test_start_on_a_weekend_counts_from_the_next_working_day(cal):
    assert rules.period_end(dt.date(2026, 3, 1), 5, rules.WORKDAYS, cal) == dt.date(2026, 3, 6)


def test_calendar_days_count_the_start_day():
    assert rules.period_end(dt.date(2026, 3, 2), 3, rules.CALENDAR_DAYS) == dt.date(2026, 3, 4)


def test_period_end_needs_a_positive_length_and_known_unit(cal):
    with pytest.raises(rules.PeriodError, match="不少于1"):
        rules.period_end(dt.date(2026, 3, 2), 0, rules.WORKDAYS, cal)
    with pytest.raises(rules.PeriodError, match="单位"):
        rules.period_end(dt.date(2026, 3, 2), 5, "weeks", cal)


def test_end_before_start_is_refused_with_both_dates():
    with pytest.raises(rules.PeriodError) as exc:
        rules.validate_period(dt.date(2026, 3, 6), dt.date(2026, 3, 2))
    assert "公示结束日期（2026年3月2日）早于开始日期（2026年3月6日）" in str(exc.value)
    assert exc.value.field == "period_end"


def test_period_shorter_than_the_minimum_is_refused_and_names_the_earliest_end():
    with pytest.raises(rules.PeriodError, match="不得少于5个工作日.*不得早于2026年3月6日"):
        rules.validate_period(dt.date(2026, 3, 2), dt.date(2026, 3, 5), minimum_end=dt.date(2026, 3, 6),
                              minimum_label="5个工作日")
    rules.validate_period(dt.date(2026, 3, 2), dt.date(2026, 3, 20), minimum_end=dt.date(2026, 3, 6))  # longer is fine


def test_incomplete_or_missing_required_period():
    with pytest.raises(rules.PeriodError, match="须填写公示期"):
        rules.validate_period(None, None, required=True)
    with pytest.raises(rules.PeriodError, match="开始日期"):
        rules.validate_period(None, dt.date(2026, 3, 2))
    rules.validate_period(None, None)  # optional and absent


def test_public_period_wording():
    assert rules.period_text(dt.date(2026, 3, 2), dt.date(2026, 3, 6)) == "公示期为2026年3月2日至2026年3月6日"


# -- 置顶 --------------------------------------------------------------------------------------

def test_pin_is_active_until_its_end_exclusive():
    end = NOW + dt.timedelta(hours=1)
    assert rules.pin_is_active(True, end, NOW)
    assert not rules.pin_is_active(True, end, end)
    assert not rules.pin_is_active(True, None, NOW)  # a pin without an end is no pin
    assert not rules.pin_is_active(False, end, NOW)


def test_pin_needs_an_end_in_the_future():
    with pytest.raises(rules.PinError, match="须设置截止时间"):
        rules.validate_pin(True, None, NOW)
    with pytest.raises(rules.PinError, match="已过"):
        rules.validate_pin(True, NOW - dt.timedelta(minutes=1), NOW)
    rules.validate_pin(True, NOW + dt.timedelta(days=1), NOW)
    rules.validate_pin(False, None, NOW)


def test_an_expired_pin_left_untouched_is_not_an_error():
    old_end = NOW - dt.timedelta(days=2)
    rules.validate_pin(True, old_end, NOW, previous_pin_until=old_end, previously_pinned=True)
    with pytest.raises(rules.PinError):  # moving it to another past time is
        rules.validate_pin(True, old_end - dt.timedelta(days=1), NOW, previous_pin_until=old_end, previously_pinned=True)


def test_pin_longer_than_the_maximum_is_refused():
    with pytest.raises(rules.PinError, match="不得超过90天"):
        rules.validate_pin(True, NOW + dt.timedelta(days=91), NOW, max_days=90)


def test_pin_capacity_names_the_pins_to_end():
    rules.check_pin_capacity(["甲", "乙"], 3)
    with pytest.raises(rules.PinError, match="已有3条置顶（上限3条）：《甲》、《乙》、《丙》"):
        rules.check_pin_capacity(["甲", "乙", "丙"], 3)


def _entry(i, day, **kw):
    return rules.ListingEntry(id=i, published=dt.date(2026, 3, day),
                              published_at=dt.datetime(2026, 3, day, 8, tzinfo=UTC), **kw)


def test_precedence_active_pins_by_priority_then_pin_start_then_dates():
    later = NOW + dt.timedelta(days=3)
    items = [
        _entry(1, 9),
        _entry(2, 1, pinned=True, pin_until=later, pin_priority=0, pinned_at=NOW - dt.timedelta(days=1)),
        _entry(3, 2, pinned=True, pin_until=later, pin_priority=5, pinned_at=NOW - dt.timedelta(days=2)),
        _entry(4, 3, pinned=True, pin_until=later, pin_priority=0, pinned_at=NOW - dt.timedelta(hours=1)),
        _entry(5, 8, pinned=True, pin_until=NOW - dt.timedelta(seconds=1), pin_priority=9,
               pinned_at=NOW - dt.timedelta(days=9)),  # expired pin: back to its date
        _entry(6, 5),
    ]
    assert [e.id for e in rules.order_listing(items, NOW)] == [3, 4, 2, 1, 5, 6]


def test_home_scope_only_lifts_pins_meant_for_the_home_page():
    later = NOW + dt.timedelta(days=3)
    items = [_entry(1, 9), _entry(2, 1, pinned=True, pin_until=later, pin_scope=rules.PIN_SCOPE_LIST),
             _entry(3, 2, pinned=True, pin_until=later, pin_scope=rules.PIN_SCOPE_HOME)]
    assert [e.id for e in rules.order_listing(items, NOW)][:2] in ([2, 3], [3, 2])
    assert [e.id for e in rules.order_listing(items, NOW, on_home=True)] == [3, 1, 2]


def test_pins_fall_back_to_date_order_once_the_clock_passes_their_end():
    end = NOW + dt.timedelta(days=1)
    items = [_entry(1, 9), _entry(2, 1, pinned=True, pin_until=end, pinned_at=NOW)]
    assert [e.id for e in rules.order_listing(items, NOW)] == [2, 1]
    assert [e.id for e in rules.order_listing(items, end)] == [1, 2]


# -- 过期 --------------------------------------------------------------------------------------

def test_expiry():
    assert not rules.is_expired(None, NOW)
    assert not rules.is_expired(NOW + dt.timedelta(seconds=1), NOW)
    assert rules.is_expired(NOW, NOW)
    with pytest.raises(rules.ExpiryError, match="已过"):
        rules.validate_expiry(NOW - dt.timedelta(hours=1), NOW)
    rules.validate_expiry(NOW - dt.timedelta(hours=1), NOW, previous=NOW - dt.timedelta(hours=1))  # unchanged
    rules.validate_expiry(NOW + dt.timedelta(days=30), NOW)


# -- 附件 --------------------------------------------------------------------------------------

def test_attachment_of_a_format_not_allowed():
    with pytest.raises(rules.AttachmentError, match=r"《setup.exe》的格式（\.exe）不允许.*PDF"):
        rules.check_attachment("documents/setup.exe", 100, b"MZ\x90\x00")


def test_attachment_over_the_size_limit():
    with pytest.raises(rules.AttachmentError, match="大小为 25.0 MB，超过通知公告附件上限 20.0 MB"):
        rules.check_attachment("名单.pdf", 25 * 1024 * 1024, b"%PDF-1.7")


def test_attachment_whose_content_does_not_match_its_extension():
    with pytest.raises(rules.AttachmentError, match="内容与扩展名 .pdf 不符"):
        rules.check_attachment("renamed.pdf", 1000, b"MZ\x90\x00")
    rules.check_attachment("ok.pdf", 1000, b"%PDF-1.4\n")
    rules.check_attachment("ok.xlsx", 1000, b"PK\x03\x04")
    rules.check_attachment("old.doc", 1000, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


def test_empty_attachment():
    with pytest.raises(rules.AttachmentError, match="空文件"):
        rules.check_attachment("a.pdf", 0, b"")


# -- 签收名单 ----------------------------------------------------------------------------------

def _row(uid, unit="A", read=None, ack=None, reminded=None):
    return rules.RosterRow(uid, f"u{uid}", unit, read, ack, reminded)


def test_roster_status_and_colours_with_acknowledgement():
    deadline = NOW + dt.timedelta(days=1)
    signed = rules.roster_status(_row(1, read=NOW, ack=NOW), requires_ack=True, deadline=deadline, now=NOW)
    read = rules.roster_status(_row(2, read=NOW), requires_ack=True, deadline=deadline, now=NOW)
    unread = rules.roster_status(_row(3), requires_ack=True, deadline=deadline, now=NOW)
    never_told = rules.roster_status(_row(4), requires_ack=True, deadline=deadline, now=NOW, notified=False)
    late = rules.roster_status(_row(5, read=NOW), requires_ack=True, deadline=deadline, now=deadline + dt.timedelta(1))
    assert (signed.label, signed.colour, signed.done) == ("已签收", rules.GREEN, True)
    assert (read.label, read.colour, read.done) == ("已读未签收", rules.AMBER, False)
    assert (unread.label, unread.colour) == ("未读", rules.AMBER)
    assert never_told.colour == rules.RED
    assert late.overdue and late.colour == rules.RED


def test_without_acknowledgement_reading_is_done():
    s = rules.roster_status(_row(1, read=NOW), requires_ack=False, deadline=None, now=NOW)
    assert s.done and s.label == "已读" and s.colour == rules.GREEN


def test_roster_order_puts_overdue_first_then_outstanding_then_done():
    deadline = NOW - dt.timedelta(hours=1)
    rows = [_row(1, unit="B", read=NOW, ack=NOW), _row(2, unit="C"), _row(3, unit="A", read=NOW)]
    no_deadline = rules.order_roster(rules.roster_status(r, requires_ack=True, deadline=None, now=NOW) for r in rows)
    assert [s.row.user_id for s in no_deadline] == [3, 2, 1]  # outstanding by unit A, C; then done
    overdue = rules.order_roster(rules.roster_status(r, requires_ack=True, deadline=deadline, now=NOW) for r in rows)
    assert [s.overdue for s in overdue] == [True, True, False]


def test_listing_key_is_total_even_with_missing_dates():
    random.seed(7)
    items = [rules.ListingEntry(id=i, published=None if i % 3 == 0 else dt.date(2026, 1, 1 + i % 20))
             for i in range(30)]
    ordered = rules.order_listing(items, NOW)
    assert [e.id for e in ordered][-10:] == sorted([e.id for e in items if e.published is None], reverse=True)


def test_freshness_thresholds():
    today = dt.date(2026, 9, 1)
    assert rules.freshness(None, today) == ("empty", None)
    assert rules.freshness(today - dt.timedelta(days=10), today) == ("ok", 10)
    assert rules.freshness(today - dt.timedelta(days=150), today) == ("warn", 150)
    assert rules.freshness(today - dt.timedelta(days=183), today) == ("stale", 183)


# -- per-unit roster, automatic reminders, subscriptions (no database) ---------------------------------

def _status(name, unit, *, read=None, signed=None, deadline=None, now=None):
    row = rules.RosterRow(user_id=hash(name) % 1000, name=name, unit=unit, read_at=read, acknowledged_at=signed)
    return rules.roster_status(row, requires_ack=True, deadline=deadline, now=now or NOW)


def test_summarise_by_unit_puts_units_with_overdue_people_first():
    deadline = NOW - dt.timedelta(hours=1)
    statuses = [
        _status("甲", "财政局", signed=NOW, read=NOW, deadline=deadline),
        _status("乙", "财政局", read=NOW, deadline=deadline),
        _status("丙", "东城区", signed=NOW, read=NOW, deadline=deadline),
        _status("丁", "卫健委", deadline=None),
    ]
    summary = rules.summarise_by_unit(statuses)
    assert [u.unit for u in summary] == ["财政局", "卫健委", "东城区"]
    finance = summary[0]
    assert (finance.total, finance.read, finance.signed, finance.outstanding, finance.overdue) == (2, 2, 1, 1, 1)
    assert [u.colour for u in summary] == [rules.RED, rules.AMBER, rules.GREEN]


def test_auto_reminder_due():
    day = dt.timedelta(days=1)
    pending = _status("乙", "财政局")
    done = _status("甲", "财政局", signed=NOW, read=NOW)
    kwargs = dict(interval=2 * day, published_at=NOW - 10 * day, deadline=None, now=NOW)
    assert rules.auto_reminder_due(pending, last_contact=NOW - 2 * day, **kwargs)
    assert not rules.auto_reminder_due(pending, last_contact=NOW - day, **kwargs)
    assert rules.auto_reminder_due(pending, last_contact=None, **kwargs)  # from publication
    assert not rules.auto_reminder_due(done, last_contact=None, **kwargs)
    assert not rules.auto_reminder_due(pending, last_contact=None, **{**kwargs, "deadline": NOW})
    assert not rules.auto_reminder_due(pending, last_contact=None, reminders_so_far=3, max_reminders=3, **kwargs)


def test_validate_auto_remind():
    rules.validate_auto_remind(None, is_internal=False)
    rules.validate_auto_remind(3, is_internal=True)
    with pytest.raises(rules.NoticeRuleError, match="只有内部通知"):
        rules.validate_auto_remind(3, is_internal=False)
    with pytest.raises(rules.NoticeRuleError, match="1至30天"):
        rules.validate_auto_remind(0, is_internal=True)


def test_subscription_matches_every_chosen_dimension():
    match = dict(kind_id=1, unit_ids=[10, 1], topic_ids=[20, 2])  # unit 10 under 1, topic 20 under 2
    assert rules.subscription_matches(**match, wanted_kinds=[], wanted_units=[], wanted_topics=[])
    assert rules.subscription_matches(**match, wanted_kinds=[1, 3], wanted_units=[1], wanted_topics=[2])
    assert not rules.subscription_matches(**match, wanted_kinds=[3], wanted_units=[], wanted_topics=[])
    assert not rules.subscription_matches(**match, wanted_kinds=[1], wanted_units=[11], wanted_topics=[])
    assert not rules.subscription_matches(kind_id=1, unit_ids=[], topic_ids=[], wanted_kinds=[],
                                          wanted_units=[], wanted_topics=[2])


def test_digest_due():
    monday, tuesday = dt.date(2026, 3, 9), dt.date(2026, 3, 10)
    assert rules.digest_due(rules.DAILY, dt.date(2026, 3, 8), monday)
    assert not rules.digest_due(rules.DAILY, monday, monday)
    assert not rules.digest_due(rules.IMMEDIATE, None, monday)
    assert rules.digest_due(rules.WEEKLY, dt.date(2026, 3, 4), monday)
    assert not rules.digest_due(rules.WEEKLY, monday, monday)
    assert not rules.digest_due(rules.WEEKLY, dt.date(2026, 3, 5), tuesday)
    assert rules.digest_due(rules.WEEKLY, dt.date(2026, 3, 2), tuesday)  # missed Monday: 8 days
    assert rules.digest_due(rules.WEEKLY, dt.date(2026, 3, 4), dt.date(2026, 3, 11), weekday=2)


def test_rate_limit_message():
    assert rules.rate_limit_message("email", 5, 3600, 61) == "订阅申请过于频繁：同一电子邮箱每1小时最多提交5次，请约2分钟后再试"
    assert "同一网络地址每10分钟" in rules.rate_limit_message("ip", 20, 600, 5)


# 单位签收 -----------------------------------------------------------------------------------------


def test_signing_unit_is_the_nearest_addressed_unit_with_a_designated_person():
    from cms_pages.notices import rules as r

    assert r.signing_unit([5, 2, 1], {2, 1}, addressed_personally=False) == 2
    assert r.signing_unit([5, 2, 1], {7}, addressed_personally=False) is None
    assert r.signing_unit([5, 2, 1], {2}, addressed_personally=True) is None  # named or by group: signs personally


def test_unit_signed_rows_and_reminders():
    import datetime as dt

    from cms_pages.notices import rules as r

    now = dt.datetime(2026, 3, 5, tzinfo=dt.timezone.utc)
    member = r.RosterRow(1, "李四", "东城区", read_at=now, acknowledged_at=None, signing_unit="东城区")
    signer = r.RosterRow(2, "王文书", "东城区", read_at=None, acknowledged_at=None, signing_unit="东城区",
                         is_unit_signer=True)
    s_member = r.roster_status(member, requires_ack=True, deadline=None, now=now)
    s_signer = r.roster_status(signer, requires_ack=True, deadline=None, now=now)
    assert s_member.label == "已读，由单位指定签收人签收" and not s_member.done
    assert s_signer.label == "未读，待单位签收"
    assert r.to_remind([s_member, s_signer]) == [s_signer]
    signed = r.RosterRow(1, "李四", "东城区", read_at=None, acknowledged_at=now, signing_unit="东城区",
                         unit_signed_by="王文书", unit_signed_at=now)
    s = r.roster_status(signed, requires_ack=True, deadline=None, now=now)
    assert s.done and s.label == "单位已签收（王文书）" and r.to_remind([s]) == []


def test_designation_must_be_of_the_unit():
    import pytest as _pytest

    from cms_pages.notices import rules as r

    r.check_designation("东城区", "王文书", 3, 3)
    with _pytest.raises(r.DesignationError, match="不属于“东城区”"):
        r.check_designation("东城区", "王文书", 4, 3)
    with _pytest.raises(r.DesignationError, match="未登记所属单位"):
        r.check_designation("东城区", "王文书", None, 3)
