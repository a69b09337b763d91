"""依申请公开 state machine, reply types and fees (disclosure.md §6.4–6.6)."""

import datetime as dt

import pytest

from disclosure.annual_report import RESULT_CODES
from disclosure.request_states import (
    ABANDONED,
    ACTIONS,
    AGENCY_CONSULTATION,
    AWAITING_CORRECTION,
    AWAITING_FEE,
    PENDING_CONFIRMATION,
    PER_REQUEST,
    PER_VOLUME,
    PROCESSING,
    REPLIED,
    REPLY_TYPES,
    STATES,
    THIRD_PARTY_CONSULTATION,
    WITHDRAWN,
    FeeRuleError,
    TransitionContext,
    TransitionError,
    check_transition,
    compute_fee_notice,
    next_state,
    per_request_rate,
    report_code_for,
)

D = dt.date
C = TransitionContext


# -- data ------------------------------------------------------------------------------------

def test_states_as_in_doc():
    assert {code: s.label for code, s in STATES.items()} == {
        "pending_confirmation": "待受理确认",
        "processing": "办理中",
        "awaiting_correction": "待补正",
        "third_party_consultation": "征求第三方意见",
        "agency_consultation": "征求相关机关意见",
        "awaiting_fee": "待缴费",
        "replied": "已答复",
        "withdrawn": "已撤回",
        "abandoned": "视为放弃",
    }
    assert STATES[PROCESSING].alt_label == "待答复" and STATES[ABANDONED].alt_label == "不再处理"
    assert {c for c, s in STATES.items() if s.terminal} == {WITHDRAWN, ABANDONED}
    assert STATES[AWAITING_CORRECTION].clock == "stopped_restart"
    assert STATES[THIRD_PARTY_CONSULTATION].clock == "suspended"


def test_reply_types_cover_every_report_row_with_exact_labels():
    assert {r.report_code for r in REPLY_TYPES.values()} == set(RESULT_CODES)
    assert REPLY_TYPES["partial"].report_label == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert REPLY_TYPES["three_security"].report_label == "（三）不予公开 3.危及“三安全一稳定”"
    assert REPLY_TYPES["fee_lapsed"].report_label == (
        "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    )
    # mappings the doc marks [unverified]
    assert {k for k, r in REPLY_TYPES.items() if r.unverified_mapping} == {
        "already_public", "not_this_agency", "special_procedure"
    }
    assert REPLY_TYPES["not_this_agency"].report_code == "R4-1"
    assert REPLY_TYPES["withdrawn"].report_code == "R6-3"


# -- happy paths -------------------------------------------------------------------------------

def test_online_application_full_path():
    s = PENDING_CONFIRMATION
    s = next_state(s, "confirm_receipt")
    assert s == PROCESSING
    s = next_state(s, "request_correction", C(today=D(2025, 3, 7), correction_notice_due=D(2025, 3, 12)))
    assert s == AWAITING_CORRECTION
    s = next_state(s, "receive_correction")
    assert s == PROCESSING
    s = next_state(s, "reply", C(reply_type="unclear_after_correction", corrections_received=1))
    assert s == REPLIED
    assert next_state(s, "supplementary_reply", C(comment="补充提供附件")) == REPLIED
    assert next_state(s, "record_review") == REPLIED


def test_parallel_consultations():
    s = next_state(PROCESSING, "start_third_party_consultation")
    assert s == THIRD_PARTY_CONSULTATION
    s = next_state(s, "start_agency_consultation")  # second one opened: still suspended
    assert s == THIRD_PARTY_CONSULTATION
    # third party replies, agency still open
    s = next_state(s, "consultation_replied", C(open_consultations_after=("agency",)))
    assert s == AGENCY_CONSULTATION
    s = next_state(s, "consultation_lapsed", C(today=D(2025, 7, 8), consultation_lapse_date=D(2025, 7, 7)))
    assert s == PROCESSING


def test_fee_path():
    ok, reason = check_transition(PROCESSING, "send_fee_notice", C(fee_amount=700))
    assert ok and reason == "可以“发出收费通知”：办理中 → 待缴费"
    assert next_state(AWAITING_FEE, "fee_paid") == PROCESSING
    assert next_state(AWAITING_FEE, "fee_lapsed", C(today=D(2025, 7, 15), payment_due=D(2025, 7, 14))) == ABANDONED
    assert report_code_for("fee_lapsed") == "R6-2"
    assert report_code_for("correction_lapsed") == "R6-1"
    assert report_code_for("withdraw") == "R6-3"
    assert report_code_for("reply", "partial") == "R2"
    assert report_code_for("reply", None) is None


def test_extension_allowed_once():
    ctx = C(today=D(2025, 10, 29), due_date=D(2025, 10, 30), extension_days=20, approver="公开办主任", applicant_notified=True)
    assert check_transition(PROCESSING, "extend", ctx) == (True, "可以“延长答复期限”：办理中 → 办理中")


# -- refusals with Chinese reasons ---------------------------------------------------------------

@pytest.mark.parametrize(
    "state, action, ctx, reason",
    [
        (PROCESSING, "reply", C(), "答复办结时必须选择答复类型（决定年度报告中的统计项）"),
        (PROCESSING, "reply", C(reply_type="maybe"), "未知的答复类型“maybe”"),
        (PROCESSING, "reply", C(reply_type="fee_lapsed"),
         "“申请人逾期未缴纳信息处理费，视为放弃申请”不能作为答复类型选择，应通过“逾期未缴费”操作办结"),
        (PROCESSING, "reply", C(reply_type="unclear_after_correction"),
         "只有经过补正的申请才能以“补正后申请内容仍不明确”答复"),
        (PROCESSING, "extend",
         C(today=D(2025, 11, 5), due_date=D(2025, 11, 27), extension_days=10, extension_days_total=10,
           extensions_granted=1, approver="甲", applicant_notified=True),
         "答复期限已延长过一次，不能再次延期（延期须一次批准，最长20个工作日）"),
        (PROCESSING, "extend", C(today=D(2025, 10, 29), due_date=D(2025, 10, 30), extension_days=21, approver="甲", applicant_notified=True),
         "延长答复期限最长不得超过20个工作日（条例第三十三条第二款），本次申请延长21个工作日"),
        (PROCESSING, "extend", C(today=D(2025, 10, 29), due_date=D(2025, 10, 30), extension_days=20, applicant_notified=True),
         "延长答复期限须经政府信息公开工作机构负责人同意，请填写批准人"),
        (PROCESSING, "extend", C(today=D(2025, 10, 29), due_date=D(2025, 10, 30), extension_days=20, approver="甲"),
         "延长答复期限须告知申请人，请同时发出延期答复告知书"),
        (PROCESSING, "extend", C(today=D(2025, 10, 31), due_date=D(2025, 10, 30), extension_days=20, approver="甲", applicant_notified=True),
         "已超过答复期限（2025-10-30），不能再延期；延期须在期限届满前批准并告知申请人"),
        (PROCESSING, "extend", C(extension_days=20, approver="甲", applicant_notified=True),
         "无法校验：缺少今天的日期、当前答复期限"),
        (PROCESSING, "extend", C(), "请填写延长的工作日数（1至20个工作日）"),
        (PROCESSING, "request_correction", C(today=D(2025, 3, 13), correction_notice_due=D(2025, 3, 12)),
         "已超过补正告知期限：应在收到申请之日起7个工作日内（最迟 2025-03-12）发出补正告知书"),
        (PROCESSING, "request_correction", C(today=D(2025, 3, 11), correction_notice_due=D(2025, 3, 12), corrections_requested=1),
         "补正应一次性告知（条例第三十条）：本申请已发出过补正告知书，不能再次要求补正"),
        (AWAITING_CORRECTION, "correction_lapsed", C(today=D(2025, 3, 20), correction_reply_by=D(2025, 3, 21)),
         "补正期限尚未届满（2025-03-21），不能按逾期未补正处理"),
        (AWAITING_CORRECTION, "correction_lapsed", C(today=D(2025, 3, 20)), "补正告知书未载明补正期限，不能认定逾期未补正"),
        (THIRD_PARTY_CONSULTATION, "consultation_lapsed", C(today=D(2025, 7, 3), consultation_lapse_date=D(2025, 7, 3)),
         "征求意见的15个工作日期限尚未届满（2025-07-03），请等待答复或届满后再操作"),
        (AWAITING_FEE, "fee_lapsed", C(today=D(2025, 7, 14), payment_due=D(2025, 7, 14)),
         "缴费期限尚未届满（2025-07-14），不能按逾期未缴费处理"),
        (PROCESSING, "send_fee_notice", C(fee_amount=0), "按收费标准计算金额为0元，不收费，无需发出收费通知"),
        (REPLIED, "supplementary_reply", C(), "补充答复须填写说明"),
        (PENDING_CONFIRMATION, "reply", C(reply_type="disclosed"),
         "当前状态为“待受理确认”，不能“答复”；该操作只能在以下状态进行：办理中"),
        (THIRD_PARTY_CONSULTATION, "extend", C(),
         "当前状态为“征求第三方意见”，不能“延长答复期限”；该操作只能在以下状态进行：办理中"),
        (WITHDRAWN, "reply", C(reply_type="disclosed"), "申请已终结（已撤回），不能再“答复”"),
        (ABANDONED, "receive_correction", C(), "申请已终结（视为放弃），不能再“收到补正材料”"),
        (REPLIED, "withdraw", C(),
         "当前状态为“已答复”，不能“申请人撤回”；该操作只能在以下状态进行：待受理确认、办理中、待补正、征求第三方意见、征求相关机关意见、待缴费"),
        ("lost", "reply", C(), "未知的办理状态“lost”"),
        (PROCESSING, "shred", C(), "未知的操作“shred”"),
    ],
)
def test_refusals(state, action, ctx, reason):
    assert check_transition(state, action, ctx) == (False, reason)


def test_next_state_raises_with_reason():
    with pytest.raises(TransitionError, match="必须选择答复类型"):
        next_state(PROCESSING, "reply")


def test_every_action_has_chinese_label_and_valid_states():
    for a in ACTIONS.values():
        assert not a.label.isascii()
        assert set(a.from_states) <= set(STATES)
        assert a.to_state is None or a.to_state in STATES


# -- fees ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "nth, rate",
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400), (60, 400), (61, 500)],
)
def test_per_request_rate_bands(nth, rate):
    assert per_request_rate(nth) == rate


def test_per_request_fee_is_progressive():
    # already 29 this month; this application is 3 件: the 30th (100) + 31st, 32nd (200 each) = 500
    n = compute_fee_notice(PER_REQUEST, prior_requests_in_month=29, requests=3)
    assert n.amount_yuan == 500 and n.chargeable
    assert n.breakdown == ["本月第30件：100元/件，1件，100元", "本月第31至32件：200元/件，2件，400元"]
    assert compute_fee_notice(PER_REQUEST, prior_requests_in_month=9).amount_yuan == 0  # the 10th is free
    assert not compute_fee_notice(PER_REQUEST, prior_requests_in_month=0, requests=10).chargeable


@pytest.mark.parametrize(
    "pages, amount",
    [
        (30, 0),
        (31, 10),
        (100, 700),  # 70 × 10
        (150, 1700),  # 700 + 50 × 20
        (200, 2700),  # 700 + 100 × 20
        (250, 4700),  # 2700 + 50 × 40
    ],
)
def test_per_volume_fee_is_progressive(pages, amount):
    assert compute_fee_notice(PER_VOLUME, pages=pages).amount_yuan == amount


def test_fee_notice_text():
    n = compute_fee_notice(PER_VOLUME, pages=150)
    assert n.breakdown == [
        "第1至30页：免费，30页，0元",
        "第31至100页：10元/页，70页，700元",
        "第101至200页：20元/页，50页，1000元",
    ]
    lines = n.lines()
    assert lines[0] == "收费依据：《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
    assert lines[1] == "计收方式：按量计收（超额累进）"
    assert "应缴金额：1700元" in lines
    assert lines[-1].startswith("请自收到本通知之日的次日起20个工作日内缴纳")


def test_fee_one_method_only():
    with pytest.raises(FeeRuleError, match="只能选择一种计收方式"):
        compute_fee_notice(PER_REQUEST, prior_requests_in_month=20, pages=100)
    with pytest.raises(FeeRuleError, match="请选择计收方式"):
        compute_fee_notice(pages=100)
    with pytest.raises(FeeRuleError, match="按件计收不使用页数"):
        compute_fee_notice(PER_REQUEST, pages=100)
    with pytest.raises(FeeRuleError, match="按量计收不使用件数"):
        compute_fee_notice(PER_VOLUME, prior_requests_in_month=3)
    with pytest.raises(FeeRuleError, match="须填写页数"):
        compute_fee_notice(PER_VOLUME)
    with pytest.raises(FeeRuleError, match="未知的计收方式"):
        compute_fee_notice("per_minute", pages=3)
