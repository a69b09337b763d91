"""Admin reports of the 政策文件库: 清理 (validity review) with bulk change, 解读 overdue,
and the link-integrity confirmation shown before deleting/unpublishing a referenced document."""
from __future__ import annotations

import datetime as _dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from . import review
from . import validity as rules
from .bulk import ACTIONS, BulkChangeError, apply_bulk_change

REPORT_PAGE_SIZE = 50


def _library():
    from .models import PolicyLibraryPage

    return PolicyLibraryPage.objects.live().first() or PolicyLibraryPage.objects.first()


def _can_use_reports(user):
    from wagtail.permission_policies.pages import PagePermissionPolicy

    return PagePermissionPolicy().user_has_any_permission(user, ["change", "publish"])


def _editable_documents(user):
    from .models import PolicyDocumentPage

    from wagtail.permission_policies.pages import PagePermissionPolicy

    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return PolicyDocumentPage.objects.filter(pk__in=editable.values("pk"))


# -- 清理 --------------------------------------------------------------------------------
class BulkValidityForm(forms.Form):
    action = forms.ChoiceField(label="处理", choices=list(ACTIONS.items()))
    on = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}),
                         error_messages={"required": "请填写生效日期", "invalid": "生效日期格式应为 YYYY-MM-DD"})
    basis = forms.CharField(
        label="依据", max_length=300, error_messages={"required": "请填写依据（如清理决定的文件名称和文号）"},
        help_text="如：示范市人民政府关于公布规范性文件清理结果的决定（示政发〔2026〕5号）",
    )
    pages = forms.ModelMultipleChoiceField(queryset=None, label="文件", error_messages={"required": "请至少勾选一份文件"})

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pages"].queryset = _editable_documents(user)


def review_queryset(library, today):
    from .models import PolicyDocumentPage

    window = library.expiry_window_days if library else review.DEFAULT_EXPIRY_WINDOW_DAYS
    period = library.review_period_years if library else review.DEFAULT_REVIEW_PERIOD_YEARS
    cutoff = review.add_years(today, -period)
    normative = Q(genre__in=review.NORMATIVE_GENRES) | Q(legal_level__in=review.NORMATIVE_LEVELS)
    due = normative & (Q(reviewed_on__lte=cutoff) | Q(reviewed_on=None, formed_date__lte=cutoff))
    expiring = Q(expiry_date__gte=today, expiry_date__lte=today + _dt.timedelta(days=window))
    return (
        PolicyDocumentPage.objects.filter(live=True).exclude(validity__in=rules.ENDED_STATES)
        .filter(due | expiring).order_by("expiry_date", "formed_date", "pk")
    ), window, period


def validity_review(request):
    if not _can_use_reports(request.user):
        raise PermissionDenied
    library = _library()
    today = timezone.localdate()
    queryset, window, period = review_queryset(library, today)
    form = BulkValidityForm(request.POST or None, user=request.user, initial={"on": today})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                outcome = apply_bulk_change(
                    data["pages"], action=data["action"], on=data["on"], basis=data["basis"],
                    user=request.user,
                )
            except BulkChangeError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"{ACTIONS[data['action']]}：{outcome.summary()}")
                for page, reason in outcome.failed:
                    messages.error(request, f"《{page.title}》：{reason}")
                return redirect(request.get_full_path())
    page_obj = Paginator(queryset, REPORT_PAGE_SIZE).get_page(request.GET.get("p"))
    rows = []
    for doc in page_obj:
        reasons = review.review_reasons(
            genre=doc.genre, legal_level=doc.legal_level, validity=doc.validity, formed_date=doc.formed_date,
            expiry_date=doc.expiry_date, reviewed_on=doc.reviewed_on, today=today,
            window_days=window, period_years=period,
        )
        rows.append({"doc": doc, "reasons": reasons})
    return TemplateResponse(request, "policies/admin/validity_review.html", {
        "page_title": "政策文件清理", "header_icon": "date", "rows": rows, "page_obj": page_obj,
        "form": form, "window": window, "period": period, "today": today,
        "workflow_note": _workflow_note(),
    })


def _workflow_note():
    from wagtail.models import Workflow

    if Workflow.objects.filter(active=True).exists():
        return "“提交审核”会为每份文件生成新版本并提交其审核流程，审核通过发布后有效性才变更。"
    return "站点尚未配置审核流程：有发布权限时直接发布，否则保存为草稿待发布。"


# -- 解读 overdue -------------------------------------------------------------------------
def interpretation_overdue(library, today, *, include_imported=False):
    """(document, due date) for 规章/规范性文件 without a live 解读 past the allowed delay."""
    from .models import PolicyDocumentPage, PolicyInterpretationLink

    delay = library.interpretation_delay_workdays if library else review.DEFAULT_INTERPRETATION_DELAY_WORKDAYS
    needs = Q(genre__in=review.INTERPRETED_GENRES) | Q(legal_level__in=review.INTERPRETED_LEVELS)
    has_live = PolicyInterpretationLink.objects.filter(document=OuterRef("pk"), interpretation__live=True)
    qs = (
        PolicyDocumentPage.objects.filter(live=True).filter(needs)
        .exclude(published_date=None).filter(published_date__lt=today - _dt.timedelta(days=delay))
        .annotate(has_interpretation=Exists(has_live)).filter(has_interpretation=False)
        .order_by("published_date", "pk")
    )
    if not include_imported:
        qs = qs.filter(external_id=None)
    from workdays.calendar import load_calendar

    calendar = load_calendar()  # the administrators' calendar (State Council notices), read once per report

    def add_working_days(start, n):
        return calendar.add_working_days(start, n).date

    result = []
    for doc in qs.iterator():
        due = review.interpretation_due(doc.published_date, delay, add_working_days)
        if due < today:
            result.append((doc, due))
    return result, delay


def interpretations_report(request):
    if not _can_use_reports(request.user):
        raise PermissionDenied
    library = _library()
    today = timezone.localdate()
    include_imported = request.GET.get("imported") == "1"
    rows, delay = interpretation_overdue(library, today, include_imported=include_imported)
    page_obj = Paginator(rows, REPORT_PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(request, "policies/admin/interpretations_overdue.html", {
        "page_title": "政策解读逾期", "header_icon": "warning", "page_obj": page_obj, "delay": delay,
        "include_imported": include_imported, "today": today, "total": len(rows), "library": library,
    })


# -- data checks (文号 that cannot be parsed, dates in a suspicious order) -----------------
def data_checks(request):
    from django.db.models import F

    from .models import PolicyDocumentPage

    if not _can_use_reports(request.user):
        raise PermissionDenied
    kind = request.GET.get("kind", "")
    unparsed = Q(doc_number_unparsed=True)
    dates = Q(effective_date__lt=F("formed_date")) | Q(published_date__lt=F("formed_date")) | Q(
        expiry_date__lt=F("formed_date"))
    condition = {"number": unparsed, "dates": dates}.get(kind, unparsed | dates)
    queryset = PolicyDocumentPage.objects.filter(condition).defer("body", "history").order_by("-published_date", "pk")
    page_obj = Paginator(queryset, REPORT_PAGE_SIZE).get_page(request.GET.get("p"))
    rows = []
    for doc in page_obj:
        problems = list(doc.date_warnings())
        if doc.doc_number_unparsed:
            problems.insert(0, f"文号“{doc.doc_number}”无法识别")
        rows.append({"doc": doc, "problems": problems})
    return TemplateResponse(request, "policies/admin/data_checks.html", {
        "page_title": "政策文件数据核对", "header_icon": "warning", "rows": rows, "page_obj": page_obj, "kind": kind,
    })


# -- link integrity -----------------------------------------------------------------------
def blocking_references(page):
    """What points to ``page``: live documents' relations and live 解读. Empty: nothing."""
    from .models import PolicyDocumentPage, PolicyInterpretationPage, PolicyRelation

    if not isinstance(page, PolicyDocumentPage):
        return []
    refs = []
    for rel in PolicyRelation.objects.filter(target_id=page.pk, source__live=True).select_related("source"):
        refs.append({"label": f"被{rel.get_kind_display()}", "page": rel.source})
    for interp in PolicyInterpretationPage.objects.filter(live=True, document_links__document=page.pk).distinct():
        refs.append({"label": f"有{interp.kind}", "page": interp})
    return refs
