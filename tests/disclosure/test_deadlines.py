"""Reply-clock and Art. 26 tests on the real calendar (chinesecalendar 1.11.0 via workdays.seed).

Every expected date is counted by hand in the comments (wd = working day). Relevant 2025/2026 data:
  2025 Qingming rest 04-04 (Fri)…04-06; National Day rest 10-01…10-08, make-up Sun 09-28 and Sat 10-11.
  2026 Spring Festival rest 02-15 (Sun)…02-23 (Mon), make-up Sat 02-14 and Sat 02-28.
  No holidays in 2025-03, 2025-06-03…2025-09-30, 2025-11, 2025-12.
"""

import datetime as dt

import pytest

from disclosure.deadlines import (
    ABANDONED,
    AGENCY,
    AWAITING_CORRECTION,
    CLOSED,
    NOT_STARTED,
    RUNNING,
    SUSPENDED,
    WITHDRAWN,
    Closed,
    ConsultationEnded,
    ConsultationStarted,
    CorrectionReceived,
    CorrectionRequested,
    DeadlineError,
    ExtensionGranted,
    FeeNoticeSent,
    FeePaid,
    Receipt,
    compute_deadline,
    correction_notice_deadline,
    is_late,
    proactive_publication_deadline,
    receipt_date,
)
from workdays.seed import build_calendar

D = dt.date


@pytest.fixture(scope="module")
def cal():
    return build_calendar()


def in_person(d):
    return Receipt("in_person", handed_in_on=d)


# -- the required cases ------------------------------------------------------------------

def test_national_day_2025(cal):
    # day 0 Fri 09-26. 1: Sun 09-28 (make-up); 2–3: 09-29, 09-30; 10-01…10-08 holiday;
    # 4–5: 10-09, 10-10; 6: Sat 10-11 (make-up); 7–11: 10-13…17; 12–16: 10-20…24; 17–20: 10-27…30
    d = compute_deadline([in_person(D(2025, 9, 26))], cal)
    assert d.due_date == D(2025, 10, 30)
    assert d.status == RUNNING and d.provisional is False and d.warnings == []
    text = "\n".join(d.steps)
    assert "当面提交：以申请人提交之日 2025-09-26（周五） 为收到申请之日" in text
    assert "计入调休上班日：2025-09-28（周日）" in text
    assert "跳过法定节假日：2025-10-01（周三）至2025-10-08（周三）（国庆节、中秋节）" in text
    assert d.steps[-1] == "答复期限届满日：2025-10-30（周四）（20个工作日）"


def test_correction_restarts_clock(cal):
    # Online application confirmed Mon 2025-03-03 (day 0). Correction notice due: 7 wd →
    #   03-04, 05, 06, 07, 10, 11, 12 → 2025-03-12. Notice sent Fri 03-07 (in time).
    # Corrected application received Thu 03-20 = new day 0:
    #   1: Fri 03-21; 2–6: 03-24…28; 7–10: 03-31…04-03 (Mon–Thu); 04-04…04-06 Qingming;
    #   11–15: 04-07…11; 16–20: 04-14…18 → 2025-04-18 (Fri)
    # (Without the restart it would have been 2025-03-31: 03-04…07 = 4, 03-10…14 = 9, 17…21 = 14, 24…28 = 19, 03-31 = 20.)
    events = [
        Receipt("online", arrived_on=D(2025, 3, 2), confirmed_on=D(2025, 3, 3)),
        CorrectionRequested(D(2025, 3, 7)),
        CorrectionReceived(D(2025, 3, 20)),
    ]
    d = compute_deadline(events, cal)
    assert d.due_date == D(2025, 4, 18)
    assert d.day0 == D(2025, 3, 20) and d.first_receipt == D(2025, 3, 3)
    assert d.correction_notice_due == D(2025, 3, 12)
    assert d.warnings == []
    assert any("新的第0日" in s for s in d.steps)
    assert any("跳过法定节假日：2025-04-04（周五）至2025-04-06（周日）（清明节）" in s for s in d.steps)
    assert compute_deadline(events[:1], cal).due_date == D(2025, 3, 31)


def test_awaiting_correction_has_no_due_date(cal):
    events = [in_person(D(2025, 3, 3)), CorrectionRequested(D(2025, 3, 7))]
    d = compute_deadline(events, cal)
    assert d.status == AWAITING_CORRECTION and d.due_date is None
    assert d.correction_notice_due == D(2025, 3, 12)


def test_late_and_repeated_correction_notice_warn(cal):
    # deadline for the notice is 2025-03-12 (see above); sent Thu 03-13
    events = [in_person(D(2025, 3, 3)), CorrectionRequested(D(2025, 3, 13))]
    d = compute_deadline(events, cal)
    assert len(d.warnings) == 1 and "最迟 2025-03-12（周三）" in d.warnings[0]
    # a second 补正 notice after the correction came in breaks 一次性告知
    again = [in_person(D(2025, 3, 3)), CorrectionRequested(D(2025, 3, 5)), CorrectionReceived(D(2025, 3, 10)),
             CorrectionRequested(D(2025, 3, 11))]
    d2 = compute_deadline(again, cal)
    assert d2.status == AWAITING_CORRECTION
    assert any("第2次补正告知" in w for w in d2.warnings)


def test_correction_lapsed_is_closed_without_due(cal):
    events = [in_person(D(2025, 3, 3)), CorrectionRequested(D(2025, 3, 7)), Closed(D(2025, 4, 1), ABANDONED)]
    d = compute_deadline(events, cal)
    assert d.status == CLOSED and d.due_date is None and d.closed_on == D(2025, 4, 1)


def test_third_party_consultation_pause(cal):
    # day 0 Mon 2025-06-09. 1–3: 06-10, 11, 12 (the letter goes out Thu 06-12; that day still counts).
    # Reply received Tue 06-24: excluded 06-13 (Fri), 06-16…20, 06-23, 06-24 = 8 wd.
    # Resume: 4: Wed 06-25, 5: 06-26, 6: 06-27, 7–11: 06-30…07-04, 12–16: 07-07…11,
    # 17: 07-14, 18: 07-15, 19: 07-16, 20: Thu 07-17
    events = [in_person(D(2025, 6, 9)), ConsultationStarted(D(2025, 6, 12)), ConsultationEnded(D(2025, 6, 24))]
    d = compute_deadline(events, cal)
    assert d.due_date == D(2025, 7, 17)
    assert d.suspended_working_days == 8 and d.status == RUNNING
    assert any("不计入（征求第三方意见）：2025-06-13（周五）至2025-06-24（周二），共8个工作日" in s for s in d.steps)


def test_parallel_consultations_pause_until_last_ends(cal):
    # third party (06-12 → 06-24) and agency (06-16 → 06-27): union (06-12, 06-27] excludes
    # 06-13, 06-16…20, 06-23…27 = 11 wd. Unpaused day 20 is Mon 07-07 (06-10…13 = 4, 16…20 = 9,
    # 23…27 = 14, 06-30…07-04 = 19, 07-07 = 20); + 11 wd: 07-08…11 (4), 07-14…18 (9), 07-21, 07-22 → 2025-07-22
    events = [
        in_person(D(2025, 6, 9)),
        ConsultationStarted(D(2025, 6, 12), "tp"),
        ConsultationStarted(D(2025, 6, 16), "ag", party=AGENCY),
        ConsultationEnded(D(2025, 6, 24), "tp"),
        ConsultationEnded(D(2025, 6, 27), "ag"),
    ]
    d = compute_deadline(events, cal)
    assert d.due_date == D(2025, 7, 22) and d.suspended_working_days == 11


def test_consultation_pause_capped_at_15_wd(cal):
    # Letter sent Thu 06-12, receipt date unknown → lapse 15 wd after 06-12:
    #   06-13 (1), 06-16…20 (6), 06-23…27 (11), 06-30, 07-01, 07-02, 07-03 (15) → lapse Thu 07-03.
    # Excluded (06-12, 07-03] = 15 wd. Unpaused day 20 = 07-07; + 15 wd: 07-08…11 (4), 14…18 (9),
    #   21…25 (14), 07-28 (15) → 2025-07-28.
    base = [in_person(D(2025, 6, 9)), ConsultationStarted(D(2025, 6, 12))]
    open_ = compute_deadline(base, cal)
    assert open_.status == SUSPENDED and open_.due_date == D(2025, 7, 28)
    assert any("尚未收到答复" in s for s in open_.steps)
    # a reply on 07-10 is after the lapse: only 15 wd are excluded, with a warning
    late = compute_deadline(base + [ConsultationEnded(D(2025, 7, 10))], cal)
    assert late.due_date == D(2025, 7, 28) and late.suspended_working_days == 15 and late.status == RUNNING
    assert len(late.warnings) == 1 and "超过15个工作日期限" in late.warnings[0]


def test_agency_consultation_lapse_counts_from_letter_receipt(cal):
    # Agency letter sent Thu 06-12, received Mon 06-16; no reply; lapse 15 wd after 06-16:
    #   06-17…20 (4), 06-23…27 (9), 06-30…07-04 (14), 07-07 (15) → Mon 07-07.
    # Excluded (06-12, 07-07] = 06-13, 06-16 + 15 = 17 wd. 07-07 + 17 wd: 07-08…11 (4), 14…18 (9),
    #   21…25 (14), 07-28, 29, 30 (17) → 2025-07-30.
    events = [in_person(D(2025, 6, 9)), ConsultationStarted(D(2025, 6, 12), party=AGENCY, letter_received_on=D(2025, 6, 16))]
    d = compute_deadline(events, cal, as_of=D(2025, 7, 8))
    assert d.status == RUNNING and d.due_date == D(2025, 7, 30) and d.suspended_working_days == 17
    assert any("视为同意公开" in s for s in d.steps)
    # on the lapse day itself the consultation is still open
    assert compute_deadline(events, cal, as_of=D(2025, 7, 7)).status == SUSPENDED


def test_extension(cal):
    # Due 2025-10-30 (above). Extension of 20 wd approved Tue 10-28, notified Wed 10-29 (before the due date).
    # 10-30 + 20 wd: 1: Fri 10-31, 2–6: 11-03…07, 7–11: 11-10…14, 12–16: 11-17…21, 17–20: 11-24…27 → 2025-11-27
    ext = ExtensionGranted(D(2025, 10, 28), D(2025, 10, 29), 20, approver="公开办主任")
    d = compute_deadline([in_person(D(2025, 9, 26)), ext], cal)
    assert d.due_date == D(2025, 11, 27) and d.extension_days == 20 and d.warnings == []
    assert any("在原期限 2025-10-30（周四） 基础上顺延" in s for s in d.steps)
    replied = compute_deadline([in_person(D(2025, 9, 26)), ext, Closed(D(2025, 11, 27))], cal)
    assert replied.status == CLOSED and replied.on_time is True


def test_extension_irregularities_warn_or_raise(cal):
    r = in_person(D(2025, 9, 26))
    # notified Fri 10-31, after the due date 10-30; no approver recorded
    late = compute_deadline([r, ExtensionGranted(D(2025, 10, 31), D(2025, 10, 31), 20)], cal)
    assert late.due_date == D(2025, 11, 27)
    assert any("晚于当时的答复期限 2025-10-30（周四）" in w for w in late.warnings)
    assert any("未记录批准人" in w for w in late.warnings)
    # two extensions of 10 wd: allowed in total, but flagged (延期应一次)
    two = compute_deadline(
        [r, ExtensionGranted(D(2025, 10, 20), D(2025, 10, 20), 10, "甲"), ExtensionGranted(D(2025, 11, 5), D(2025, 11, 5), 10, "甲")],
        cal,
    )
    assert two.due_date == D(2025, 11, 27) and two.extension_days == 20
    assert any("第2次延期" in w for w in two.warnings)
    with pytest.raises(DeadlineError, match="累计不得超过20个工作日"):
        compute_deadline(
            [r, ExtensionGranted(D(2025, 10, 20), D(2025, 10, 20), 15, "甲"), ExtensionGranted(D(2025, 11, 5), D(2025, 11, 5), 10, "甲")],
            cal,
        )


def test_spring_festival_2026(cal):
    # day 0 Tue 02-10. 1–3: 02-11, 12, 13; 4: Sat 02-14 (make-up); 02-15…02-23 holiday;
    # 5–8: 02-24…27; 9: Sat 02-28 (make-up); 10–14: 03-02…06; 15–19: 03-09…13; 20: Mon 03-16
    d = compute_deadline([Receipt("signed_post", signed_for_on=D(2026, 2, 10))], cal)
    assert d.due_date == D(2026, 3, 16) and d.provisional is False
    assert any("跳过法定节假日：2026-02-15（周日）至2026-02-23（周一）（春节）" in s for s in d.steps)


def test_year_outside_data_is_provisional(cal):
    # 2031 is not in the package data: Mon–Fri assumed. day 0 Mon 2031-03-03:
    # 03-04…07 (4), 03-10…14 (9), 17…21 (14), 24…28 (19), Mon 03-31 (20)
    d = compute_deadline([in_person(D(2031, 3, 3))], cal)
    assert d.due_date == D(2031, 3, 31)
    assert d.provisional is True
    assert d.reasons == [
        "2031年不在工作日历数据范围内，暂按周一至周五为工作日推算（未计入法定节假日和调休），结果为预计日期"
    ]
    assert d.steps[-1].startswith("注意：2031年")


def test_window_crossing_into_uncovered_year(cal):
    # day 0 Tue 2026-12-15 (confirmed year); the 20 wd run into 2027 (no data): 12-16…18 (3), 21…25 (8),
    # 28…31 (12), 2027-01-01 (13, assumed), 01-04…08 (18), 01-11 (19), 01-12 (20)
    d = compute_deadline([in_person(D(2026, 12, 15))], cal)
    assert d.due_date == D(2027, 1, 12) and d.provisional is True
    assert d.reasons[0].startswith("2027年")


# -- more clock rules --------------------------------------------------------------------

def test_fee_wait_excluded_by_default(cal):
    # day 0 Mon 06-09; fee notice Thu 06-12 (counted, day 3), applicant receives Mon 06-16, pays Wed 06-18.
    # Excluded (06-12, 06-18] = 06-13, 16, 17, 18 = 4 wd → unpaused 07-07 + 4 wd = 07-08, 09, 10, 11 → 2025-07-11
    events = [in_person(D(2025, 6, 9)), FeeNoticeSent(D(2025, 6, 12), notice_received_on=D(2025, 6, 16)), FeePaid(D(2025, 6, 18))]
    assert compute_deadline(events, cal).due_date == D(2025, 7, 11)
    assert compute_deadline(events, cal, exclude_fee_wait=False).due_date == D(2025, 7, 7)


def test_unpaid_fee_waits_for_payment_window(cal):
    # Payment window: 20 wd after the applicant's receipt 06-16: 06-17…20 (4), 23…27 (9),
    # 06-30…07-04 (14), 07-07…11 (19), Mon 07-14 (20). Still open → suspended.
    events = [in_person(D(2025, 6, 9)), FeeNoticeSent(D(2025, 6, 12), notice_received_on=D(2025, 6, 16))]
    d = compute_deadline(events, cal)
    assert d.status == SUSPENDED
    assert any("缴费期限 2025-07-14（周一） 届满" in s for s in d.steps)


def test_late_reply_is_flagged(cal):
    # due 10-30; replied Mon 11-03: Fri 10-31 (1), Mon 11-03 (2) → 2 wd late
    d = compute_deadline([in_person(D(2025, 9, 26)), Closed(D(2025, 11, 3))], cal)
    assert d.on_time is False
    assert "2025-11-03（周一）：已答复，超过答复期限2个工作日" in d.steps


def test_pending_confirmation_has_no_clock(cal):
    d = compute_deadline([Receipt("online", arrived_on=D(2025, 9, 26))], cal)
    assert d.status == NOT_STARTED and d.due_date is None
    assert "尚未受理确认" in d.steps[0]
    w = compute_deadline([Receipt("fax", arrived_on=D(2025, 9, 26)), Closed(D(2025, 9, 29), WITHDRAWN)], cal)
    assert w.status == CLOSED and w.due_date is None
    with pytest.raises(DeadlineError, match="尚未受理确认"):
        compute_deadline([Receipt("online"), CorrectionRequested(D(2025, 9, 29))], cal)


def test_receipt_rules_per_channel():
    assert receipt_date(Receipt("signed_post", signed_for_on=D(2025, 3, 4))).date == D(2025, 3, 4)
    assert receipt_date(Receipt("plain_post", arrived_on=D(2025, 3, 3))).date is None
    late = receipt_date(Receipt("plain_post", arrived_on=D(2025, 3, 3), confirmed_on=D(2025, 3, 4)))
    assert late.date == D(2025, 3, 4) and "应于收到申请的当日与申请人确认" in late.warnings[0]
    assert receipt_date(Receipt("fax", confirmed_on=D(2025, 3, 5))).rule.startswith("传真：以双方确认之日")
    with pytest.raises(DeadlineError, match="handed_in_on"):
        receipt_date(Receipt("in_person"))
    with pytest.raises(DeadlineError, match="signed_for_on"):
        receipt_date(Receipt("signed_post"))
    with pytest.raises(DeadlineError, match="未知的提交渠道"):
        receipt_date(Receipt("pigeon", confirmed_on=D(2025, 3, 5)))
    with pytest.raises(DeadlineError, match="早于申请到达日期"):
        receipt_date(Receipt("online", arrived_on=D(2025, 3, 5), confirmed_on=D(2025, 3, 4)))


def test_structural_errors(cal):
    r = in_person(D(2025, 6, 9))
    with pytest.raises(DeadlineError, match="恰好有一条"):
        compute_deadline([r, r], cal)
    with pytest.raises(DeadlineError, match="早于收到申请之日"):
        compute_deadline([r, ConsultationStarted(D(2025, 6, 1))], cal)
    with pytest.raises(DeadlineError, match="没有发出补正告知书"):
        compute_deadline([r, CorrectionReceived(D(2025, 6, 12))], cal)
    with pytest.raises(DeadlineError, match="待补正期间"):
        compute_deadline([r, CorrectionRequested(D(2025, 6, 10)), ConsultationStarted(D(2025, 6, 12))], cal)
    with pytest.raises(DeadlineError, match="没有对应的征求意见记录"):
        compute_deadline([r, ConsultationEnded(D(2025, 6, 12), "x")], cal)
    with pytest.raises(DeadlineError, match="已于 2025-06-20 办结"):
        compute_deadline([r, Closed(D(2025, 6, 20)), FeeNoticeSent(D(2025, 6, 23))], cal)


def test_correction_notice_deadline(cal):
    # day 0 Fri 2025-09-26: 09-28 (Sun make-up, 1), 09-29 (2), 09-30 (3), 10-09 (4), 10-10 (5),
    # 10-11 (Sat make-up, 6), 10-13 (7)
    assert correction_notice_deadline(D(2025, 9, 26), cal).date == D(2025, 10, 13)


# -- Art. 26 proactive disclosure ------------------------------------------------------------

def test_proactive_deadline_and_lateness(cal):
    # formed Thu 2025-03-20 → 20 wd → Fri 2025-04-18 (counted in test_correction_restarts_clock)
    assert proactive_publication_deadline(D(2025, 3, 20), cal).date == D(2025, 4, 18)
    on_time = is_late(D(2025, 3, 20), D(2025, 4, 18), cal)
    assert not on_time and on_time.working_days_taken == 20 and on_time.due_date == D(2025, 4, 18)
    # Saturday after the Friday due date: no extra working day, but still late
    sat = is_late(D(2025, 3, 20), D(2025, 4, 19), cal)
    assert sat.late is True and sat.working_days_taken == 20
    assert is_late(D(2025, 3, 20), D(2025, 4, 21), cal).working_days_taken == 21


def test_is_late_converts_aware_datetimes_to_beijing_date(cal):
    utc = dt.timezone.utc
    # 2025-04-18 15:30 UTC = 23:30 Beijing on the due date → on time; 16:30 UTC = 00:30 on 04-19 → late
    assert not is_late(D(2025, 3, 20), dt.datetime(2025, 4, 18, 15, 30, tzinfo=utc), cal)
    assert is_late(D(2025, 3, 20), dt.datetime(2025, 4, 18, 16, 30, tzinfo=utc), cal)
    with pytest.raises(ValueError, match="必须带时区"):
        is_late(D(2025, 3, 20), dt.datetime(2025, 4, 18, 16, 30), cal)


def test_is_late_override_and_provisional(cal):
    # a law sets 5 wd: formed Mon 2025-03-03 → 03-04…07 (4), 03-10 (5)
    assert is_late(D(2025, 3, 3), D(2025, 3, 11), cal, statutory_days=5).late is True
    p = is_late(D(2031, 3, 3), D(2031, 3, 10), cal)
    assert p.late is False and p.provisional is True and p.due_date == D(2031, 3, 31)
    early = is_late(D(2025, 3, 3), D(2025, 3, 1), cal)
    assert early.late is False and early.working_days_taken == 0
    assert any("早于生成日期" in line for line in early.explanation)
