"""Daily: remind each assignee of their due-soon and overdue applications (and 补正 notice
deadlines). Mails carry tracking codes and dates only — no applicant data."""
from collections import defaultdict

from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.utils import timezone
from wagtail.models import Site

from disclosure import request_states as rs
from disclosure import services
from disclosure.models import DisclosureSettings, InformationRequest
from workdays.calendar import load_calendar


def window_alerts(req, today, cal):
    """补正 notice deadline, and consultation / payment / correction windows that have lapsed."""
    out = []
    events = list(req.events.all())
    if req.state == rs.PROCESSING and req.received_on and not any(e.action == "request_correction" for e in events):
        d = services.compute(req, cal, events=events)
        if d.correction_notice_due and today <= d.correction_notice_due and cal.working_days_between(today, d.correction_notice_due).count <= 2:
            out.append(f"{req.tracking_code}：如需补正，补正告知书最迟 {d.correction_notice_due.isoformat()} 发出")
    if req.state in (rs.THIRD_PARTY_CONSULTATION, rs.AGENCY_CONSULTATION):
        for ref, e in services.open_consultations(events).items():
            lapse = e.data.get("lapse_on")
            if lapse and today.isoformat() > lapse:
                out.append(f"{req.tracking_code}：征求意见（{ref}）已于 {lapse} 届满，请按期限届满处理")
    if req.state == rs.AWAITING_FEE:
        notice = [e for e in events if e.action == "send_fee_notice"][-1:]
        if notice and today.isoformat() > notice[0].data.get("payment_due", "9999"):
            out.append(f"{req.tracking_code}：缴费期限已于 {notice[0].data['payment_due']} 届满，可按逾期未缴费办结")
    if req.state == rs.AWAITING_CORRECTION and req.correction_reply_by and today > req.correction_reply_by:
        out.append(f"{req.tracking_code}：补正期限已于 {req.correction_reply_by.isoformat()} 届满")
    return out


class Command(BaseCommand):
    help = "向承办人发送依申请公开临期、逾期提醒"

    def handle(self, *args, **opts):
        site = Site.objects.filter(is_default_site=True).first()
        soon = DisclosureSettings.for_site(site).due_soon_working_days if site else 5
        cal = load_calendar()
        today = timezone.localdate()
        per_user = defaultdict(list)
        open_states = [s for s, st in rs.STATES.items() if not st.closed]
        for req in InformationRequest.objects.filter(state__in=open_states).exclude(assignee=None).select_related("assignee"):
            light = services.traffic_light(req, today, soon, cal)
            if light in (services.RED, services.AMBER):
                per_user[req.assignee].append(
                    f"{req.tracking_code}（{req.state_label}）答复期限 {req.due_date.isoformat()}"
                    f"{'（预计）' if req.due_provisional else ''}：{services.LIGHT_LABELS[light]}"
                )
            per_user[req.assignee].extend(window_alerts(req, today, cal))
        sent = 0
        for user, lines in per_user.items():
            if not user.email:
                continue
            send_mail(
                f"依申请公开办理提醒：{len(lines)}件需要关注", "\n".join(lines), None, [user.email], fail_silently=True,
            )
            sent += 1
        self.stdout.write(f"已向{sent}位承办人发送提醒")
