"""Archive search service: what the search page and ``/api/search/`` call.

* :func:`parse_request` turns GET parameters into an :class:`~search.contract.ArchiveQuery`
  (or raises :class:`BadSearchRequest` with a Chinese message → HTTP 400);
* :func:`visibility_for` decides what the caller may see (anonymous: live public pages only;
  logged-in staff: also internal pages and restricted sections they pass);
* :func:`archive_search` runs the configured backend's ``archive_search`` and degrades to the
  database backend (with a notice) when an engine backend fails.
"""
from __future__ import annotations

import logging
import re

from search.contract import CONTENT_TYPES, FACETS, SORTS, ArchiveQuery, ArchiveResult
from search.query import MAX_QUERY_CHARS

logger = logging.getLogger(__name__)

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
MAX_PAGE = 10_000
MAX_FILTER_VALUES = 20
MAX_FILTER_CHARS = 200
DEGRADED_NOTICE = "检索引擎暂时不可用，已改用数据库检索，结果排序可能略有不同。"


class BadSearchRequest(ValueError):
    """A request the search cannot answer; the message (Chinese) says what to fix."""


def _clean_text(value: str) -> str:
    # Lone surrogates cannot be encoded; drop them (and NULs) before anything else.
    value = value.encode("utf-8", "replace").decode("utf-8") if value else ""
    return value.replace("\x00", " ")


def _int_param(params, name, default, lo, hi, strict):
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        if strict:
            raise BadSearchRequest(f"参数 {name} 必须是整数")
        return default
    return max(lo, min(hi, value))


def known_type_keys():
    from django.apps import apps

    from search.backends.documents import is_government_model, type_key_for_model

    keys = set(CONTENT_TYPES)
    for model in apps.get_models():
        if is_government_model(model):
            keys.add(type_key_for_model(model))
    return keys


def _validity_value(raw):
    try:
        from policies.vocabulary import Validity
    except Exception:  # pragma: no cover
        return raw
    if raw in Validity.values:
        return raw
    mapped = Validity.from_label(raw)
    return mapped.value if mapped else None


def parse_filters(params, strict=True) -> dict:
    filters = {}
    for name in FACETS:
        values = [v for v in (params.getlist(name) if hasattr(params, "getlist") else [params.get(name)]) if v]
        values = [_clean_text(str(v)).strip()[:MAX_FILTER_CHARS] for v in values]
        values = [v for v in values if v][:MAX_FILTER_VALUES]
        if not values:
            continue
        cleaned = []
        for v in values:
            if name == "type":
                if v not in known_type_keys():
                    if strict:
                        raise BadSearchRequest(f"未知的内容类型：{v}（可选：{'、'.join(CONTENT_TYPES)}）")
                    continue
            elif name == "year":
                if not re.fullmatch(r"\d{4}", v):
                    if strict:
                        raise BadSearchRequest(f"年份应为四位数字，例如 2024，收到：{v}")
                    continue
            elif name == "validity":
                mapped = _validity_value(v)
                if mapped is None:
                    if strict:
                        raise BadSearchRequest(f"未知的有效性：{v}（可选：现行有效、已修订、已废止、已失效、尚未生效）")
                    continue
                v = mapped
            cleaned.append(v)
        if cleaned:
            filters[name] = tuple(dict.fromkeys(cleaned))
    return filters


def parse_request(params, *, strict=True):
    """``(ArchiveQuery without visibility, info)``; ``info['truncated']`` when the query was cut."""
    raw_q = _clean_text(str(params.get("q") or ""))
    truncated = len(raw_q.strip()) > MAX_QUERY_CHARS
    text = raw_q.strip()[:MAX_QUERY_CHARS]
    sort = str(params.get("sort") or "relevance").strip()
    if sort not in SORTS:
        if strict:
            raise BadSearchRequest("排序方式 sort 只能是 relevance（相关度）或 date（日期）")
        sort = "relevance"
    page = _int_param(params, "page", 1, 1, MAX_PAGE, strict)
    page_size = _int_param(params, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, strict)
    filters = parse_filters(params, strict=strict)
    query = ArchiveQuery(text=text, filters=filters, sort=sort, page=page, page_size=page_size)
    return query, {"truncated": truncated}


def visibility_for(request):
    """``(include_internal, allowed_internal_ids)`` for the requesting user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return False, frozenset()
    if not (user.is_superuser or user.has_perm("wagtailadmin.access_admin")):
        return False, frozenset()
    from django.db.models import Q
    from wagtail.models import PageViewRestriction

    from search.models import SearchDocument

    # Apps whose pages have their own audience rules beyond Wagtail's restriction (internal
    # notices addressed to units or named people) say which restricted pages the user may see.
    from wagtail import hooks

    also_visible = set()
    for fn in hooks.get_hooks("search_visible_restricted_pages"):
        also_visible.update(fn(user))
    accepted, denied = [], []
    for restriction in PageViewRestriction.objects.select_related("page"):
        try:
            ok = restriction.page_id in also_visible or restriction.accept_request(request)
        except Exception:
            ok = False
        (accepted if ok else denied).append(restriction.page.path)
    cond = Q(is_internal=True)
    for path in accepted:
        cond |= Q(path__startswith=path)
    ids = []
    for page_id, path in SearchDocument.objects.filter(cond).values_list("page_id", "path"):
        if not any(path.startswith(p) for p in denied):
            ids.append(page_id)
    return True, frozenset(ids)


def get_backend(name="default"):
    from modelsearch.backends import get_search_backend

    return get_search_backend(name)


def _database_backend():
    from search.backends.chinese_db import SearchBackend

    return SearchBackend({})


def archive_search(query: ArchiveQuery, backend=None) -> ArchiveResult:
    backend = backend or get_backend()
    if not hasattr(backend, "archive_search"):
        backend = _database_backend()
    try:
        return backend.archive_search(query)
    except Exception:
        from django.conf import settings

        backends = getattr(settings, "WAGTAILSEARCH_BACKENDS", {}) or {}
        if "fallback" not in backends:
            raise
        logger.exception("检索引擎查询失败，改用数据库检索")
        result = get_backend("fallback").archive_search(query)
        result.notice = (result.notice + " " if result.notice else "") + DEGRADED_NOTICE
        return result


def result_to_json(result: ArchiveResult, query: ArchiveQuery) -> dict:
    """The ``/api/search/`` body (../shared/corpus/FORMAT.md)."""
    return {
        "count": result.count,
        "page": query.page,
        "page_size": query.page_size,
        "results": [
            {
                "external_id": h.external_id,
                "title": h.title,
                "url": h.url,
                "type": h.type,
                "doc_number": h.doc_number or "",
                "published_date": h.published_date.isoformat() if h.published_date else None,
                "snippet": h.snippet,
            }
            for h in result.hits
        ],
        "facets": {
            name: [{"value": v, "label": label, "count": c} for v, label, c in values]
            for name, values in (result.facets or {}).items()
        },
        "mode": result.mode,
        "notice": result.notice,
    }
