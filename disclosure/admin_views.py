"""Back office (Wagtail admin): the request register/dashboard, one request with its actions,
registration of paper applications, letters, the Art. 26 timeliness report and the annual
report figures. Every state change goes through ``services.perform``."""
import datetime as _dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from wagtail.models import Site

from cms_pages.listings import paginate
from workdays.calendar import load_calendar

from . import annual_report as ar
from . import deadlines as dl
from . import letters, reports, services
from . import request_states as rs
from .forms import ActionForm, RegisterForm
from .masking import ApplicantView
from .models import (
    AnnualReportData, DisclosureItemPage, DisclosureSettings, InformationRequest, RequestEvent,
)
from .roles import can_handle, can_view

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _require(request, check):
    if not check(request.user):
        raise PermissionDenied("您没有办理政府信息公开申请的权限")


def _conf(request):
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    return DisclosureSettings.for_site(site)


def _office(request):
    from cms_pages.models import GovSiteSettings

    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    return GovSiteSettings.for_site(site).sponsor if site else ""


# -- dashboard -----------------------------------------------------------------------------------


def dashboard(request):
    _require(request, can_view)
    full = can_handle(request.user)
    conf = _conf(request)
    cal = load_calendar()
    today = timezone.localdate()
    qs = InformationRequest.objects.select_related("assignee").order_by("due_date", "-submitted_at")
    state = request.GET.get("state") or "open"
    if state == "open":
        qs = qs.exclude(state__in=[s for s, st in rs.STATES.items() if st.closed])
    elif state in rs.STATES:
        qs = qs.filter(state=state)
    if request.GET.get("mine") == "1":
        qs = qs.filter(assignee=request.user)
    channel = request.GET.get("channel") or ""
    if channel in dl.CHANNEL_LABELS:
        qs = qs.filter(channel=channel)
    code = (request.GET.get("q") or "").strip().upper()
    if code:
        qs = qs.filter(tracking_code__icontains=code[:20])
    rows = []
    counts = {k: 0 for k in services.LIGHT_LABELS}
    for req in qs[:2000]:
        light = services.traffic_light(req, today, conf.due_soon_working_days, cal)
        counts[light] += 1
        rows.append({"req": req, "light": light, "applicant": ApplicantView(req, full)})
    wanted = request.GET.get("light") or ""
    if wanted in services.LIGHT_LABELS:
        rows = [r for r in rows if r["light"] == wanted]
    return render(request, "disclosure/admin/dashboard.html", {
        "page_obj": paginate(request, rows, 50), "counts": counts, "light_labels": services.LIGHT_LABELS,
        "states": rs.STATES, "channels": dl.CHANNEL_LABELS, "current": request.GET, "full": full,
        "due_soon_days": conf.due_soon_working_days,
    })


# -- one request -----------------------------------------------------------------------------------

ACTION_FIELDS = {
    "confirm_receipt": ["on"],
    "request_correction": ["on", "reply_by", "comment"],
    "receive_correction": ["on"],
    "correction_lapsed": ["on"],
    "start_third_party_consultation": ["on", "letter_received_on", "comment"],
    "start_agency_consultation": ["on", "letter_received_on", "comment"],
    "consultation_replied": ["on", "ref", "comment"],
    "consultation_lapsed": ["on", "ref"],
    "send_fee_notice": ["on", "fee_method", "pages", "prior_requests", "requests", "notice_received_on"],
    "fee_paid": ["on"],
    "fee_lapsed": ["on"],
    "extend": ["days", "approver", "approved_on", "notified_on", "comment"],
    "reply": ["on", "reply_type", "comment"],
    "withdraw": ["on", "comment"],
    "supplementary_reply": ["on", "comment"],
    "record_review": ["on", "comment"],
    "record_litigation": ["on", "kind", "comment"],
}


def request_detail(request, pk):
    _require(request, can_view)
    req = get_object_or_404(InformationRequest, pk=pk)
    full = can_handle(request.user)
    if request.method == "POST":
        _require(request, can_handle)
        if request.POST.get("action") == "promote":
            from django.core.exceptions import ValidationError

            try:
                page = promote_to_catalogue(req, request.user)
            except ValidationError as e:
                messages.error(request, "未能创建目录草稿：" + "；".join(e.messages))
                return redirect("disclosure_admin:request", pk=req.pk)
            if page is None:
                messages.error(request, "只有已答复（予以公开或部分公开）的申请才能转为主动公开")
                return redirect("disclosure_admin:request", pk=req.pk)
            messages.success(request, "已创建主动公开目录草稿，请填写名称和内容后按程序审核发布")
            return redirect("wagtailadmin_pages:edit", page.pk)
        if request.POST.get("action") == "assign":
            user = get_user_model().objects.filter(pk=request.POST.get("assignee") or 0).first()
            services.perform(req, "assign", actor=request.user, assignee=user)
            messages.success(request, "已指定承办人")
            return redirect("disclosure_admin:request", pk=req.pk)
        form = ActionForm(request.POST)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
            action = data.pop("action")
            on = data.pop("on", None)
            comment = data.pop("comment", "")
            try:
                services.perform(req, action, actor=request.user, on=on, comment=comment, **data)
            except services.ActionRefused as e:
                messages.error(request, f"操作未执行：{e}")
            else:
                messages.success(request, f"已{rs.ACTIONS[action].label}")
                return redirect("disclosure_admin:request", pk=req.pk)
        else:
            messages.error(request, "操作未执行：" + "；".join(f"{form.fields[k].label if k in form.fields else k}：{' '.join(v)}" for k, v in form.errors.items()))
        req.refresh_from_db()
    deadline = None
    deadline_error = ""
    try:
        deadline = services.compute(req)
    except dl.DeadlineError as e:
        deadline_error = str(e)
    available = [a for a in rs.ACTIONS.values() if req.state in a.from_states]
    handlers = get_user_model().objects.filter(is_active=True).order_by("username")
    return render(request, "disclosure/admin/request.html", {
        "req": req, "applicant": ApplicantView(req, full), "full": full, "deadline": deadline,
        "deadline_error": deadline_error, "events": req.events.select_related("actor"),
        "available": available, "action_fields": ACTION_FIELDS, "form": ActionForm(),
        "handlers": handlers if full else [], "today": timezone.localdate(),
        "channel_label": dl.CHANNEL_LABELS.get(req.channel, req.channel),
    })


PROMOTABLE = ("disclosed", "partial", "already_public")


def promote_to_catalogue(req, user):
    """Art. 44: start a draft catalogue item for information several applicants asked for.

    Nothing from the application is copied (not even the requested title): the editor writes
    the item from the information itself.
    """
    from .models import DisclosureIndexPage, DisclosureItemPage

    if req.state != rs.REPLIED or req.reply_type not in PROMOTABLE:
        return None
    index = DisclosureIndexPage.objects.first()
    profile = getattr(user, "staff_profile", None)
    page = DisclosureItemPage(title="依申请公开转主动公开信息（请填写名称）", live=False, owner=user,
                              issuing_organisation=profile.unit if profile else None)
    index.add_child(instance=page)
    page.save_revision(user=user)
    RequestEvent.objects.create(
        request=req, action="promote", label="转为主动公开（条例第四十四条）", state_from=req.state, state_to=req.state,
        on=timezone.localdate(), actor=user, comment=f"创建目录草稿（页面 {page.pk}）", applicant_visible=False,
    )
    return page


def register(request):
    _require(request, can_handle)
    created = None
    if request.method == "POST":
        form = RegisterForm(request.POST)
        if form.is_valid():
            try:
                req, raw = services.register(
                    form.cleaned_data, channel=form.cleaned_data["channel"], on=form.cleaned_data["received"], actor=request.user
                )
            except services.ActionRefused as e:
                messages.error(request, str(e))
            else:
                created = (req, raw)
    else:
        form = RegisterForm(initial={"received": timezone.localdate()})
    return render(request, "disclosure/admin/register.html", {"form": form, "created": created})


def reply_letter(request, pk):
    _require(request, can_handle)
    req = get_object_or_404(InformationRequest, pk=pk)
    try:
        data = letters.reply_letter(req, office_name=_office(request))
    except ValueError as e:
        raise Http404(str(e))
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="reply-{req.tracking_code}.docx"'
    return response


def notice_letter(request, pk, event_pk):
    _require(request, can_handle)
    req = get_object_or_404(InformationRequest, pk=pk)
    event = get_object_or_404(RequestEvent, pk=event_pk, request=req)
    response = HttpResponse(letters.notice_letter(req, event, office_name=_office(request)), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="notice-{req.tracking_code}-{event.pk}.docx"'
    return response


# -- Art. 18 re-review ------------------------------------------------------------------------------

REREVIEW_CODES = ("R2", "R3-1", "R3-2", "R3-3", "R3-4", "R3-5", "R3-6", "R3-7", "R3-8")
REREVIEW_INTERVAL_DAYS = 365  # Design: withheld information is re-evaluated yearly


def rereview(request):
    """Withheld (不予公开 / 部分公开) decisions due for re-evaluation (Art. 18): one year after the reply."""
    _require(request, can_view)
    today = timezone.localdate()
    rows = []
    for req in InformationRequest.objects.filter(state=rs.REPLIED, report_code__in=REREVIEW_CODES).order_by("closed_on"):
        due = req.closed_on + _dt.timedelta(days=REREVIEW_INTERVAL_DAYS)
        rows.append({"req": req, "due": due, "overdue": due <= today, "label": rs.REPLY_TYPES[req.reply_type].label})
    return render(request, "disclosure/admin/rereview.html", {"rows": rows})


# -- timeliness (Art. 26) ------------------------------------------------------------------------


def late_items(year=None):
    cal = load_calendar()
    out = []
    qs = DisclosureItemPage.objects.live().exclude(formed_date=None).select_related("issuing_organisation")
    if year:
        qs = qs.filter(published_date__year=year)
    for item in qs.order_by("-published_date"):
        t = item.timeliness(cal)
        if t is not None and t.late:
            out.append((item, t))
    return out


def timeliness(request):
    year = request.GET.get("year")
    year = int(year) if year and year.isdigit() else None
    return render(request, "disclosure/admin/timeliness.html", {"rows": late_items(year), "year": year})


# -- annual report -------------------------------------------------------------------------------


def _int_field(post, name, errors, label):
    raw = (post.get(name) or "0").strip()
    if not raw.isdigit():
        errors.append(f"“{label}”应为非负整数，收到“{raw}”")
        return 0
    return int(raw)


def annual_report(request, year=None):
    if not (request.user.is_superuser or request.user.has_perm("disclosure.change_annualreportdata") or can_view(request.user)):
        raise PermissionDenied
    year = year or timezone.localdate().year - 1
    data = AnnualReportData.objects.filter(year=year).first()
    errors = []
    if request.method == "POST":
        if not (request.user.is_superuser or request.user.has_perm("disclosure.change_annualreportdata")):
            raise PermissionDenied
        staff = {
            "licensing": _int_field(request.POST, "licensing", errors, "行政许可"),
            "penalty": _int_field(request.POST, "penalty", errors, "行政处罚"),
            "enforcement": _int_field(request.POST, "enforcement", errors, "行政强制"),
        }
        try:
            staff["fees_wan_yuan"] = Decimal((request.POST.get("fees_wan_yuan") or "0").strip())
            if not staff["fees_wan_yuan"].is_finite() or staff["fees_wan_yuan"] < 0:
                raise InvalidOperation
        except InvalidOperation:
            errors.append("“行政事业性收费”金额应为非负数（万元）")
        if not errors:
            if request.POST.get("mode") == "manual":
                data = _save_manual(year, request.POST, staff, errors)
            else:
                data = reports.save_generated(year, **staff)
            if not errors:
                messages.success(request, f"已保存{year}年度报告数据")
                return redirect("disclosure_admin:annual_report_year", year=year)
        for e in errors:
            messages.error(request, e)
    live = reports.generate(
        year, licensing=data.licensing if data else 0, penalty=data.penalty if data else 0,
        enforcement=data.enforcement if data else 0, fees_wan_yuan=data.fees_wan_yuan if data else 0,
    )
    live_tables = {"section2": live[0], "section3": live[1], "section4": live[2]}
    stored_tables = data.tables() if data else None
    shown = stored_tables or live_tables
    return render(request, "disclosure/admin/annual_report.html", {
        "year": year, "data": data, "live_tables": live_tables, "stored_tables": stored_tables,
        "tables": shown, "checks": reports.checks(shown, year), "rules": {
            "section2": ar.SECTION2_RULES, "section3": ar.SECTION3_RULES, "section4": ar.SECTION4_RULES},
        "fees": reports.fee_summary(year), "years": list(range(timezone.localdate().year, 2007, -1)),
        "section3_rows": ar.SECTION3_ROWS, "section3_columns": ar.SECTION3_COLUMNS,
        "section4_groups": ar.SECTION4_GROUPS, "section4_columns": ar.SECTION4_COLUMNS,
    })


def _save_manual(year, post, staff, errors):
    """Past years' figures typed in from the published report (every cell, totals included)."""
    s3 = {}
    for r in ar.SECTION3_ROWS:
        s3[r.key] = {c: _int_field(post, f"s3_{r.key}_{c}", errors, f"{r.full_label}/{label}") for c, label in ar.SECTION3_COLUMNS}
    s4 = {g: {c: _int_field(post, f"s4_{g}_{c}", errors, f"{gl}/{cl}") for c, cl in ar.SECTION4_COLUMNS}
          for g, gl in ar.SECTION4_GROUPS}
    docs = {k: {c: _int_field(post, f"s2_{k}_{c}", errors, f"{k}/{cl}") for c, cl in ar.SECTION2_DOC_COLUMNS}
            for k in (ar.REGULATIONS, ar.NORMATIVE_DOCS)}
    if errors:
        return None
    data, _ = AnnualReportData.objects.get_or_create(year=year)
    for k, v in staff.items():
        setattr(data, k, v)
    data.is_manual = True
    data.section2 = {"documents": docs, "decisions": {ar.LICENSING: staff["licensing"], ar.PENALTY: staff["penalty"],
                                                      ar.ENFORCEMENT: staff["enforcement"]},
                     "fees_wan_yuan": str(staff["fees_wan_yuan"])}
    data.section3 = {"cells": s3}
    data.section4 = {"cells": s4}
    data.save()
    return data
