"""Admin views (mounted under /admin/info-reporting/): the item list with status, the editor's
processing page, rankings with chart and export, 通报 generation, periodical compilation and
the print view. Every view starts from ``access``; every change goes through ``services``."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from info_reporting import access, forms, ledger, services
from info_reporting.views import _filter_context, filtered_items, xlsx_response


def _require_access(request):
    if not access.has_info_access(request.user):
        raise PermissionDenied("政务信息报送仅供报送单位的报送员和信息科人员使用")


def _require_editor(request):
    if not access.is_info_editor(request.user):
        raise PermissionDenied("只有信息科编辑（编辑、审核人）可以使用此功能")


def _index():
    from info_reporting.models import InfoReportIndexPage

    return InfoReportIndexPage.objects.first()


def item_list(request):
    from cms_pages.listings import paginate

    _require_access(request)
    qs, q = filtered_items(request)
    index = _index()
    add_url = None
    if index is not None and (access.is_info_editor(request.user) or access.is_reporter(request.user)):
        add_url = reverse("wagtailadmin_pages:add", args=("info_reporting", "inforeportpage", index.pk))
    page_obj = paginate(request, qs)
    for item in page_obj:
        # Only offer 编辑 where it leads somewhere: co-units (联合报送) read only, and the unit may
        # no longer change items the information section has decided on.
        item.user_can_edit = item.permissions_for_user(request.user).can_edit()
    return render(request, "info_reporting/admin/items.html", {
        "page_obj": page_obj, "query": q, "is_editor": access.is_info_editor(request.user),
        "own_unit": access.reporter_unit(request.user), "add_url": add_url,
        "export_query": request.GET.urlencode(), **_filter_context(request),
    })


def item_export(request):
    from info_reporting.exports import items_workbook

    _require_access(request)
    qs, _q = filtered_items(request)
    return xlsx_response(items_workbook(qs), f"政务信息列表-{timezone.localdate():%Y%m%d}.xlsx")


def _item(request, pk):
    from info_reporting.models import InfoReportPage

    item = InfoReportPage.objects.filter(pk=pk).select_related("reporting_unit", "submitter").first()
    if item is None or not access.can_view_item(request.user, item):
        raise Http404("没有这条信息，或您无权查看")
    return item


ACTIONS = {
    # action: (form class, service call, success message, editor only)
    "return": (forms.ReturnForm, lambda item, user, cd: services.return_item(item, user, cd["comment"]), "已退回修改", True),
    "adopt": (forms.AdoptForm, lambda item, user, cd: services.adopt(
        item, user, cd["levels"], date=cd["date"], form=cd.get("form") or "full",
        edited_title=cd.get("edited_title", ""), comment=cd.get("comment", "")), "已采用", True),
    "not_adopt": (forms.NotAdoptForm, lambda item, user, cd: services.not_adopt(item, user, cd.get("comment", "")), "已标记为不予采用", True),
    "add_adoption": (forms.AddAdoptionForm, lambda item, user, cd: services.add_adoptions(
        item, user, cd["levels"], date=cd.get("date"), form=cd.get("form") or "full",
        via_office=cd.get("via_office"), note=cd.get("note", "")), "已记录", True),
    "instruction": (forms.InstructionForm, lambda item, user, cd: services.record_instruction(
        item, user, cd["leader"], cd["leader_level"], date=cd.get("date"), text=cd.get("text", ""),
        on_level_code=cd.get("on_level") or None, feedback_due=cd.get("feedback_due")), "已记录批示", True),
    "submit": (None, lambda item, user, cd: services.submit(item, user), "已报送", False),
    "send_signoff": (None, lambda item, user, cd: services.send_for_signoff(item, user), "已送审签", False),
    "sign_off": (forms.SignOffForm, lambda item, user, cd: services.sign_off(item, user, cd.get("comment", "")),
                 "已审签并报送", False),
    "refuse_signoff": (forms.RefuseSignOffForm, lambda item, user, cd: services.refuse_signoff(item, user, cd["comment"]),
                       "已审签退回", False),
    "withdraw": (None, lambda item, user, cd: services.withdraw(item, user), "已撤回", False),
}


def process(request, pk):
    """One item: status, history, adoptions, score; the editor's actions; the unit's submit/withdraw."""
    _require_access(request)
    item = _item(request, pk)
    is_editor = access.is_info_editor(request.user)
    bound = {}
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in ACTIONS:
            raise Http404("未知操作")
        form_class, call, done, editor_only = ACTIONS[action]
        if editor_only and not is_editor:
            raise PermissionDenied("只有信息科编辑（编辑、审核人）可以处理信息")
        form = form_class(request.POST, prefix=action) if form_class else None
        if form is None or form.is_valid():
            try:
                call(item, request.user, form.cleaned_data if form else {})
            except services.TransitionError as exc:
                messages.error(request, str(exc))
                if form is not None:
                    bound[action] = form
            else:
                messages.success(request, f"“{item.title}”{done}")
                return redirect("info_reporting_admin:process", pk=item.pk)
        else:
            bound[action] = form
        item.refresh_from_db()
    total, explanation = ledger.item_score(item)
    action_forms = {}
    if is_editor:
        for name in ("return", "adopt", "not_adopt", "add_adoption", "instruction"):
            action_forms[name] = bound.get(name) or ACTIONS[name][0](prefix=name)
    perms = item.permissions_for_user(request.user)
    status = 400 if bound else 200
    own = access.can_change_item(request.user, item) and not is_editor
    needs_signoff = access.signoff_required(item.reporting_unit)
    signer = access.signer_unit(request.user)
    is_signer = signer is not None and signer.pk == item.reporting_unit_id
    unit_forms = {}
    if is_signer and item.status == "awaiting_signoff":
        for name in ("sign_off", "refuse_signoff"):
            unit_forms[name] = bound.get(name) or ACTIONS[name][0](prefix=name)
    return render(request, "info_reporting/admin/process.html", {
        "item": item, "is_editor": is_editor, "forms": action_forms,
        "events": item.events.select_related("actor"),
        "adoptions": item.adoptions.select_related("level", "issue"),
        "instructions": item.instructions.select_related("on_level"),
        "score_total": total, "score_explanation": explanation,
        "can_edit": perms.can_edit(), "can_withdraw": item.status == "submitted" and not is_editor and access.can_change_item(request.user, item),
        "can_submit": item.status in ("draft", "returned") and perms.can_edit() and (is_editor or is_signer or not needs_signoff),
        "can_send_signoff": own and needs_signoff and item.status in ("draft", "returned"),
        "unit_forms": unit_forms, "needs_signoff": needs_signoff,
    }, status=status)


def _period_args(request):
    today = timezone.localdate()
    period = request.GET.get("period") or "month"
    if period not in ("month", "quarter", "year"):
        period = "month"
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    number = request.GET.get("number")
    try:
        number = int(number) if number else None
    except ValueError:
        number = None
    if period == "month" and number is None:
        number = today.month if year == today.year else 12
    if period == "quarter" and number is None:
        number = (today.month - 1) // 3 + 1 if year == today.year else 4
    if period == "year":
        number = None
    return period, year, number


def _visible_rows(request, ranking):
    """Editors see every unit; a reporter sees the own unit's row (with its rank) only."""
    if access.is_info_editor(request.user):
        return ranking.rows
    unit = access.reporter_unit(request.user)
    return ranking.rows_for({unit.name}) if unit else []


def rankings(request):
    _require_access(request)
    period, year, number = _period_args(request)
    ranking = ledger.compute_ranking(period, year, number)
    rows = _visible_rows(request, ranking)
    units = {r.unit for r in rows}
    top = max([r.points for r in rows] + [0])
    chart = [(r, 0 if top <= 0 or r.points <= 0 else round(float(r.points / top * 100), 1)) for r in rows]
    return render(request, "info_reporting/admin/rankings.html", {
        "ranking": ranking, "rows": rows, "chart": chart, "period": period, "year": year, "number": number,
        "quota": [q for q in ranking.quota if q.unit in units],
        "is_editor": access.is_info_editor(request.user), "query": request.GET.urlencode(),
        "months": range(1, 13), "quarters": range(1, 5),
        "years": range(timezone.localdate().year + 1, timezone.localdate().year - 6, -1),
    })


def rankings_export(request):
    from info_reporting.exports import ranking_workbook

    _require_access(request)
    period, year, number = _period_args(request)
    ranking = ledger.compute_ranking(period, year, number)
    if ranking.error:
        messages.error(request, ranking.error)
        return redirect(reverse("info_reporting_admin:rankings") + "?" + request.GET.urlencode())
    return xlsx_response(ranking_workbook(ranking, _visible_rows(request, ranking)), f"{ranking.label}政务信息排名.xlsx")


@require_POST
def generate_bulletin(request):
    _require_editor(request)
    period = request.POST.get("period") or "month"
    try:
        page = services.generate_bulletin(request.user, period, request.POST.get("year"), request.POST.get("number") or None)
    except (services.TransitionError, ValueError, TypeError) as exc:
        messages.error(request, str(exc))
        return redirect("info_reporting_admin:rankings")
    messages.success(request, f"已生成“{page.title}”，并提交审核；审核通过后发布")
    return redirect("wagtailadmin_pages:edit", page.pk)


def compile_issue(request):
    from info_reporting.models import PeriodicalIssue, periodicals

    _require_editor(request)
    candidates = list(services.periodical_candidates())
    year = timezone.localdate().year
    form = forms.CompileIssueForm(request.POST or None, initial={
        "publication": periodicals.DEFAULT_PUBLICATION, "year": year,
    })
    chosen = {}
    if request.method == "POST":
        for c in candidates:
            if request.POST.get(f"include-{c.pk}"):
                try:
                    chosen[c.pk] = int(request.POST.get(f"order-{c.pk}") or 0)
                except ValueError:
                    chosen[c.pk] = 0
        if form.is_valid():
            order = sorted(chosen, key=lambda pk: (chosen[pk], pk))
            titles = {pk: request.POST.get(f"title-{pk}", "").strip() for pk in order}
            cd = form.cleaned_data
            try:
                issue = services.compile_issue(
                    request.user, order, year=cd["year"], publication=cd["publication"], number=cd.get("number"),
                    issue_date=cd.get("issue_date"), titles=titles, issuing_office=cd.get("issuing_office", ""),
                    distribution=cd.get("distribution", ""),
                )
            except services.TransitionError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"已编排{issue.title}，共{issue.entries.count()}条")
                return redirect("info_reporting_admin:issue_print", pk=issue.pk)
    from info_reporting.issues import next_number

    pub = (form.data.get("publication") if form.is_bound else None) or periodicals.DEFAULT_PUBLICATION
    next_numbers = next_number(services.issue_numbers(pub, year))
    return render(request, "info_reporting/admin/issue_compile.html", {
        "form": form, "candidates": candidates, "chosen": chosen, "next_number": next_numbers,
        "issues": PeriodicalIssue.objects.all()[:20],
    }, status=400 if form.is_bound and form.errors else 200)


def issue_print(request, pk):
    from info_reporting.models import PeriodicalIssue

    _require_editor(request)
    issue = get_object_or_404(PeriodicalIssue, pk=pk)
    entries = issue.entries.select_related("item__reporting_unit").order_by("sort_order")
    return render(request, "info_reporting/admin/issue_print.html", {"issue": issue, "entries": entries})


@require_POST
def issue_sign_off(request, pk):
    from info_reporting.models import PeriodicalIssue

    _require_editor(request)
    issue = get_object_or_404(PeriodicalIssue, pk=pk)
    try:
        services.sign_off_issue(issue, request.user)
    except services.TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{issue.title}已签发")
    return redirect("info_reporting_admin:issue_print", pk=pk)


def _docx_response(content, filename):
    from urllib.parse import quote

    from django.http import HttpResponse

    from info_reporting.docx_export import DOCX

    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def issue_docx(request, pk):
    """The issue as DOCX (with contents list) for the information section."""
    from info_reporting.docx_export import issue_docx as build
    from info_reporting.models import PeriodicalIssue

    _require_editor(request)
    issue = get_object_or_404(PeriodicalIssue, pk=pk)
    entries = list(issue.entries.select_related("item__reporting_unit").prefetch_related("item__co_units").order_by("sort_order"))
    return _docx_response(build(issue, entries), f"{issue.title}.docx")


def bulletin_docx(request, pk):
    """The 通报 draft as DOCX for the information section (units read the published page)."""
    from info_reporting.docx_export import bulletin_docx as build
    from info_reporting.models import InfoBulletinPage

    _require_editor(request)
    bulletin = get_object_or_404(InfoBulletinPage, pk=pk)
    revision = bulletin.get_latest_revision_as_object()
    return _docx_response(build(revision), f"{bulletin.title}.docx")
