"""The on-request service with the DATABASE calendar: hand-computed deadlines, pauses,
restarts, extensions, refusals with reasons, calendar changes recomputing open deadlines."""
import datetime as dt

import pytest

from disclosure import request_states as rs
from disclosure import services
from disclosure.models import InformationRequest, RequestEvent

pytestmark = pytest.mark.django_db

D = dt.date


def refreshed(req):
    return InformationRequest.objects.get(pk=req.pk)


def test_national_day_2025_twenty_working_days_is_october_30(make_request):
    req = make_request(on=D(2025, 9, 26))
    assert req.state == rs.PROCESSING and req.received_on == D(2025, 9, 26)
    assert refreshed(req).due_date == D(2025, 10, 30)
    d = services.compute(req)
    assert not d.provisional
    text = "\n".join(d.steps)
    assert "2025-09-28（周日）" in text and "国庆节" in text  # make-up day counted, holiday skipped


def test_spring_festival_2026(make_request):
    req = make_request(on=D(2026, 2, 10))
    assert refreshed(req).due_date == D(2026, 3, 16)
    assert not refreshed(req).due_provisional


def test_correction_restarts_the_clock(make_request, handler):
    req = make_request(on=D(2025, 9, 26))
    services.perform(req, "request_correction", actor=handler, on=D(2025, 9, 29),
                     comment="请写明所需预算的具体项目", reply_by=D(2025, 10, 24))
    req = refreshed(req)
    assert req.state == rs.AWAITING_CORRECTION and req.due_date is None
    services.perform(req, "receive_correction", actor=handler, on=D(2025, 10, 13))
    req = refreshed(req)
    # new day 0 = 2025-10-13 (Mon); 20 wd → 2025-11-10
    assert req.state == rs.PROCESSING and req.due_date == D(2025, 11, 10)
    # a second correction notice is refused (一次性告知)
    with pytest.raises(services.ActionRefused, match="一次性告知"):
        services.perform(req, "request_correction", actor=handler, on=D(2025, 10, 14), comment="再补", reply_by=D(2025, 10, 30))


def test_correction_notice_later_than_7_working_days_is_refused(make_request, handler):
    req = make_request(on=D(2025, 9, 26))
    # 7 wd after 09-26: 09-28, 29, 30, 10-09, 10, 11, 13 → last day 2025-10-13
    with pytest.raises(services.ActionRefused, match="2025-10-13"):
        services.perform(req, "request_correction", actor=handler, on=D(2025, 10, 14), comment="x", reply_by=D(2025, 10, 30))
    assert refreshed(req).state == rs.PROCESSING
    assert not RequestEvent.objects.filter(request=req, action="request_correction").exists()


def test_consultation_pauses_the_clock(make_request, handler):
    req = make_request(on=D(2025, 9, 26))
    services.perform(req, "start_third_party_consultation", actor=handler, on=D(2025, 10, 9))
    req = refreshed(req)
    assert req.state == rs.THIRD_PARTY_CONSULTATION
    services.perform(req, "consultation_replied", actor=handler, on=D(2025, 10, 15))
    req = refreshed(req)
    # excluded: 10-10 (Fri), 10-11 (Sat, make-up day), 10-13, 10-14, 10-15 → 5 wd; 10-30 + 5 wd = 11-06
    assert req.state == rs.PROCESSING and req.due_date == D(2025, 11, 6)
    assert "征求第三方意见" in "\n".join(services.compute(req).steps)


def test_parallel_consultations_stay_suspended_until_the_last_ends(make_request, handler):
    req = make_request(on=D(2025, 9, 26))
    services.perform(req, "start_third_party_consultation", actor=handler, on=D(2025, 10, 9))
    services.perform(req, "start_agency_consultation", actor=handler, on=D(2025, 10, 10))
    services.perform(req, "consultation_replied", actor=handler, on=D(2025, 10, 13), ref="1")
    assert refreshed(req).state == rs.AGENCY_CONSULTATION
    services.perform(req, "consultation_replied", actor=handler, on=D(2025, 10, 15), ref="2")
    assert refreshed(req).state == rs.PROCESSING


def test_extension_with_recorded_approval_and_refusals(make_request, handler):
    req = make_request(on=D(2025, 9, 26))
    with pytest.raises(services.ActionRefused, match="批准人"):
        services.perform(req, "extend", actor=handler, on=D(2025, 10, 28), days=20,
                         approved_on=D(2025, 10, 28), notified_on=D(2025, 10, 28))
    with pytest.raises(services.ActionRefused, match="最长不得超过20个工作日"):
        services.perform(req, "extend", actor=handler, on=D(2025, 10, 28), days=25, approver="李主任",
                         approved_on=D(2025, 10, 28), notified_on=D(2025, 10, 28))
    services.perform(req, "extend", actor=handler, on=D(2025, 10, 28), days=20, approver="李主任",
                     approved_on=D(2025, 10, 28), notified_on=D(2025, 10, 28))
    req = refreshed(req)
    # 2025-10-30 + 20 wd = 2025-11-27
    assert req.due_date == D(2025, 11, 27)
    assert "李主任" in "\n".join(services.compute(req).steps)
    with pytest.raises(services.ActionRefused, match="已延长过一次"):
        services.perform(req, "extend", actor=handler, on=D(2025, 11, 3), days=1, approver="李主任",
                         approved_on=D(2025, 11, 3), notified_on=D(2025, 11, 3))


def test_extension_after_the_due_date_is_refused(make_request, handler):
    req = make_request(on=D(2025, 9, 26))
    with pytest.raises(services.ActionRefused, match="已超过答复期限"):
        services.perform(req, "extend", actor=handler, on=D(2025, 10, 31), days=10, approver="李主任",
                         approved_on=D(2025, 10, 31), notified_on=D(2025, 10, 31))


def test_closing_without_reply_type_is_refused_and_reply_records_report_row(make_request, handler):
    req = make_request(on=D(2025, 9, 26))
    with pytest.raises(services.ActionRefused, match="必须选择答复类型"):
        services.perform(req, "reply", actor=handler, on=D(2025, 10, 20))
    with pytest.raises(services.ActionRefused, match="逾期未补正"):
        services.perform(req, "reply", actor=handler, on=D(2025, 10, 20), reply_type="correction_lapsed")
    services.perform(req, "reply", actor=handler, on=D(2025, 10, 20), reply_type="partial")
    req = refreshed(req)
    assert (req.state, req.report_code, req.closed_on) == (rs.REPLIED, "R2", D(2025, 10, 20))
    d = services.compute(req)
    assert d.on_time is True


def test_illegal_transitions_are_refused_with_a_reason(make_request, handler):
    req = make_request(on=D(2025, 9, 26))
    with pytest.raises(services.ActionRefused, match="当前状态为“办理中”，不能“受理确认”"):
        services.perform(req, "confirm_receipt", actor=handler, on=D(2025, 9, 26))
    services.perform(req, "withdraw", actor=handler, on=D(2025, 9, 29))
    with pytest.raises(services.ActionRefused, match="已终结"):
        services.perform(req, "reply", actor=handler, on=D(2025, 10, 1), reply_type="disclosed")
    with pytest.raises(services.ActionRefused, match="晚于今天"):
        services.perform(req, "supplementary_reply", actor=handler, on=D(2099, 1, 1), comment="x")


def test_fax_application_waits_for_confirmation_then_counts_from_confirmation(make_request, handler):
    req = make_request(channel="fax", on=D(2025, 9, 24))
    assert req.state == rs.PENDING_CONFIRMATION and req.due_date is None
    assert "尚未受理确认" in "\n".join(services.compute(req).steps)
    services.perform(req, "confirm_receipt", actor=handler, on=D(2025, 9, 26))
    req = refreshed(req)
    assert req.received_on == D(2025, 9, 26) and req.due_date == D(2025, 10, 30)


def test_fee_notice_payment_and_lapse(make_request, handler):
    req = make_request(on=D(2025, 9, 26))
    with pytest.raises(services.ActionRefused, match="0元"):
        services.perform(req, "send_fee_notice", actor=handler, on=D(2025, 10, 9), fee_method="per_volume", pages=20)
    services.perform(req, "send_fee_notice", actor=handler, on=D(2025, 10, 9), fee_method="per_volume", pages=40)
    req = refreshed(req)
    assert req.state == rs.AWAITING_FEE and req.fee_amount == 100  # pages 31-40 at 10 元
    with pytest.raises(services.ActionRefused, match="缴费期限尚未届满"):
        services.perform(req, "fee_lapsed", actor=handler, on=D(2025, 10, 20))
    services.perform(req, "fee_lapsed", actor=handler, on=D(2025, 11, 10))
    req = refreshed(req)
    assert (req.state, req.report_code) == (rs.ABANDONED, "R6-2")


def test_year_outside_the_calendar_data_is_provisional_never_silently_wrong(make_request):
    from workdays.models import CalendarYear

    CalendarYear.objects.filter(year=2025).delete()
    req = make_request(on=D(2025, 9, 26))
    req = refreshed(req)
    assert req.due_provisional is True
    d = services.compute(req)
    assert d.provisional and any("2025年不在工作日历数据范围内" in r for r in d.reasons)


def test_provisional_year_marks_the_deadline_provisional(make_request):
    from workdays.models import CalendarYear

    CalendarYear.objects.filter(year=2026).update(status="provisional")
    from workdays.calendar import clear_cache

    clear_cache()
    req = make_request(on=D(2026, 2, 10))
    assert refreshed(req).due_provisional is True
    assert any("暂定年度" in r for r in services.compute(req).reasons)


def test_changing_the_calendar_recomputes_open_deadlines_and_logs_it(make_request, django_capture_on_commit_callbacks):
    from workdays.models import SpecialDay

    req = make_request(on=D(2025, 9, 26))
    closed = make_request(on=D(2025, 9, 26))
    services.perform(closed, "reply", on=D(2025, 10, 10), reply_type="disclosed")
    with django_capture_on_commit_callbacks(execute=True):
        SpecialDay.objects.create(date=D(2025, 10, 20), kind="holiday", name="测试假日", source="手工")
    req = refreshed(req)
    assert req.due_date == D(2025, 10, 31)
    ev = RequestEvent.objects.get(request=req, action="deadline_recomputed")
    assert "2025-10-30" in ev.public_note and "2025-10-31" in ev.public_note
    assert not RequestEvent.objects.filter(request=closed, action="deadline_recomputed").exists()


def test_plain_letter_confirmed_later_than_arrival_is_flagged(make_request, handler):
    req = make_request(channel="plain_post", on=D(2025, 9, 24))
    assert req.state == rs.PENDING_CONFIRMATION
    services.perform(req, "confirm_receipt", actor=handler, on=D(2025, 9, 26))
    d = services.compute(refreshed(req))
    assert d.due_date == D(2025, 10, 30)
    assert any("平常信函应于收到申请的当日与申请人确认" in w for w in d.warnings)


def test_recompute_command(make_request):
    from io import StringIO

    from django.core.management import call_command

    from workdays.models import SpecialDay

    req = make_request(on=D(2025, 9, 26))
    SpecialDay.objects.create(date=D(2025, 10, 20), kind="holiday", name="测试", source="手工")  # on_commit not run here
    out = StringIO()
    call_command("recompute_deadlines", stdout=out)
    assert f"{req.tracking_code}：2025-10-30 → 2025-10-31" in out.getvalue()


def test_future_or_too_early_dates_are_refused(make_request, handler):
    req = make_request(on=D(2025, 9, 26))
    with pytest.raises(services.ActionRefused, match="晚于今天"):
        services.perform(req, "extend", actor=handler, on=D(2025, 10, 1), days=5, approver="李主任",
                         approved_on=D(2099, 1, 1), notified_on=D(2099, 1, 1))
    with pytest.raises(services.ActionRefused, match="早于收到申请之日"):
        services.perform(req, "start_third_party_consultation", actor=handler, on=D(2025, 9, 20))
    with pytest.raises(services.ActionRefused, match="早于收到申请之日"):
        services.perform(req, "extend", actor=handler, days=5, approver="李主任",
                         approved_on=D(2025, 9, 1), notified_on=D(2025, 9, 2))
