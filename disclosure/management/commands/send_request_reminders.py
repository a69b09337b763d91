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
            if req.state == rs.PROCESSING and req.received_on and not req.events.filter(action="request_correction").exists():
                d = services.compute(req, cal)
                if d.correction_notice_due and today <= d.correction_notice_due and d.correction_notice_due == today:
                    per_user[req.assignee].append(f"{req.tracking_code}：今天是发出补正告知书的最后一天")
        sent = 0
        for user, lines in per_user.items():
            if not user.email:
                continue
            send_mail(
                f"依申请公开办理提醒：{len(lines)}件需要关注", "\n".join(lines), None, [user.email], fail_silently=True,
            )
            sent += 1
        self.stdout.write(f"已向{sent}位承办人发送提醒")
