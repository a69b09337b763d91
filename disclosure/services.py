"""依申请公开: the ONE service every state change goes through.

``perform(request, action, actor=…, on=…, **data)`` checks the transition with
``disclosure.request_states.check_transition`` (facts from ``disclosure.deadlines`` and the
database calendar), then records the event, updates the record and runs the side effects
(due-date recomputation, applicant notice) — all in one transaction. A refusal raises
:class:`ActionRefused` with the Chinese reason and changes nothing.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from workdays.calendar import load_calendar
from workdays.engine import fmt

from . import deadlines as dl
from . import request_states as rs
from .models import InformationRequest, RedressCase, RequestEvent

logger = logging.getLogger(__name__)


class ActionRefused(ValueError):
    """The action is not allowed now; the message (Chinese) says why."""


# -- what the applicant is told (never internal comments or third-party names) ------------------

PUBLIC_NOTES = {
    "submit": "已收到您的网上申请，等待受理确认；受理确认前法定答复期限尚未起算",
    "register": "申请已登记",
    "confirm_receipt": "已受理确认，答复期限自受理确认之日的次日起算",
    "request_correction": "需要补正申请内容，请按补正告知书的要求补正",
    "receive_correction": "已收到补正材料，答复期限自收到之日起重新计算",
    "correction_lapsed": "逾期未补正，视为放弃申请",
    "start_third_party_consultation": "正在征求第三方意见，征求意见所需时间不计入答复期限",
    "start_agency_consultation": "正在征求相关机关意见，征求意见所需时间不计入答复期限",
    "consultation_replied": "征求意见结束，继续办理",
    "consultation_lapsed": "征求意见期限届满，继续办理",
    "send_fee_notice": "已发出收费通知，请按通知缴费；等待缴费期间不计入答复期限",
    "fee_paid": "已确认缴费，继续办理",
    "fee_lapsed": "逾期未缴纳信息处理费，视为放弃申请",
    "extend": "经批准延长答复期限",
    "reply": "已答复",
    "withdraw": "申请已撤回",
    "supplementary_reply": "已补充答复",
    "deadline_recomputed": "因工作日历调整，答复期限重新计算",
}
INTERNAL_ACTIONS = {"record_review", "record_litigation", "assign"}


def hash_ip(ip: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()


# -- deadline from the event log -----------------------------------------------------------------


def deadline_events(req: InformationRequest, events=None) -> list:
    """The plain event log ``disclosure.deadlines.compute_deadline`` takes."""
    d0 = req.received_on
    if req.channel == dl.IN_PERSON:
        receipt = dl.Receipt(dl.IN_PERSON, handed_in_on=d0 or req.arrived_on)
    elif req.channel == dl.SIGNED_POST:
        receipt = dl.Receipt(dl.SIGNED_POST, signed_for_on=d0 or req.arrived_on)
    else:
        receipt = dl.Receipt(req.channel, arrived_on=req.arrived_on, confirmed_on=d0)
    out = [receipt]
    for e in events if events is not None else req.events.all():
        d = e.data or {}
        a = e.action
        if a == "request_correction":
            out.append(dl.CorrectionRequested(e.on, _date(d.get("reply_by"))))
        elif a == "receive_correction":
            out.append(dl.CorrectionReceived(e.on))
        elif a in ("start_third_party_consultation", "start_agency_consultation"):
            out.append(dl.ConsultationStarted(e.on, d["ref"], d["party"], _date(d.get("letter_received_on"))))
        elif a in ("consultation_replied", "consultation_lapsed"):
            out.append(dl.ConsultationEnded(_date(d.get("ended_on")) or e.on, d["ref"]))
        elif a == "send_fee_notice":
            out.append(dl.FeeNoticeSent(e.on, _date(d.get("notice_received_on"))))
        elif a == "fee_paid":
            out.append(dl.FeePaid(e.on))
        elif a == "extend":
            out.append(dl.ExtensionGranted(_date(d["approved_on"]), _date(d["notified_on"]), int(d["days"]), d.get("approver", "")))
        elif a == "reply":
            out.append(dl.Closed(e.on, dl.REPLIED))
        elif a == "withdraw":
            out.append(dl.Closed(e.on, dl.WITHDRAWN))
        elif a in ("correction_lapsed", "fee_lapsed"):
            out.append(dl.Closed(e.on, dl.ABANDONED))
    return out


def compute(req: InformationRequest, calendar=None, as_of=None, events=None) -> dl.Deadline:
    return dl.compute_deadline(
        deadline_events(req, events), calendar or load_calendar(), as_of=as_of or timezone.localdate()
    )


def applicant_steps(req, deadline) -> list[str]:
    """The deadline explanation as the applicant may see it: approvers are not named."""
    names = {e.data.get("approver") for e in req.events.filter(action="extend") if e.data.get("approver")}
    steps = []
    for line in deadline.steps:
        for name in names:
            line = line.replace(f"经{name}", "经政府信息公开工作机构负责人")
        steps.append(line)
    return steps


def _date(v):
    if v in (None, ""):
        return None
    if isinstance(v, _dt.date):
        return v
    return _dt.date.fromisoformat(str(v))


def refresh_due(req: InformationRequest, calendar=None, actor=None, log_change=True) -> tuple:
    """Recompute and store the due date; log a change. Returns (old, new)."""
    d = compute(req, calendar)
    old = req.due_date
    req.due_date = d.due_date
    req.due_provisional = d.provisional
    InformationRequest.objects.filter(pk=req.pk).update(due_date=d.due_date, due_provisional=d.provisional)
    if log_change and old is not None and d.due_date is not None and old != d.due_date and req.is_open:
        RequestEvent.objects.create(
            request=req, action="deadline_recomputed", label="答复期限重新计算", state_from=req.state,
            state_to=req.state, on=timezone.localdate(), actor=actor,
            comment=f"工作日历变更：答复期限由 {fmt(old)} 变更为 {fmt(d.due_date)}",
            public_note=f"因工作日历调整，答复期限由 {old.isoformat()} 变更为 {d.due_date.isoformat()}",
            data={"old": old.isoformat(), "new": d.due_date.isoformat()},
        )
    return old, d.due_date


def recompute_open_deadlines(**kwargs) -> list:
    """Recompute every open application's due date (after a calendar change). Returns changes."""
    changes = []
    cal = load_calendar()
    for req in InformationRequest.objects.exclude(received_on=None).exclude(
        state__in=[s for s, st in rs.STATES.items() if st.closed]
    ):
        old, new = refresh_due(req, cal)
        if old != new:
            changes.append((req.tracking_code, old, new))
    return changes


def _on_calendar_changed(sender, **kwargs):
    recompute_open_deadlines()


# -- intake --------------------------------------------------------------------------------------


APPLICANT_FIELDS = [
    "applicant_kind", "applicant_type", "name", "id_type", "id_number", "credit_code", "legal_representative",
    "contact_person", "phone", "email", "address", "postcode", "title", "doc_number_hint", "description",
    "purpose", "provision_form", "delivery_method",
]


@transaction.atomic
def submit_online(data: dict, *, form_token: str, ip: str) -> tuple[InformationRequest, str | None, bool]:
    """Store an online application. Returns (request, query password or None, created).

    Idempotent: a second POST with the same form token returns the first record (no password).
    """
    existing = InformationRequest.objects.filter(form_token=form_token).first() if form_token else None
    if existing:
        return existing, None, False
    req = InformationRequest(**{k: data.get(k, "") or "" for k in APPLICANT_FIELDS})
    req.channel = dl.ONLINE
    req.form_token = form_token or None
    req.ip_hash = hash_ip(ip)
    req.arrived_on = timezone.localdate()
    raw = req.set_query_password()
    req.save()
    RequestEvent.objects.create(
        request=req, action="submit", label="网上提交", state_to=req.state, on=req.arrived_on,
        public_note=PUBLIC_NOTES["submit"],
    )
    return req, raw, True


@transaction.atomic
def register(data: dict, *, channel: str, on: _dt.date, actor) -> tuple[InformationRequest, str]:
    """Staff registration of a paper/fax/in-person application (Art. 31 receipt-date rule)."""
    if channel not in dl.CHANNEL_LABELS:
        raise ActionRefused("请选择申请渠道")
    if on > timezone.localdate():
        raise ActionRefused("收到日期不能晚于今天")
    req = InformationRequest(**{k: data.get(k, "") or "" for k in APPLICANT_FIELDS})
    req.channel = channel
    req.arrived_on = on
    req.assignee = actor
    raw = req.set_query_password()
    if channel in (dl.IN_PERSON, dl.SIGNED_POST):
        # the day handed in / signed for is day 0: no separate confirmation
        req.received_on = on
        req.state = rs.PROCESSING
    req.save()
    rule = dl.receipt_date(deadline_events(req, [])[0]).rule
    RequestEvent.objects.create(
        request=req, action="register", label=f"登记（{dl.CHANNEL_LABELS[channel]}）", state_to=req.state, on=on,
        actor=actor, comment=rule, public_note=PUBLIC_NOTES["register"] + ("；" + rule if req.received_on else ""),
    )
    refresh_due(req, log_change=False)
    return req, raw


# -- the state machine service ----------------------------------------------------------------------


def open_consultations(events) -> dict:
    opened = {}
    for e in events:
        if e.action in ("start_third_party_consultation", "start_agency_consultation"):
            opened[e.data["ref"]] = e
        elif e.action in ("consultation_replied", "consultation_lapsed"):
            opened.pop(e.data["ref"], None)
    return opened


def _consultation_lapse(e, cal) -> _dt.date:
    received = _date(e.data.get("letter_received_on")) or e.on
    return dl.consultation_lapse_date(received, cal).date


def _last(events, action):
    found = [e for e in events if e.action == action]
    return found[-1] if found else None


def build_context(req, action, events, deadline, cal, on, data, comment) -> tuple[rs.TransitionContext, dict]:
    """The facts ``check_transition`` needs, plus the event data to store."""
    stored: dict = {}
    kw = dict(
        today=on,
        due_date=deadline.due_date if deadline else None,
        correction_notice_due=deadline.correction_notice_due if deadline else None,
        corrections_requested=sum(1 for e in events if e.action == "request_correction"),
        corrections_received=sum(1 for e in events if e.action == "receive_correction"),
        correction_reply_by=req.correction_reply_by,
        extensions_granted=sum(1 for e in events if e.action == "extend"),
        extension_days_total=sum(int(e.data.get("days", 0)) for e in events if e.action == "extend"),
        reply_type=data.get("reply_type") or None,
        comment=comment or "",
    )
    today = timezone.localdate()
    for name, label in (("letter_received_on", "对方收到征求意见函的日期"), ("notice_received_on", "申请人收到收费通知的日期"),
                        ("approved_on", "批准日期"), ("notified_on", "告知申请人日期")):
        value = _date(data.get(name))
        if value and value > today:
            raise ActionRefused(f"{label} {value.isoformat()} 晚于今天，不能预先登记")
        if value and req.received_on and value < req.received_on:
            raise ActionRefused(f"{label} {value.isoformat()} 早于收到申请之日 {req.received_on.isoformat()}")
    opened = open_consultations(events)
    if action in ("start_third_party_consultation", "start_agency_consultation"):
        party = dl.THIRD_PARTY if action == "start_third_party_consultation" else dl.AGENCY
        ref = str(sum(1 for e in events if e.action.startswith("start_") and e.action.endswith("consultation")) + 1)
        lr = _date(data.get("letter_received_on"))
        if lr and lr < on:
            raise ActionRefused("征求意见函的收到日期不能早于发出日期")
        stored.update(ref=ref, party=party, letter_received_on=lr.isoformat() if lr else None)
        stored["lapse_on"] = dl.consultation_lapse_date(lr or on, cal).date.isoformat()
    elif action in ("consultation_replied", "consultation_lapsed"):
        ref = data.get("ref") or (list(opened)[-1] if opened else None)
        if ref not in opened:
            raise ActionRefused("没有找到对应的进行中的征求意见")
        lapse = _consultation_lapse(opened[ref], cal)
        kw["consultation_lapse_date"] = lapse
        remaining = [e.data["party"] for r, e in opened.items() if r != ref]
        kw["open_consultations_after"] = tuple(remaining)
        stored.update(ref=ref, ended_on=(lapse if action == "consultation_lapsed" else on).isoformat())
    elif action == "send_fee_notice":
        method = data.get("fee_method")
        try:
            if method == rs.PER_VOLUME:
                notice = rs.compute_fee_notice(method, pages=_intval(data.get("pages")))
            else:
                notice = rs.compute_fee_notice(
                    method, prior_requests_in_month=_intval(data.get("prior_requests")),
                    requests=_intval(data.get("requests"), 1),
                )
        except rs.FeeRuleError as e:
            raise ActionRefused(str(e))
        kw["fee_amount"] = notice.amount_yuan
        nr = _date(data.get("notice_received_on"))
        if nr and nr < on:
            raise ActionRefused("申请人收到收费通知的日期不能早于发出日期")
        stored.update(
            method=method, amount=notice.amount_yuan, lines=notice.lines(),
            notice_received_on=nr.isoformat() if nr else None,
            payment_due=dl.fee_payment_deadline(nr or on, cal).date.isoformat(),
        )
    elif action == "fee_lapsed":
        notice = _last(events, "send_fee_notice")
        if notice is not None:
            kw["payment_due"] = _date(notice.data.get("payment_due"))
    elif action == "extend":
        days = _intval(data.get("days"))
        approved_on = _date(data.get("approved_on")) or on
        notified_on = _date(data.get("notified_on"))
        kw.update(
            extension_days=days, approver=(data.get("approver") or "").strip(),
            applicant_notified=notified_on is not None,
        )
        if notified_on:
            kw["today"] = max(approved_on, notified_on)
        stored.update(days=days, approver=kw["approver"], approved_on=approved_on.isoformat(),
                      notified_on=notified_on.isoformat() if notified_on else None)
    elif action == "request_correction":
        reply_by = _date(data.get("reply_by"))
        if reply_by is None:
            raise ActionRefused("请填写给申请人的合理补正期限")
        if reply_by <= on:
            raise ActionRefused("补正期限应晚于补正告知书发出日期")
        if not (comment or "").strip():
            raise ActionRefused("补正告知须一次性写明需要补正的事项")
        stored["reply_by"] = reply_by.isoformat()
    elif action == "reply":
        if kw["reply_type"]:
            stored["reply_type"] = kw["reply_type"]
    elif action in ("record_review", "record_litigation"):
        stored["kind"] = data.get("kind") or ("review" if action == "record_review" else "litigation_direct")
    return rs.TransitionContext(**kw), stored


def _intval(v, default=None):
    if v in (None, ""):
        return default
    try:
        return int(v)
    except (TypeError, ValueError):
        raise ActionRefused(f"“{v}”不是整数")


def perform(req, action: str, *, actor=None, on: _dt.date | None = None, comment: str = "", **data) -> RequestEvent:
    """Check → transition → side effects, in one transaction. Raises ActionRefused (Chinese)."""
    with transaction.atomic():
        req = InformationRequest.objects.select_for_update().get(pk=req.pk if hasattr(req, "pk") else req)
        today = timezone.localdate()
        on = on or today
        if on > today:
            raise ActionRefused(f"日期 {on.isoformat()} 晚于今天，不能预先登记")
        if req.received_on and on < req.received_on and action != "withdraw":
            raise ActionRefused(f"日期 {on.isoformat()} 早于收到申请之日 {req.received_on.isoformat()}")
        if req.arrived_on and on < req.arrived_on:
            raise ActionRefused(f"日期 {on.isoformat()} 早于申请到达日期 {req.arrived_on.isoformat()}")
        if action == "assign":
            return _assign(req, actor, data.get("assignee"), on)
        cal = load_calendar()
        events = list(req.events.all())
        deadline = compute(req, cal, events=events)
        ctx, stored = build_context(req, action, events, deadline, cal, on, data, comment)
        ok, reason = rs.check_transition(req.state, action, ctx)
        if not ok:
            raise ActionRefused(reason)
        new_state = rs.next_state_unchecked(req.state, action, ctx)
        act = rs.ACTIONS[action]
        event = RequestEvent(
            request=req, action=action, label=act.label, state_from=req.state, state_to=new_state, on=on,
            actor=actor, comment=comment or "", data=stored,
            applicant_visible=action not in INTERNAL_ACTIONS, public_note=_public_note(action, stored, ctx),
        )
        # side effects on the record
        if action == "confirm_receipt":
            req.received_on = on
        elif action == "request_correction":
            req.correction_reply_by = _date(stored["reply_by"])
        elif action == "send_fee_notice":
            req.fee_amount = stored["amount"]
        elif action == "fee_paid":
            req.fee_collected += req.fee_amount or 0
        code = rs.report_code_for(action, ctx.reply_type)
        if code:
            req.report_code = code
            req.reply_type = ctx.reply_type if action == "reply" else {
                "withdraw": "withdrawn", "correction_lapsed": "correction_lapsed", "fee_lapsed": "fee_lapsed"
            }[action]
            req.closed_on = on
        if action in ("record_review", "record_litigation"):
            RedressCase.objects.create(request=req, kind=stored["kind"], filed_on=on, note=comment[:200])
        req.state = new_state
        # the new log must still compute (e.g. an extension beyond 20 wd in total)
        try:
            dl.compute_deadline(deadline_events(req, events + [event]), cal, as_of=today)
        except dl.DeadlineError as e:
            raise ActionRefused(str(e))
        req.save()
        event.save()
        refresh_due(req, cal, actor=actor, log_change=False)
        transaction.on_commit(lambda: notify_applicant(req, event))
    return event


def _assign(req, actor, assignee, on):
    req.assignee = assignee
    req.save(update_fields=["assignee"])
    return RequestEvent.objects.create(
        request=req, action="assign", label="指定承办人", state_from=req.state, state_to=req.state, on=on,
        actor=actor, comment=f"承办人：{assignee.get_username() if assignee else '（无）'}", applicant_visible=False,
    )


def _public_note(action, stored, ctx) -> str:
    note = PUBLIC_NOTES.get(action, "")
    if action == "request_correction":
        note += f"；补正期限：{stored['reply_by']}"
    elif action == "send_fee_notice":
        note += f"；应缴金额 {stored['amount']} 元，缴费期限 {stored['payment_due']}"
    elif action == "extend":
        note += f" {stored['days']} 个工作日"
    elif action == "reply" and ctx.reply_type:
        note += "：" + rs.REPLY_TYPES[ctx.reply_type].label
    return note


def notify_applicant(req, event):
    """Tell the applicant by e-mail (their chosen contact) — no password, no internal comment."""
    if not req.email or not event.applicant_visible or not event.public_note:
        return
    try:
        send_mail(
            f"政府信息公开申请 {req.tracking_code} 办理进展",
            f"您的政府信息公开申请（编号 {req.tracking_code}）：{event.public_note}。\n"
            f"当前状态：{req.state_label}。请凭申请编号和查询密码在网站查询详情。",
            None, [req.email], fail_silently=True,
        )
    except Exception:  # pragma: no cover - mail must never break the transition
        logger.exception("通知申请人失败：%s", req.tracking_code)


# -- dashboard --------------------------------------------------------------------------------------

RED, AMBER, GREEN, GREY = "overdue", "due_soon", "ok", "no_clock"
LIGHT_LABELS = {RED: "已逾期", AMBER: "即将到期", GREEN: "正常", GREY: "未计时"}


def traffic_light(req, today=None, due_soon_days=5, calendar=None) -> str:
    today = today or timezone.localdate()
    if not req.is_open or req.due_date is None:
        return GREY
    if today > req.due_date:
        return RED
    cal = calendar or load_calendar()
    left = cal.working_days_between(today, req.due_date).count
    return AMBER if left <= due_soon_days else GREEN
