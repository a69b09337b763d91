"""Views of the login-restricted site section (routes of ``InfoReportIndexPage``) and shared
helpers the admin views use: filtering, search and export always start from
``access.visible_items`` so a reporter never sees another unit's item."""
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from cms_pages.listings import paginate
from info_reporting import access

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filtered_items(request, user=None):
    """Visible items filtered by ?q= (title/body), ?status=, ?category=, ?urgency=, ?unit= (editors)."""
    from info_reporting.models import InfoReportPage

    user = user or request.user
    qs = access.visible_items(user, InfoReportPage.objects.select_related("reporting_unit"))
    q = (request.GET.get("q") or "").strip()[:100]
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(body__icontains=q) | Q(writer__icontains=q))
    for param in ("status", "category", "urgency"):
        value = request.GET.get(param)
        if value:
            qs = qs.filter(**{param: value})
    unit = request.GET.get("unit")
    if unit and unit.isdigit() and access.is_info_editor(user):
        qs = qs.filter(Q(reporting_unit_id=int(unit)) | Q(co_units=int(unit))).distinct()
    return qs.order_by("-submitted_at", "-pk"), q


def xlsx_response(workbook, filename):
    from io import BytesIO
    from urllib.parse import quote

    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _require_access(request):
    if not access.has_info_access(request.user):
        raise PermissionDenied("政务信息报送仅供报送单位的报送员和信息科人员使用")


def _filter_context(request):
    from cms_pages.models import OrganisationUnit
    from info_reporting.models import STATUS_CHOICES, URGENCY_CHOICES
    from info_reporting.rule_sets import ITEM_KINDS

    ctx = {"status_choices": STATUS_CHOICES, "category_choices": ITEM_KINDS, "urgency_choices": URGENCY_CHOICES}
    if access.is_info_editor(request.user):
        ctx["units"] = OrganisationUnit.objects.filter(is_active=True)
    return ctx


def item_list(request, index):
    _require_access(request)
    qs, q = filtered_items(request)
    unit = access.reporter_unit(request.user)
    add_url = None
    if access.is_info_editor(request.user) or unit is not None:
        add_url = reverse("wagtailadmin_pages:add", args=("info_reporting", "inforeportpage", index.pk))
    page_obj = paginate(request, qs)
    for obj in page_obj:
        obj.detail_url = index.url + index.reverse_subpage("item_detail", args=(obj.pk,))
    return render(request, "info_reporting/info_report_index_page.html", {
        "page": index, "self": index, "page_obj": page_obj, "query": q,
        "own_unit": unit, "is_editor": access.is_info_editor(request.user), "add_url": add_url,
        "export_url": index.url + index.reverse_subpage("item_export"),
        "bulletins_url": index.url + index.reverse_subpage("bulletin_list"),
        **_filter_context(request),
    })


def item_detail(request, index, item_id):
    from info_reporting import ledger
    from info_reporting.models import InfoReportPage

    _require_access(request)
    item = InfoReportPage.objects.filter(pk=item_id).select_related("reporting_unit", "submitter").first()
    if item is None or not access.can_view_item(request.user, item):
        raise Http404("没有这条信息，或您无权查看")
    total, explanation = ledger.item_score(item)
    perms = item.permissions_for_user(request.user)
    return render(request, "info_reporting/info_report_page.html", {
        "page": item, "self": item, "index": index, "item": item,
        "events": item.events.select_related("actor"),
        "adoptions": item.adoptions.select_related("level", "issue"),
        "instructions": item.instructions.select_related("on_level"),
        "score_total": total, "score_explanation": explanation,
        "edit_url": reverse("wagtailadmin_pages:edit", args=(item.pk,)) if perms.can_edit() else None,
        "process_url": reverse("info_reporting_admin:process", args=(item.pk,)),
        "list_url": index.url,
    })


def item_export(request, index):
    from info_reporting.exports import items_workbook

    _require_access(request)
    qs, _q = filtered_items(request)
    return xlsx_response(items_workbook(qs), f"政务信息列表-{timezone.localdate():%Y%m%d}.xlsx")


def bulletin_list(request, index):
    from info_reporting.models import InfoBulletinPage

    _require_access(request)
    bulletins = InfoBulletinPage.objects.child_of(index).live().order_by("-first_published_at")
    return render(request, "info_reporting/bulletin_list.html", {
        "page": index, "self": index, "bulletins": bulletins, "list_url": index.url,
    })
