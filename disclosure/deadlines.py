"""Statutory clocks of 政府信息公开 — plain Python, no Django.

* On-request reply clock (依申请公开, disclosure.md §6.2–6.3), computed from a
  list of plain events so it can be recomputed whenever the calendar changes
  (calendar.md §3 "Recomputation"): :func:`compute_deadline`.
* Art. 26 proactive-disclosure timeliness (disclosure.md §3.3):
  :func:`proactive_publication_deadline`, :func:`is_late`.

Counting follows ``workdays.engine`` (calendar.md §2): day 0 is the trigger
date and is not counted; the due date is the day the count of working days
(including 调休 make-up days) reaches N.

Rules and the design conventions chosen by the project (disclosure.md §6.3):

* Receipt date (day 0) by channel, Art. 31: in person → the day it is handed
  in; signed-for post → the day the agency signs for it; plain letter → the
  day the office confirms receipt with the applicant (it must do so the day
  the letter arrives); online / fax → the day both sides confirm. Until then
  no clock runs (状态 待受理确认).
* Reply within 20 wd of day 0 (Art. 33 ¶1).
* 补正 (Art. 30): the notice must go out within 7 wd of receipt, once and
  completely; the period then counts **afresh from the day the corrected
  application is received** (a restart — new day 0 — not a pause).
* Consultation of third parties (Art. 32) or other agencies (Art. 34): the
  time is not counted (Art. 33 ¶3). Design: working days from the day after
  the letter is sent up to and including the day of the reply — or of the
  lapse, 15 wd after the addressee received the letter (the send date when
  the receipt date is unknown) — are excluded. Parallel consultations keep the
  clock suspended until the last one ends.
* Fee notice (国办函〔2020〕109号): the applicant pays within 20 wd counted
  from the day after receiving the notice. **[unverified]** that the waiting
  time is excluded from the reply period; it is excluded here by default (the
  design convention in disclosure.md §6.3) and can be switched off with
  ``exclude_fee_wait=False``.
* Extension (Art. 33 ¶2): approved by the 公开工作机构负责人 and notified to
  the applicant before the current due date; at most 20 wd in total.
  Extension days are added to the current due date, i.e. the total count
  becomes 20 + extension days over non-suspended working days.

Legal irregularities found in the log (a late 补正 notice, a second
extension, an extension after the due date …) are returned as ``warnings``
rather than raised, so a historical log can always be recomputed after a
calendar change; structurally impossible logs raise :class:`DeadlineError`.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Sequence, Union

from workdays.engine import Suspension, WorkCalendar, WorkdayResult, fmt

REPLY_PERIOD_WD = 20  # Art. 33 ¶1
MAX_EXTENSION_WD = 20  # Art. 33 ¶2
CORRECTION_NOTICE_WD = 7  # Art. 30
CONSULTATION_WD = 15  # Art. 32, Art. 34
FEE_PAYMENT_WD = 20  # 109号
PROACTIVE_WD = 20  # Art. 26

# -- receipt channels (Art. 31) ------------------------------------------------
IN_PERSON = "in_person"
SIGNED_POST = "signed_post"
PLAIN_POST = "plain_post"
ONLINE = "online"
FAX = "fax"

CHANNEL_LABELS = {
    IN_PERSON: "当面提交",
    SIGNED_POST: "邮寄（需签收）",
    PLAIN_POST: "平常信函等无需签收的邮寄方式",
    ONLINE: "互联网渠道",
    FAX: "传真",
}

THIRD_PARTY = "third_party"
AGENCY = "agency"
CONSULTATION_LABELS = {THIRD_PARTY: "征求第三方意见", AGENCY: "征求相关机关意见"}

# -- statuses of the clock ---------------------------------------------------------
NOT_STARTED = "not_started"  # 待受理确认: no day 0 yet
RUNNING = "running"
AWAITING_CORRECTION = "awaiting_correction"  # stopped, will restart from zero
SUSPENDED = "suspended"  # an open consultation / fee wait
CLOSED = "closed"

STATUS_LABELS = {
    NOT_STARTED: "待受理确认，答复期限尚未起算",
    RUNNING: "办理中，答复期限计算中",
    AWAITING_CORRECTION: "待补正，答复期限停止，收到补正材料后重新起算",
    SUSPENDED: "暂停计算（征求意见或待缴费）",
    CLOSED: "已办结",
}

REPLIED = "replied"
WITHDRAWN = "withdrawn"
ABANDONED = "abandoned"
CLOSE_OUTCOMES = {REPLIED: "已答复", WITHDRAWN: "申请人撤回", ABANDONED: "视为放弃申请"}


class DeadlineError(ValueError):
    """The event log is structurally impossible; the message (Chinese) says what to fix."""


# -- events ----------------------------------------------------------------------


@dataclass(frozen=True)
class Receipt:
    """The application arrived. Which date field is needed depends on ``channel``.

    * ``in_person``: ``handed_in_on``
    * ``signed_post``: ``signed_for_on``
    * ``plain_post``: ``confirmed_on`` (the day receipt was confirmed with the
      applicant); ``arrived_on`` optional, used to check same-day confirmation
    * ``online`` / ``fax``: ``confirmed_on`` (双方确认之日, the staff
      受理确认 action); ``arrived_on`` optional (submission date)

    A missing confirmation leaves the application in 待受理确认 (no clock).
    """

    channel: str
    handed_in_on: _dt.date | None = None
    signed_for_on: _dt.date | None = None
    arrived_on: _dt.date | None = None
    confirmed_on: _dt.date | None = None


@dataclass(frozen=True)
class CorrectionRequested:
    """补正告知书 sent (once, complete, within 7 wd of receipt)."""

    on: _dt.date
    reply_by: _dt.date | None = None  # the reasonable period given to the applicant


@dataclass(frozen=True)
class CorrectionReceived:
    """Corrected application received: new day 0."""

    on: _dt.date


@dataclass(frozen=True)
class ConsultationStarted:
    """Consultation letter sent (Art. 32 third party, Art. 34 other agency)."""

    on: _dt.date
    ref: str = "1"  # identifies the consultation; matches ConsultationEnded.ref
    party: str = THIRD_PARTY  # THIRD_PARTY | AGENCY
    letter_received_on: _dt.date | None = None  # when the addressee received it


@dataclass(frozen=True)
class ConsultationEnded:
    """Reply received (for a lapse no event is needed: it ends by itself after 15 wd)."""

    on: _dt.date
    ref: str = "1"


@dataclass(frozen=True)
class FeeNoticeSent:
    on: _dt.date
    notice_received_on: _dt.date | None = None  # applicant's receipt of the notice


@dataclass(frozen=True)
class FeePaid:
    on: _dt.date


@dataclass(frozen=True)
class ExtensionGranted:
    approved_on: _dt.date
    notified_on: _dt.date
    days: int
    approver: str = ""  # 公开工作机构负责人


@dataclass(frozen=True)
class Closed:
    on: _dt.date
    outcome: str = REPLIED  # REPLIED | WITHDRAWN | ABANDONED


Event = Union[
    Receipt,
    CorrectionRequested,
    CorrectionReceived,
    ConsultationStarted,
    ConsultationEnded,
    FeeNoticeSent,
    FeePaid,
    ExtensionGranted,
    Closed,
]


@dataclass(frozen=True)
class ReceiptDate:
    date: _dt.date | None  # None: awaiting confirmation (no clock)
    rule: str  # Chinese sentence stating the rule applied
    warnings: list[str] = field(default_factory=list)


def receipt_date(r: Receipt) -> ReceiptDate:
    """Day 0 of the reply clock for one channel (Art. 31)."""
    label = CHANNEL_LABELS.get(r.channel)
    if label is None:
        raise DeadlineError(
            f"未知的提交渠道“{r.channel}”，应为：" + "、".join(f"{k}（{v}）" for k, v in CHANNEL_LABELS.items())
        )
    warnings: list[str] = []
    if r.channel == IN_PERSON:
        if r.handed_in_on is None:
            raise DeadlineError("当面提交的申请须填写申请人提交之日（handed_in_on）")
        return ReceiptDate(r.handed_in_on, f"当面提交：以申请人提交之日 {fmt(r.handed_in_on)} 为收到申请之日（条例第三十一条第一项）")
    if r.channel == SIGNED_POST:
        if r.signed_for_on is None:
            raise DeadlineError("需签收的邮寄申请须填写行政机关签收之日（signed_for_on）")
        return ReceiptDate(r.signed_for_on, f"邮寄（需签收）：以行政机关签收之日 {fmt(r.signed_for_on)} 为收到申请之日（条例第三十一条第二项）")
    if r.confirmed_on is None:
        if r.channel == PLAIN_POST:
            return ReceiptDate(None, "平常信函：尚未与申请人确认收到，答复期限尚未起算（条例第三十一条第二项）")
        return ReceiptDate(None, f"{label}：尚未受理确认（双方确认），答复期限尚未起算（条例第三十一条第三项）")
    if r.arrived_on is not None and r.confirmed_on < r.arrived_on:
        raise DeadlineError(
            f"确认日期 {r.confirmed_on.isoformat()} 早于申请到达日期 {r.arrived_on.isoformat()}，请更正"
        )
    if r.channel == PLAIN_POST:
        if r.arrived_on is not None and r.confirmed_on != r.arrived_on:
            warnings.append(
                f"平常信函应于收到申请的当日与申请人确认：信件 {fmt(r.arrived_on)} 到达，{fmt(r.confirmed_on)} 才确认"
            )
        return ReceiptDate(
            r.confirmed_on,
            f"平常信函：以政府信息公开工作机构与申请人确认之日 {fmt(r.confirmed_on)} 为收到申请之日（条例第三十一条第二项）",
            warnings,
        )
    return ReceiptDate(
        r.confirmed_on,
        f"{label}：以双方确认之日 {fmt(r.confirmed_on)} 为收到申请之日（条例第三十一条第三项）",
        warnings,
    )


# -- result ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    """The reply deadline computed from an event log.

    ``due_date`` is ``None`` while no clock runs (待受理确认, 待补正, or closed
    before day 0 / while awaiting correction). While a consultation or a fee
    wait is still open (``status == 'suspended'``) the due date assumes it
    runs to its lapse — the latest possible date; it moves earlier once the
    reply or payment is recorded.
    """

    status: str
    due_date: _dt.date | None
    provisional: bool
    steps: list[str]  # Chinese explanation, in order
    reasons: list[str]  # why the result is provisional
    warnings: list[str]  # legal irregularities found in the log
    day0: _dt.date | None = None
    first_receipt: _dt.date | None = None
    correction_notice_due: _dt.date | None = None
    extension_days: int = 0
    suspended_working_days: int = 0
    closed_on: _dt.date | None = None
    on_time: bool | None = None  # only for replied applications

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def _merge_reasons(target: list[str], more: Sequence[str]) -> None:
    for r in more:
        if r not in target:
            target.append(r)


def correction_notice_deadline(day0: _dt.date, calendar: WorkCalendar) -> WorkdayResult:
    """Last day to send the 补正告知书: 7 wd after receipt (Art. 30)."""
    return calendar.add_working_days(day0, CORRECTION_NOTICE_WD)


def consultation_lapse_date(letter_received_on: _dt.date, calendar: WorkCalendar) -> WorkdayResult:
    """The day a consultation lapses: 15 wd after the addressee received the letter (Art. 32, 34)."""
    return calendar.add_working_days(letter_received_on, CONSULTATION_WD)


def fee_payment_deadline(notice_received_on: _dt.date, calendar: WorkCalendar) -> WorkdayResult:
    """Last day to pay: 20 wd counted from the day after the applicant received the notice (109号)."""
    return calendar.add_working_days(notice_received_on, FEE_PAYMENT_WD)


def _event_date(e) -> _dt.date:
    if isinstance(e, ExtensionGranted):
        return max(e.approved_on, e.notified_on)
    return e.on


def compute_deadline(
    events: Sequence[Event],
    calendar: WorkCalendar,
    *,
    exclude_fee_wait: bool = True,
    as_of: _dt.date | None = None,
) -> Deadline:
    """Compute the reply deadline of one application from its event log.

    ``events`` must contain exactly one :class:`Receipt`; the others may come
    in any order (they are sorted by date, ties keep list order).

    ``as_of`` (today) lets an unanswered consultation count as lapsed once its
    15 wd have passed; without it an unanswered consultation is treated as
    still open (status ``'suspended'``, due date assuming the full 15 wd).
    """
    receipts = [e for e in events if isinstance(e, Receipt)]
    if len(receipts) != 1:
        raise DeadlineError(f"事件记录中必须恰好有一条收到申请记录（Receipt），现有 {len(receipts)} 条")
    rd = receipt_date(receipts[0])
    steps: list[str] = [rd.rule]
    warnings: list[str] = list(rd.warnings)
    reasons: list[str] = []
    others = sorted((e for e in events if not isinstance(e, Receipt)), key=_event_date)

    if rd.date is None:
        closes = [e for e in others if isinstance(e, Closed)]
        if any(not isinstance(e, Closed) for e in others):
            raise DeadlineError("申请尚未受理确认（未起算答复期限），不能记录补正、征求意见、收费或延期")
        if closes:
            c = closes[0]
            steps.append(f"{fmt(c.on)}：{CLOSE_OUTCOMES.get(c.outcome, c.outcome)}（受理确认前办结）")
            return Deadline(CLOSED, None, False, steps, [], warnings, closed_on=c.on)
        return Deadline(NOT_STARTED, None, False, steps, [], warnings)

    first = rd.date
    day0 = first
    cnd = correction_notice_deadline(first, calendar)
    _merge_reasons(reasons, cnd.reasons)
    awaiting_correction = False
    corrections_requested = 0
    closed: Closed | None = None
    # events in the current counting period (after the last restart)
    consult_start: dict[str, ConsultationStarted] = {}
    consult_end: dict[str, ConsultationEnded] = {}
    fee_notices: list[FeeNoticeSent] = []
    fee_paid: list[FeePaid] = []
    extensions: list[ExtensionGranted] = []

    for e in others:
        d = _event_date(e)
        if d < first:
            raise DeadlineError(f"事件日期 {d.isoformat()} 早于收到申请之日 {first.isoformat()}，请更正")
        if closed is not None:
            raise DeadlineError(f"申请已于 {closed.on.isoformat()} 办结，之后不能再记录事件（{type(e).__name__}）")
        if isinstance(e, CorrectionRequested):
            if consult_start or fee_notices or extensions:
                raise DeadlineError("补正告知应在征求意见、收费或延期之前发出；请检查事件记录")
            corrections_requested += 1
            if corrections_requested > 1:
                warnings.append(f"补正应一次性告知（条例第三十条），{fmt(e.on)} 为第{corrections_requested}次补正告知")
            if e.on > cnd.date:
                warnings.append(
                    f"补正告知书应在收到申请之日起7个工作日内发出（最迟 {fmt(cnd.date)}），实际 {fmt(e.on)} 发出"
                )
            awaiting_correction = True
            steps.append(f"{fmt(e.on)}：发出补正告知书，答复期限停止计算（条例第三十条）")
        elif isinstance(e, CorrectionReceived):
            if not awaiting_correction:
                raise DeadlineError(f"{e.on.isoformat()} 记录了收到补正材料，但此前没有发出补正告知书")
            awaiting_correction = False
            day0 = e.on
            steps.append(f"{fmt(e.on)}：收到补正后的申请，答复期限自该日重新起算（新的第0日，条例第三十条）")
        elif isinstance(e, Closed):
            if e.outcome not in CLOSE_OUTCOMES:
                raise DeadlineError(f"未知的办结方式“{e.outcome}”，应为 replied、withdrawn 或 abandoned")
            closed = e
        else:
            if awaiting_correction:
                raise DeadlineError(f"{d.isoformat()}：待补正期间答复期限已停止，不能记录征求意见、收费或延期")
            if isinstance(e, ConsultationStarted):
                if e.party not in CONSULTATION_LABELS:
                    raise DeadlineError(f"未知的征求意见对象“{e.party}”，应为 third_party 或 agency")
                if e.ref in consult_start:
                    raise DeadlineError(f"征求意见编号“{e.ref}”重复，请为每次征求意见使用不同编号")
                if e.letter_received_on is not None and e.letter_received_on < e.on:
                    raise DeadlineError(f"征求意见函的收到日期早于发出日期 {e.on.isoformat()}，请更正")
                consult_start[e.ref] = e
            elif isinstance(e, ConsultationEnded):
                if e.ref not in consult_start:
                    raise DeadlineError(f"{e.on.isoformat()} 收到编号“{e.ref}”的意见答复，但没有对应的征求意见记录")
                if e.ref in consult_end:
                    raise DeadlineError(f"编号“{e.ref}”的征求意见已记录过答复")
                consult_end[e.ref] = e
            elif isinstance(e, FeeNoticeSent):
                if fee_notices and len(fee_paid) < len(fee_notices):
                    raise DeadlineError("上一份收费通知尚未缴费，不能再发收费通知")
                fee_notices.append(e)
            elif isinstance(e, FeePaid):
                if len(fee_paid) >= len(fee_notices):
                    raise DeadlineError(f"{e.on.isoformat()} 记录了缴费，但没有对应的收费通知")
                fee_paid.append(e)
            elif isinstance(e, ExtensionGranted):
                extensions.append(e)
            else:
                raise DeadlineError(f"无法识别的事件：{e!r}")

    correction_due = cnd.date
    if awaiting_correction:
        status = CLOSED if closed else AWAITING_CORRECTION
        steps.append("待补正：答复期限停止，收到补正材料后自收到之日重新计算20个工作日")
        if closed:
            steps.append(f"{fmt(closed.on)}：{CLOSE_OUTCOMES[closed.outcome]}")
        return Deadline(
            status, None, bool(reasons), steps, reasons, warnings, None, first, correction_due,
            closed_on=closed.on if closed else None,
        )

    steps.append(f"答复期限：自第0日 {fmt(day0)} 的次日起算{REPLY_PERIOD_WD}个工作日（条例第三十三条第一款）")

    # -- suspensions ------------------------------------------------------------
    suspensions: list[Suspension] = []
    open_pause = False
    for ref, s in consult_start.items():
        label = CONSULTATION_LABELS[s.party]
        basis = "条例第三十二条" if s.party == THIRD_PARTY else "条例第三十四条"
        received = s.letter_received_on or s.on
        lapse = consultation_lapse_date(received, calendar)
        _merge_reasons(reasons, lapse.reasons)
        recv_txt = f"对方 {fmt(received)} 收到" if s.letter_received_on else "对方收到日期未记录，按发出日计"
        end_ev = consult_end.get(ref)
        if end_ev is not None and end_ev.on <= lapse.date:
            end = end_ev.on
            how = f"{fmt(end)} 收到答复"
        elif end_ev is not None:
            end = lapse.date
            how = f"答复 {fmt(end_ev.on)} 才收到，已超过15个工作日期限（{fmt(lapse.date)}届满），超出部分计入答复期限"
            warnings.append(f"{label}（{ref}）{how}")
        elif closed is not None and closed.on < lapse.date:
            end = closed.on
            how = f"未收到答复，{fmt(closed.on)} 办结"
        elif closed is None and (as_of is None or as_of <= lapse.date):
            end = lapse.date
            open_pause = True
            how = f"尚未收到答复；按15个工作日届满日 {fmt(lapse.date)} 推算（收到答复后重新计算）"
        else:
            end = lapse.date
            how = f"15个工作日内未答复，{fmt(lapse.date)} 届满" + (
                "，视为同意公开" if s.party == AGENCY else "，由行政机关依法决定"
            )
        steps.append(
            f"{label}（{ref}）：{fmt(s.on)} 发出，{recv_txt}；{how}；"
            f"自发出次日至 {fmt(end)} 的工作日不计入答复期限（{basis}、第三十三条第三款）"
        )
        suspensions.append(Suspension(s.on, end, label))

    for i, n in enumerate(fee_notices):
        received = n.notice_received_on or n.on
        window = fee_payment_deadline(received, calendar)
        _merge_reasons(reasons, window.reasons)
        paid = fee_paid[i] if i < len(fee_paid) else None
        if paid is not None and paid.on <= window.date:
            end, how = paid.on, f"{fmt(paid.on)} 缴费"
        elif paid is not None:
            end = window.date
            how = f"{fmt(paid.on)} 才缴费，已超过缴费期限 {fmt(window.date)}"
            warnings.append(f"收费通知（{fmt(n.on)}）：{how}；逾期未缴费应视为放弃申请")
        elif closed is not None and closed.on < window.date:
            end, how = closed.on, f"未缴费，{fmt(closed.on)} 办结"
        elif closed is None and (as_of is None or as_of <= window.date):
            end = window.date
            open_pause = True
            how = f"尚未缴费；缴费期限 {fmt(window.date)} 届满（逾期未缴视为放弃申请）"
        else:
            end = window.date
            how = f"缴费期限 {fmt(window.date)} 届满未缴费"
            if closed is None:
                warnings.append(f"缴费期限 {fmt(window.date)} 已届满未缴费：应按视为放弃申请办结")
        if exclude_fee_wait:
            steps.append(
                f"收费通知：{fmt(n.on)} 发出，申请人 {fmt(received)} 收到，自次日起20个工作日内缴费；{how}；"
                f"等待缴费期间不计入答复期限（国办函〔2020〕109号；此项规则待核实）"
            )
            suspensions.append(Suspension(n.on, end, "等待缴费"))
        else:
            steps.append(f"收费通知：{fmt(n.on)} 发出；{how}；等待缴费期间计入答复期限")

    # -- extensions ----------------------------------------------------------------
    ext_total = 0
    for i, x in enumerate(extensions, start=1):
        if not isinstance(x.days, int) or x.days < 1:
            raise DeadlineError(f"延期天数必须是正整数（工作日），收到：{x.days!r}")
        if ext_total + x.days > MAX_EXTENSION_WD:
            raise DeadlineError(
                f"延长答复期限累计不得超过{MAX_EXTENSION_WD}个工作日（条例第三十三条第二款），"
                f"已延长{ext_total}个工作日，本次又申请{x.days}个工作日"
            )
        before = calendar.add_working_days(
            day0, REPLY_PERIOD_WD + ext_total, [s for s in suspensions if s.start <= x.notified_on]
        )
        if i > 1:
            warnings.append(f"答复期限第{i}次延期（{fmt(x.notified_on)}）：延期应一次批准并告知")
        if not x.approver.strip():
            warnings.append(f"{fmt(x.approved_on)} 的延期未记录批准人：须经政府信息公开工作机构负责人同意")
        if x.notified_on < x.approved_on:
            warnings.append(f"延期告知（{fmt(x.notified_on)}）早于批准（{fmt(x.approved_on)}）")
        if x.notified_on > before.date:
            warnings.append(
                f"延期告知（{fmt(x.notified_on)}）晚于当时的答复期限 {fmt(before.date)}：延期须在期限届满前批准并告知申请人"
            )
        ext_total += x.days
        who = f"经{x.approver}" if x.approver.strip() else "（未记录批准人）"
        steps.append(
            f"延期{x.days}个工作日：{who}于 {fmt(x.approved_on)} 批准，{fmt(x.notified_on)} 告知申请人；"
            f"在原期限 {fmt(before.date)} 基础上顺延（条例第三十三条第二款）"
        )

    total = REPLY_PERIOD_WD + ext_total
    result = calendar.add_working_days(day0, total, suspensions)
    _merge_reasons(reasons, result.reasons)
    steps.extend(line for line in result.explain()[1:] if not line.startswith("注意："))
    suspended_days = sum(1 for t in result.days if t.kind == "suspended")
    steps.append(
        f"答复期限届满日：{fmt(result.date)}（{REPLY_PERIOD_WD}个工作日"
        + (f"＋延期{ext_total}个工作日" if ext_total else "")
        + (f"，另有{suspended_days}个工作日暂停不计" if suspended_days else "")
        + "）"
    )
    for r in reasons:
        steps.append(f"注意：{r}")

    on_time = None
    status = RUNNING
    if closed is not None:
        status = CLOSED
        if closed.outcome == REPLIED:
            on_time = closed.on <= result.date
            if on_time:
                steps.append(f"{fmt(closed.on)}：已答复，在答复期限内")
            else:
                late = calendar.working_days_between(result.date, closed.on)
                _merge_reasons(reasons, late.reasons)
                steps.append(f"{fmt(closed.on)}：已答复，超过答复期限{late.count}个工作日")
                warnings.append(f"逾期答复：期限 {fmt(result.date)}，实际 {fmt(closed.on)} 答复")
        else:
            steps.append(f"{fmt(closed.on)}：{CLOSE_OUTCOMES[closed.outcome]}")
    elif open_pause:
        status = SUSPENDED

    return Deadline(
        status=status,
        due_date=result.date,
        provisional=bool(reasons),
        steps=steps,
        reasons=reasons,
        warnings=warnings,
        day0=day0,
        first_receipt=first,
        correction_notice_due=correction_due,
        extension_days=ext_total,
        suspended_working_days=suspended_days,
        closed_on=closed.on if closed else None,
        on_time=on_time,
    )


# -- Art. 26 proactive disclosure ----------------------------------------------------

_SHANGHAI = _dt.timezone(_dt.timedelta(hours=8))  # China has had no DST since 1991


def _to_shanghai_date(value) -> _dt.date:
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            raise ValueError("发布时间必须带时区（aware datetime），否则无法换算为北京时间的日期")
        return value.astimezone(_SHANGHAI).date()
    if isinstance(value, _dt.date):
        return value
    raise TypeError(f"请传入日期或带时区的日期时间，收到：{value!r}")


def proactive_publication_deadline(
    formed_on: _dt.date,
    calendar: WorkCalendar,
    *,
    statutory_days: int = PROACTIVE_WD,
) -> WorkdayResult:
    """Last day to publish proactively: 20 wd after 生成日期 (formation or change), Art. 26.

    ``statutory_days`` overrides the period where a law sets a different one
    (the catalogue item must then record that legal basis).
    """
    return calendar.add_working_days(_to_shanghai_date(formed_on), statutory_days)


@dataclass(frozen=True)
class Timeliness:
    """Result of :func:`is_late`; truthy when the publication was late."""

    late: bool
    formed_on: _dt.date
    published_on: _dt.date
    due_date: _dt.date
    working_days_taken: int  # working days in (formed_on, published_on]; 0 if published first
    provisional: bool
    reasons: list[str]
    explanation: list[str]

    def __bool__(self) -> bool:
        return self.late


def is_late(
    formed_on: _dt.date,
    published_on,
    calendar: WorkCalendar,
    *,
    statutory_days: int = PROACTIVE_WD,
) -> Timeliness:
    """Was the item published after the Art. 26 deadline?

    Late means the publication **date** (Asia/Shanghai; an aware datetime is
    converted) is after the due date — publishing on the Saturday after a
    Friday due date is late even though no working day passed.
    """
    formed = _to_shanghai_date(formed_on)
    published = _to_shanghai_date(published_on)
    due = proactive_publication_deadline(formed, calendar, statutory_days=statutory_days)
    reasons = list(due.reasons)
    if published >= formed:
        taken = calendar.working_days_between(formed, published)
        _merge_reasons(reasons, taken.reasons)
        n = taken.count
    else:
        n = 0
    late = published > due.date
    lines = [
        f"生成日期 {fmt(formed)}；应在其后{statutory_days}个工作日内公开，最迟 {fmt(due.date)}（条例第二十六条）",
        f"实际发布 {fmt(published)}，用时{n}个工作日：" + ("超期" if late else "按时"),
    ]
    if published < formed:
        lines.append("注意：发布日期早于生成日期，请核对生成日期")
    lines.extend(f"注意：{r}" for r in reasons)
    return Timeliness(late, formed, published, due.date, n, bool(reasons), reasons, lines)
