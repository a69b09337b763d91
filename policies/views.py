"""Public views of the 政策文件库: the browsable list (facets, 文号 lookup, export, print)
and the context of a document page (validity banner, relations, 解读)."""
from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from . import browse, listing
from . import validity as rules
from .exporting import MAX_EXPORT_ROWS, document_rows, export_response

PAGE_SIZES = (10, 20, 50, 100)
DEFAULT_PAGE_SIZE = 20
PRINT_LIMIT = 500


def _page_size(request, notices):
    raw = request.GET.get("size")
    if not raw:
        return DEFAULT_PAGE_SIZE
    if raw.isdigit() and int(raw) in PAGE_SIZES:
        return int(raw)
    notices.append(f"每页条数“{raw[:10]}”不可用，已按每页 {DEFAULT_PAGE_SIZE} 条显示")
    return DEFAULT_PAGE_SIZE


def _paginate(request, object_list, per_page):
    paginator = Paginator(object_list, per_page)
    raw = request.GET.get("page", 1)
    try:
        number = int(raw)
    except (TypeError, ValueError):
        number = 1
    return paginator.get_page(number)


def serve_library(library, request, *args, **kwargs):
    base = library.documents()
    browse_request = browse.parse(request.GET, listing.normalisers(base))
    lookup = listing.doc_number_lookup(base, browse_request.q) if browse_request.q else None
    output = request.GET.get("format") or request.GET.get("view") or ""

    if lookup is not None:
        if len(lookup.matches) == 1 and output not in ("xlsx", "print"):
            return redirect(lookup.matches[0].get_url(request) or lookup.matches[0].url)
        if lookup.matches:
            browse_request.notices.append(f"文号“{lookup.canonical}”对应 {len(lookup.matches)} 份文件")
        else:
            browse_request.notices.append(f"没有找到文号为“{lookup.canonical}”的文件，以下为按关键词检索的结果")

    queryset = listing.results(base, browse_request, lookup)

    if output == "xlsx":
        base_url = request.build_absolute_uri(library.get_url(request) or library.url)
        rows = document_rows(queryset[:MAX_EXPORT_ROWS], base_url)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        note = f"{library.title} 导出于 {timezone.localtime():%Y-%m-%d %H:%M}；筛选条件：{describe(browse_request) or '全部文件'}"
        return export_response(rows, f"政策文件-{stamp}.xlsx", note=note)

    notices = browse_request.notices
    context = library.get_context(request, *args, **kwargs)
    counts, total = listing.cached_facet_counts(library, base, browse_request, lookup)
    context.update({
        "browse": browse_request,
        "notices": notices,
        "facet_groups": _facet_groups(browse_request, counts),
        "sorts": [(key, label, key == browse_request.sort, browse_request.query_string(sort=key))
                  for key, label in browse.SORTS.items() if key != "relevance" or browse_request.q],
        "description": describe(browse_request),
        "print_query": browse_request.query_string(extra={"view": "print"}),
        "lookup": lookup,
    })
    if output == "print":
        rows = list(listing.with_list_data(queryset)[:PRINT_LIMIT + 1])
        context.update({"documents": rows[:PRINT_LIMIT], "truncated": len(rows) > PRINT_LIMIT,
                        "print_limit": PRINT_LIMIT, "printed_at": timezone.localtime()})
        return TemplateResponse(request, "policies/policy_library_print.html", context)

    per_page = _page_size(request, notices)
    page_obj = _paginate(request, listing.ResultList(queryset, count=total), per_page)
    context.update({
        "page_obj": page_obj,
        "page_sizes": [(size, size == per_page, browse_request.query_string(extra={"size": size}))
                       for size in PAGE_SIZES],
        "per_page": per_page,
    })
    return TemplateResponse(request, library.get_template(request, *args, **kwargs), context)


def describe(browse_request):
    """The active filters in words, e.g. "有效性：已失效；年份：2023年"."""
    from .vocabulary import Validity

    labels = dict(Validity.choices)
    parts = []
    if browse_request.q:
        parts.append(f"关键词：{browse_request.q}")
    for facet in browse.FACETS:
        values = browse_request.filters.get(facet.param)
        if not values:
            continue
        if facet.param == "validity":
            shown = [labels.get(v, v) for v in values]
        elif facet.param == "year":
            shown = [f"{v}年" for v in values]
        elif facet.param == "topic":
            from cms_pages.models import TopicCategory

            names = {str(t.pk): t.path for t in TopicCategory.objects.filter(pk__in=values).select_related("parent")}
            shown = [names.get(v, v) for v in values]
        else:
            shown = list(values)
        parts.append(f"{facet.label}：{'、'.join(shown)}")
    return "；".join(parts)


def _facet_groups(browse_request, counts):
    groups = []
    for facet in browse.FACETS:
        items = counts.get(facet.param) or []
        if not items:
            continue
        groups.append({
            "param": facet.param,
            "label": facet.label,
            "items": [
                {"value": value, "label": label, "count": n, "selected": selected,
                 "query": browse_request.query_string(toggle=(facet.param, value))}
                for value, label, n, selected in items
            ],
            "active": bool(browse_request.filters.get(facet.param)),
            "clear_query": browse_request.query_string(drop=facet.param),
        })
    return groups


def document_context(page, request):
    """Banner, related documents and 解读 of a document page."""
    from .models import PolicyInterpretationPage, PolicyRelation

    incoming = list(
        PolicyRelation.objects.filter(target=page, source__live=True)
        .select_related("source").order_by("-source__published_date", "source_id")
    )
    outgoing = list(
        PolicyRelation.objects.filter(source=page, target__live=True).select_related("target").order_by("sort_order")
    )
    interpretations = list(
        PolicyInterpretationPage.objects.live().public().filter(document_links__document=page)
        .distinct().order_by("-published_date", "-pk")
    )
    decision = page.decide_validity()
    cause = None
    if page.validity_cause_id:
        cause = next((r.source for r in incoming if r.source_id == page.validity_cause_id), None)
    causes = [r for r in incoming if rules.RELATION_EFFECT.get(r.kind) == page.validity]
    pending = [d for d in decision.pending]
    return {
        "validity_cause": cause,
        "validity_causes": causes,
        "incoming_relations": incoming,
        "outgoing_relations": outgoing,
        "interpretations": interpretations,
        "pending_changes": pending,
        "date_warnings": [],
        "show_banner": page.validity != rules.IN_FORCE or bool(pending),
    }
