"""依申请公开 state machine, reply types and fee rules — plain Python, no Django.

* States and actions (disclosure.md §6.4) as data: :data:`STATES`,
  :data:`ACTIONS`; a pure :func:`check_transition` returning ``(ok, reason_zh)``
  and :func:`next_state`.
* Reply types with their annual-report rows (§6.5): :data:`REPLY_TYPES`;
  the exact row labels come from ``disclosure.annual_report``.
* Fees (§6.6, 国办函〔2020〕109号): :func:`compute_fee_notice`.

The checks take the facts they need in a :class:`TransitionContext` (dates
computed by ``disclosure.deadlines``, counts of earlier events …); a missing
fact needed for a rule makes the check refuse with a reason saying which
fact is missing, rather than guess.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Mapping

from disclosure.annual_report import REPORT_ROW_LABELS, SECTION3_GROUP_LABELS

# =============================================================================
# States
# =============================================================================

PENDING_CONFIRMATION = "pending_confirmation"
PROCESSING = "processing"
AWAITING_CORRECTION = "awaiting_correction"
THIRD_PARTY_CONSULTATION = "third_party_consultation"
AGENCY_CONSULTATION = "agency_consultation"
AWAITING_FEE = "awaiting_fee"
REPLIED = "replied"
WITHDRAWN = "withdrawn"
ABANDONED = "abandoned"

# clock behaviour per state
CLOCK_NOT_STARTED = "not_started"
CLOCK_RUNNING = "running"
CLOCK_STOPPED_RESTART = "stopped_restart"  # 补正: restarts from zero
CLOCK_SUSPENDED = "suspended"
CLOCK_STOPPED = "stopped"


@dataclass(frozen=True)
class State:
    code: str
    label: str  # Chinese label (the doc's first form)
    alt_label: str  # the doc's alternative wording, "" if none
    clock: str
    terminal: bool = False
    closed: bool = False  # counts as 办结 for the annual report


STATES: Mapping[str, State] = {
    s.code: s
    for s in (
        State(PENDING_CONFIRMATION, "待受理确认", "", CLOCK_NOT_STARTED),
        State(PROCESSING, "办理中", "待答复", CLOCK_RUNNING),
        State(AWAITING_CORRECTION, "待补正", "", CLOCK_STOPPED_RESTART),
        State(THIRD_PARTY_CONSULTATION, "征求第三方意见", "", CLOCK_SUSPENDED),
        State(AGENCY_CONSULTATION, "征求相关机关意见", "", CLOCK_SUSPENDED),
        # [unverified] that the fee wait suspends the clock (disclosure.md §6.3/§6.4)
        State(AWAITING_FEE, "待缴费", "", CLOCK_SUSPENDED),
        State(REPLIED, "已答复", "", CLOCK_STOPPED, closed=True),
        State(WITHDRAWN, "已撤回", "", CLOCK_STOPPED, terminal=True, closed=True),
        State(ABANDONED, "视为放弃", "不再处理", CLOCK_STOPPED, terminal=True, closed=True),
    )
}

#: Codes of a deployed Chinese system (disclosure.md §6.4) → our state; approximate, for imports only.
LEGACY_STATE_CODES: Mapping[int, str] = {
    20: PROCESSING,  # 待答复
    25: AWAITING_CORRECTION,  # 待补证
    30: PROCESSING,  # 补证资料 (correction received)
    31: THIRD_PARTY_CONSULTATION,  # 待补充第三方意见
    32: AGENCY_CONSULTATION,  # 待补充协办信息
    40: PROCESSING,  # 第三方意见 (opinion received)
    45: PROCESSING,  # 协办信息 (received)
    50: PROCESSING,  # 延期 (extension is an attribute of processing)
    60: REPLIED,  # 已答复
    65: REPLIED,  # 补充答复
    70: REPLIED,  # 行政复议 (record attached to the replied application)
    75: REPLIED,  # 诉讼
    80: REPLIED,  # 复议答复
    90: REPLIED,  # 复议答复
    100: ABANDONED,  # 已失效
    110: WITHDRAWN,  # 已撤销
}

# =============================================================================
# Reply types (§6.5)
# =============================================================================


@dataclass(frozen=True)
class ReplyType:
    key: str
    label: str  # what the reply says, in Chinese
    basis: str  # legal basis
    report_code: str  # annual report row (R1 … R6-3)
    unverified_mapping: bool = False  # the doc marks the row mapping [unverified]
    via_action: str | None = None  # only reachable through this action, not through "reply"

    @property
    def report_label(self) -> str:
        """Exact annual-report row label, with its group for sub-rows."""
        group = SECTION3_GROUP_LABELS.get(self.report_code.split("-")[0]) if "-" in self.report_code else None
        label = REPORT_ROW_LABELS[self.report_code]
        return f"{group} {label}" if group else label


_RT = ReplyType
REPLY_TYPES: Mapping[str, ReplyType] = {
    r.key: r
    for r in (
        _RT("disclosed", "予以公开：提供政府信息，或告知获取的方式、途径和时间", "条例第三十六条第（二）项", "R1"),
        # [unverified mapping] Art. 36(一) → (一) 予以公开
        _RT("already_public", "已主动公开：告知获取的方式和途径", "条例第三十六条第（一）项", "R1", True),
        _RT("partial", "部分公开：公开可以公开的部分，并说明其余部分不予公开的理由", "条例第三十七条", "R2"),
        _RT("state_secret", "不予公开：属于依法确定为国家秘密的政府信息", "条例第三十六条第（三）项、第十四条", "R3-1"),
        _RT("law_prohibits", "不予公开：法律、行政法规禁止公开", "条例第三十六条第（三）项、第十四条", "R3-2"),
        _RT(
            "three_security",
            "不予公开：公开后可能危及国家安全、公共安全、经济安全、社会稳定",
            "条例第三十六条第（三）项、第十四条",
            "R3-3",
        ),
        _RT(
            "third_party_rights",
            "不予公开：涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害",
            "条例第三十六条第（三）项、第十五条",
            "R3-4",
        ),
        _RT(
            "internal_affairs",
            "不予公开：属于人事管理、后勤管理、内部工作流程等内部事务信息",
            "条例第三十六条第（三）项、第十六条第一款",
            "R3-5",
        ),
        _RT(
            "process_info",
            "不予公开：属于讨论记录、过程稿、磋商信函、请示报告等过程性信息",
            "条例第三十六条第（三）项、第十六条第二款",
            "R3-6",
        ),
        _RT("enforcement_file", "不予公开：属于行政执法案卷信息", "条例第三十六条第（三）项、第十六条第二款", "R3-7"),
        _RT("admin_inquiry", "不予公开：属于行政查询事项", "年度报告统计类别", "R3-8"),
        _RT("not_held", "无法提供：经检索没有所申请公开的信息", "条例第三十六条第（四）项", "R4-1"),
        # [unverified mapping] Art. 36(五) → (四)1
        _RT(
            "not_this_agency",
            "无法提供：所申请信息不属于本机关负责公开，告知负责公开的机关及联系方式",
            "条例第三十六条第（五）项",
            "R4-1",
            True,
        ),
        _RT("needs_creation", "无法提供：需要对现有政府信息进行加工、分析", "条例第三十八条", "R4-2"),
        _RT("unclear_after_correction", "无法提供：补正后申请内容仍不明确", "条例第三十条", "R4-3"),
        _RT("petition", "不予处理：以政府信息公开申请形式进行信访、投诉、举报", "条例第三十九条第一款", "R5-1"),
        _RT("repeat", "不予处理：重复申请公开相同政府信息", "条例第三十六条第（六）项", "R5-2"),
        _RT("publication", "不予处理：要求提供政府公报、报刊、书籍等公开出版物", "条例第三十九条第二款", "R5-3"),
        _RT("excessive", "不予处理：无正当理由大量、频繁申请", "条例第三十五条", "R5-4"),
        _RT("confirm_or_reissue", "不予处理：要求行政机关确认或重新出具已获取的信息", "2021年年报格式", "R5-5"),
        _RT("correction_lapsed", "申请人无正当理由逾期不补正，视为放弃申请", "条例第三十条", "R6-1", via_action="correction_lapsed"),
        _RT("fee_lapsed", "申请人逾期未缴纳信息处理费，视为放弃申请", "国办函〔2020〕109号", "R6-2", via_action="fee_lapsed"),
        # [unverified mapping] Art. 36(七) → (六)3 其他, or (三)8
        _RT(
            "special_procedure",
            "告知按照工商、不动产登记资料等有关法律、行政法规的规定办理",
            "条例第三十六条第（七）项",
            "R6-3",
            True,
        ),
        # Design: withdrawal counts under (六)3 其他
        _RT("withdrawn", "申请人撤回申请", "项目设计", "R6-3", via_action="withdraw"),
    )
}

# =============================================================================
# Actions
# =============================================================================


@dataclass(frozen=True)
class Action:
    code: str
    label: str
    from_states: tuple[str, ...]
    to_state: str | None  # None: decided by context (consultation end); same state for self-loops


_OPEN_BEFORE_REPLY = (
    PENDING_CONFIRMATION,
    PROCESSING,
    AWAITING_CORRECTION,
    THIRD_PARTY_CONSULTATION,
    AGENCY_CONSULTATION,
    AWAITING_FEE,
)
_CONSULTING = (THIRD_PARTY_CONSULTATION, AGENCY_CONSULTATION)

ACTIONS: Mapping[str, Action] = {
    a.code: a
    for a in (
        Action("confirm_receipt", "受理确认", (PENDING_CONFIRMATION,), PROCESSING),
        Action("request_correction", "发出补正告知书", (PROCESSING,), AWAITING_CORRECTION),
        Action("receive_correction", "收到补正材料", (AWAITING_CORRECTION,), PROCESSING),
        Action("correction_lapsed", "逾期未补正", (AWAITING_CORRECTION,), ABANDONED),
        Action("start_third_party_consultation", "征求第三方意见", (PROCESSING,) + _CONSULTING, None),
        Action("start_agency_consultation", "征求相关机关意见", (PROCESSING,) + _CONSULTING, None),
        Action("consultation_replied", "收到征求意见答复", _CONSULTING, None),
        Action("consultation_lapsed", "征求意见期限届满", _CONSULTING, None),
        Action("send_fee_notice", "发出收费通知", (PROCESSING,), AWAITING_FEE),
        Action("fee_paid", "已缴费", (AWAITING_FEE,), PROCESSING),
        Action("fee_lapsed", "逾期未缴费", (AWAITING_FEE,), ABANDONED),
        Action("extend", "延长答复期限", (PROCESSING,), PROCESSING),
        Action("reply", "答复", (PROCESSING,), REPLIED),
        Action("withdraw", "申请人撤回", _OPEN_BEFORE_REPLY, WITHDRAWN),
        Action("supplementary_reply", "补充答复", (REPLIED,), REPLIED),
        Action("record_review", "登记行政复议", (REPLIED,), REPLIED),
        Action("record_litigation", "登记行政诉讼", (REPLIED,), REPLIED),
    )
}

#: Report row forced by an action that closes the application without a reply letter.
ACTION_REPORT_CODES = {"correction_lapsed": "R6-1", "fee_lapsed": "R6-2", "withdraw": "R6-3"}

MAX_EXTENSION_WD = 20


@dataclass(frozen=True)
class TransitionContext:
    """Facts a transition check may need. Dates come from ``disclosure.deadlines``."""

    today: _dt.date | None = None
    due_date: _dt.date | None = None  # current reply due date
    correction_notice_due: _dt.date | None = None  # 7 wd after receipt
    corrections_requested: int = 0  # 补正告知书 already sent
    corrections_received: int = 0
    correction_reply_by: _dt.date | None = None  # period given to the applicant
    consultation_lapse_date: _dt.date | None = None  # of the consultation ending now
    #: consultation kinds ("third_party"/"agency") still open after this action
    open_consultations_after: tuple[str, ...] = ()
    payment_due: _dt.date | None = None  # fee payment deadline
    fee_amount: int | None = None  # yuan, from compute_fee_notice
    extensions_granted: int = 0
    extension_days_total: int = 0
    extension_days: int | None = None  # days asked for now
    approver: str = ""  # 公开工作机构负责人
    applicant_notified: bool = False  # extension notice sent / to be sent with this action
    reply_type: str | None = None
    comment: str = ""


def _refuse(msg: str) -> tuple[bool, str]:
    return False, msg


def check_transition(state: str, action: str, context: TransitionContext | None = None) -> tuple[bool, str]:
    """May ``action`` be taken in ``state``? Returns ``(ok, reason_zh)``.

    On refusal the reason says, in Chinese, why and what to do instead.
    """
    ctx = context or TransitionContext()
    st = STATES.get(state)
    if st is None:
        return _refuse(f"未知的办理状态“{state}”")
    act = ACTIONS.get(action)
    if act is None:
        return _refuse(f"未知的操作“{action}”")
    if state not in act.from_states:
        if st.terminal:
            return _refuse(f"申请已终结（{st.label}），不能再“{act.label}”")
        allowed = "、".join(STATES[s].label for s in act.from_states)
        return _refuse(f"当前状态为“{st.label}”，不能“{act.label}”；该操作只能在以下状态进行：{allowed}")

    rule = _RULES.get(action)
    if rule is not None:
        ok, reason = rule(state, ctx)
        if not ok:
            return False, reason
    target = next_state_unchecked(state, action, ctx)
    return True, f"可以“{act.label}”：{st.label} → {STATES[target].label}"


def next_state_unchecked(state: str, action: str, ctx: TransitionContext) -> str:
    act = ACTIONS[action]
    if act.to_state is not None:
        return act.to_state
    if action in ("start_third_party_consultation", "start_agency_consultation"):
        if state in _CONSULTING:
            return state  # parallel consultation: stay suspended
        return THIRD_PARTY_CONSULTATION if action == "start_third_party_consultation" else AGENCY_CONSULTATION
    # consultation ended: resume unless another consultation is still open
    remaining = ctx.open_consultations_after
    if not remaining:
        return PROCESSING
    return THIRD_PARTY_CONSULTATION if remaining[0] == "third_party" else AGENCY_CONSULTATION


class TransitionError(ValueError):
    """A refused transition; the message is the Chinese reason."""


def next_state(state: str, action: str, context: TransitionContext | None = None) -> str:
    """The state after ``action``, or :class:`TransitionError` with the Chinese reason."""
    ok, reason = check_transition(state, action, context)
    if not ok:
        raise TransitionError(reason)
    return next_state_unchecked(state, action, context or TransitionContext())


def report_code_for(action: str, reply_type: str | None = None) -> str | None:
    """Annual-report row recorded when an application closes through ``action``."""
    if action in ACTION_REPORT_CODES:
        return ACTION_REPORT_CODES[action]
    if action == "reply" and reply_type in REPLY_TYPES:
        return REPLY_TYPES[reply_type].report_code
    return None


# -- per-action rules ------------------------------------------------------------------


def _needs(ctx: TransitionContext, *names: str) -> str | None:
    labels = {
        "today": "今天的日期",
        "due_date": "当前答复期限",
        "correction_notice_due": "补正告知期限（收到申请后7个工作日）",
        "consultation_lapse_date": "征求意见期限届满日",
        "payment_due": "缴费期限",
        "fee_amount": "收费金额",
    }
    missing = [labels[n] for n in names if getattr(ctx, n) is None]
    return f"无法校验：缺少{'、'.join(missing)}" if missing else None


def _request_correction(state, ctx):
    if ctx.corrections_requested >= 1:
        return _refuse("补正应一次性告知（条例第三十条）：本申请已发出过补正告知书，不能再次要求补正")
    if m := _needs(ctx, "today", "correction_notice_due"):
        return _refuse(m)
    if ctx.today > ctx.correction_notice_due:
        return _refuse(
            f"已超过补正告知期限：应在收到申请之日起7个工作日内（最迟 {ctx.correction_notice_due.isoformat()}）发出补正告知书"
        )
    return True, ""


def _correction_lapsed(state, ctx):
    if m := _needs(ctx, "today"):
        return _refuse(m)
    if ctx.correction_reply_by is None:
        return _refuse("补正告知书未载明补正期限，不能认定逾期未补正")
    if ctx.today <= ctx.correction_reply_by:
        return _refuse(f"补正期限尚未届满（{ctx.correction_reply_by.isoformat()}），不能按逾期未补正处理")
    return True, ""


def _consultation_lapsed(state, ctx):
    if m := _needs(ctx, "today", "consultation_lapse_date"):
        return _refuse(m)
    if ctx.today <= ctx.consultation_lapse_date:
        return _refuse(
            f"征求意见的15个工作日期限尚未届满（{ctx.consultation_lapse_date.isoformat()}），请等待答复或届满后再操作"
        )
    return True, ""


def _send_fee_notice(state, ctx):
    if m := _needs(ctx, "fee_amount"):
        return _refuse(m)
    if ctx.fee_amount <= 0:
        return _refuse("按收费标准计算金额为0元，不收费，无需发出收费通知")
    return True, ""


def _fee_lapsed(state, ctx):
    if m := _needs(ctx, "today", "payment_due"):
        return _refuse(m)
    if ctx.today <= ctx.payment_due:
        return _refuse(f"缴费期限尚未届满（{ctx.payment_due.isoformat()}），不能按逾期未缴费处理")
    return True, ""


def _extend(state, ctx):
    if ctx.extensions_granted >= 1:
        return _refuse("答复期限已延长过一次，不能再次延期（延期须一次批准，最长20个工作日）")
    days = ctx.extension_days
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        return _refuse("请填写延长的工作日数（1至20个工作日）")
    if ctx.extension_days_total + days > MAX_EXTENSION_WD:
        return _refuse(
            f"延长答复期限最长不得超过20个工作日（条例第三十三条第二款），本次申请延长{days}个工作日"
        )
    if not ctx.approver.strip():
        return _refuse("延长答复期限须经政府信息公开工作机构负责人同意，请填写批准人")
    if not ctx.applicant_notified:
        return _refuse("延长答复期限须告知申请人，请同时发出延期答复告知书")
    if m := _needs(ctx, "today", "due_date"):
        return _refuse(m)
    if ctx.today > ctx.due_date:
        return _refuse(f"已超过答复期限（{ctx.due_date.isoformat()}），不能再延期；延期须在期限届满前批准并告知申请人")
    return True, ""


def _reply(state, ctx):
    if not ctx.reply_type:
        return _refuse("答复办结时必须选择答复类型（决定年度报告中的统计项）")
    rt = REPLY_TYPES.get(ctx.reply_type)
    if rt is None:
        return _refuse(f"未知的答复类型“{ctx.reply_type}”")
    if rt.via_action is not None:
        return _refuse(f"“{rt.label}”不能作为答复类型选择，应通过“{ACTIONS[rt.via_action].label}”操作办结")
    if rt.key == "unclear_after_correction" and ctx.corrections_received < 1:
        return _refuse("只有经过补正的申请才能以“补正后申请内容仍不明确”答复")
    return True, ""


def _needs_comment(what):
    def rule(state, ctx):
        if not ctx.comment.strip():
            return _refuse(f"{what}须填写说明")
        return True, ""

    return rule


_RULES = {
    "request_correction": _request_correction,
    "correction_lapsed": _correction_lapsed,
    "consultation_lapsed": _consultation_lapsed,
    "send_fee_notice": _send_fee_notice,
    "fee_lapsed": _fee_lapsed,
    "extend": _extend,
    "reply": _reply,
    "supplementary_reply": _needs_comment("补充答复"),
}

# =============================================================================
# Fees (§6.6, 国办函〔2020〕109号)
# =============================================================================

PER_REQUEST = "per_request"  # 按件计收
PER_VOLUME = "per_volume"  # 按量计收
FEE_METHOD_LABELS = {PER_REQUEST: "按件计收", PER_VOLUME: "按量计收"}
FEE_BASIS = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
FEE_PAYMENT_TEXT = "请自收到本通知之日的次日起20个工作日内缴纳；逾期未缴纳的，视为放弃申请，不再处理该政府信息公开申请。"


class FeeRuleError(ValueError):
    """Fee input is invalid (message in Chinese)."""


def per_request_rate(nth_in_month: int) -> int:
    """Fee in yuan for the n-th 件 of one applicant in one calendar month (超额累进).

    1–10: 0; 11–30: 100; from 31, bands of 10 each add 100 (31–40: 200, 41–50: 300, 51–60: 400 …).
    """
    if not isinstance(nth_in_month, int) or nth_in_month < 1:
        raise FeeRuleError(f"件次必须是正整数，收到：{nth_in_month!r}")
    if nth_in_month <= 10:
        return 0
    if nth_in_month <= 30:
        return 100
    return 200 + 100 * ((nth_in_month - 31) // 10)


_VOLUME_BANDS = ((1, 30, 0), (31, 100, 10), (101, 200, 20), (201, None, 40))


@dataclass(frozen=True)
class FeeNotice:
    method: str
    amount_yuan: int
    breakdown: list[str]  # Chinese lines showing each band
    basis: str = FEE_BASIS
    payment_text: str = FEE_PAYMENT_TEXT

    @property
    def method_label(self) -> str:
        return FEE_METHOD_LABELS[self.method]

    @property
    def chargeable(self) -> bool:
        """False when the amount is 0: no fee notice is sent."""
        return self.amount_yuan > 0

    def lines(self) -> list[str]:
        """Text for the 收费通知: 依据、标准、数额、缴纳期限."""
        return [
            f"收费依据：{self.basis}",
            f"计收方式：{self.method_label}（超额累进）",
            *self.breakdown,
            f"应缴金额：{self.amount_yuan}元",
            self.payment_text,
        ]


def compute_fee_notice(
    method: str | None = None,
    *,
    prior_requests_in_month: int | None = None,
    requests: int = 1,
    pages: int | None = None,
) -> FeeNotice:
    """Compute a 信息处理费 for one application using exactly one method.

    * ``per_request``: ``prior_requests_in_month`` = 件 this applicant already
      filed this calendar month; ``requests`` = 件 in this application (after
      一事一申请 splitting). Each 件 is charged at the rate of its position.
    * ``per_volume``: ``pages`` (A4 pages, or the equivalent for e-mail /
      copied electronic data) charged band by band: 1–30 free, 31–100 10元,
      101–200 20元, 201+ 40元 per page.

    Both methods are 超额累进 (109号 第三条, confirmed against the published text:
    "……的部分"). Charging at all is discretionary and only for clearly
    unreasonable volume or frequency (Art. 42); this computes the amount.
    """
    if method is None:
        raise FeeRuleError("请选择计收方式：per_request（按件计收）或 per_volume（按量计收），每件申请只能选一种")
    if pages is not None and prior_requests_in_month is not None:
        raise FeeRuleError("同一申请只能选择一种计收方式（按件或按量），不得同时按两种标准重复计算（109号第三条）")
    if method == PER_REQUEST:
        if pages is not None:
            raise FeeRuleError("按件计收不使用页数；如需按页计算请选择按量计收（二者只能选一）")
        if not isinstance(prior_requests_in_month, int) or prior_requests_in_month < 0:
            raise FeeRuleError("按件计收须填写该申请人本自然月此前已申请的件数（非负整数）")
        if not isinstance(requests, int) or requests < 1:
            raise FeeRuleError("本申请的件数必须是正整数")
        lines: list[str] = []
        total = 0
        first = prior_requests_in_month + 1
        last = prior_requests_in_month + requests
        n = first
        while n <= last:
            rate = per_request_rate(n)
            m = n
            while m + 1 <= last and per_request_rate(m + 1) == rate:
                m += 1
            count = m - n + 1
            span = f"第{n}件" if n == m else f"第{n}至{m}件"
            lines.append(f"本月{span}：{'免费' if rate == 0 else f'{rate}元/件'}，{count}件，{rate * count}元")
            total += rate * count
            n = m + 1
        return FeeNotice(PER_REQUEST, total, lines)
    if method == PER_VOLUME:
        if prior_requests_in_month is not None:
            raise FeeRuleError("按量计收不使用件数；如需按件计算请选择按件计收（二者只能选一）")
        if not isinstance(pages, int) or isinstance(pages, bool) or pages < 1:
            raise FeeRuleError("按量计收须填写页数（正整数）")
        lines = []
        total = 0
        for lo, hi, rate in _VOLUME_BANDS:
            if pages < lo:
                break
            top = pages if hi is None else min(pages, hi)
            count = top - lo + 1
            span = f"第{lo}页以上" if hi is None else f"第{lo}至{hi}页"
            lines.append(f"{span}：{'免费' if rate == 0 else f'{rate}元/页'}，{count}页，{rate * count}元")
            total += rate * count
        return FeeNotice(PER_VOLUME, total, lines)
    raise FeeRuleError(f"未知的计收方式“{method}”，应为 per_request（按件计收）或 per_volume（按量计收）")
