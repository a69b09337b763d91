"""The archive search page ``/search/`` and the JSON API ``/api/search/``.

Both parse the request with :mod:`search.service` (bad input → a Chinese 400, never a 500)
and apply the caller's visibility: anonymous users see live public pages only, logged-in
staff also internal content they may view.
"""
from __future__ import annotations

import dataclasses
import logging
from urllib.parse import urlencode

from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from search import service
from search.backends.documents import type_label
from search.contract import CONTENT_TYPES, FACETS, ArchiveResult

logger = logging.getLogger(__name__)

FACET_LABELS = {
    "type": "内容类型",
    "year": "年份",
    "issuing_authority": "发文机关",
    "validity": "有效性",
    "doc_kind": "公文种类",
    "topic": "主题分类",
}
SUGGESTIONS = ["政府信息公开", "营商环境", "住房公积金", "社会保障", "国务院令"]


def _with_visibility(request, query):
    include_internal, allowed = service.visibility_for(request)
    return dataclasses.replace(query, include_internal=include_internal, allowed_internal_ids=allowed)


def _run(request, query):
    try:
        return service.archive_search(_with_visibility(request, query))
    except Exception:
        logger.exception("检索失败：%r", query.text)
        return None


def _qs(params: dict) -> str:
    items = []
    for key, value in params.items():
        if isinstance(value, (list, tuple)):
            items.extend((key, v) for v in value)
        elif value not in (None, ""):
            items.append((key, value))
    return "?" + urlencode(items) if items else "?"


@require_GET
def search_api(request):
    try:
        query, info = service.parse_request(request.GET, strict=True)
    except service.BadSearchRequest as exc:
        return JsonResponse({"error": str(exc)}, status=400, json_dumps_params={"ensure_ascii": False})
    if not query.text.strip():
        body = {"count": 0, "page": query.page, "page_size": query.page_size, "results": [], "facets": {},
                "mode": "empty", "notice": "请输入检索词"}
        return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    result = _run(request, query)
    if result is None:
        return JsonResponse({"error": "检索暂时不可用，请稍后再试"}, status=503, json_dumps_params={"ensure_ascii": False})
    body = service.result_to_json(result, query)
    if info["truncated"]:
        body["notice"] = (body["notice"] + " " if body["notice"] else "") + "检索词过长，只使用了前 200 个字。"
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


@require_GET
def search_page(request):
    query, info = service.parse_request(request.GET, strict=False)
    context = {"query": query.text, "sort": query.sort, "truncated": info["truncated"], "suggestions": SUGGESTIONS,
               "filters": query.filters}
    if not query.text.strip():
        return render(request, "search/search.html", context)
    result = _run(request, query)
    if result is None:
        context["error"] = "检索暂时不可用，请稍后再试。"
        return render(request, "search/search.html", context, status=503)

    # 文号 jump: exactly one document carries the typed 发文字号.
    if (result.mode == "doc_number" and result.doc_number_count == 1 and result.hits and result.hits[0].url
            and query.page == 1 and not query.filters and request.GET.get("jump") != "0"):
        return HttpResponseRedirect(result.hits[0].url)

    # Out-of-range page: show the last page instead.
    pages = max(1, -(-result.count // query.page_size))
    if query.page > pages and result.count:
        query = dataclasses.replace(query, page=pages)
        result = _run(request, query) or result

    base = {"q": query.text, "sort": query.sort, **{k: list(v) for k, v in query.filters.items()}}
    context.update(
        result=result,
        hits=[{**dataclasses.asdict(h), "type_label": type_label(h.type)} for h in result.hits],
        first_rank=(query.page - 1) * query.page_size + 1,
        count=result.count,
        page=query.page,
        pages=pages,
        facet_groups=_facet_groups(result, query, base),
        sort_links={s: _qs({**base, "sort": s}) for s in ("relevance", "date")},
        prev_link=_qs({**base, "page": query.page - 1}) if query.page > 1 else None,
        next_link=_qs({**base, "page": query.page + 1}) if query.page < pages else None,
        clear_filters_link=_qs({"q": query.text, "sort": query.sort}) if query.filters else None,
        all_matches_link=_qs({"q": query.text, "jump": "0"}),
        type_labels=CONTENT_TYPES,
    )
    return render(request, "search/search.html", context)


def _facet_groups(result: ArchiveResult, query, base):
    groups = []
    for name in FACETS:
        values = (result.facets or {}).get(name) or []
        selected = set(query.filters.get(name, ()))
        items = []
        for value, label, count in values:
            current = list(query.filters.get(name, ()))
            is_on = value in selected
            new = [v for v in current if v != value] if is_on else current + [value]
            params = {**base, name: new}
            params.pop("page", None)
            items.append({"value": value, "label": label, "count": count, "selected": is_on, "link": _qs(params)})
        if items:
            groups.append({"name": name, "label": FACET_LABELS.get(name, name), "items": items})
    return groups
