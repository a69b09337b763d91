"""``archive_search`` on OpenSearch/Elasticsearch (search/contract.py).

The request body (query, filters, aggregations for facets, sort, pagination) is built with the
Elasticsearch DSL (``elasticsearch.dsl``) and sent with the backend's own client (opensearch-py
for OpenSearch, elasticsearch-py for Elasticsearch): the DSL serialises to plain query JSON both
engines accept. Snippets are produced in Python with :func:`search.query.highlight` on the raw
text from the database, so they are identical to the database backend's.

Match semantics (search.md §3, §5):
* strict: ``bool.must`` over terms, each a ``bool.should`` of ``match_phrase`` alternatives on
  ``_all_text`` (every search field, normalised and spaced at index time); a 文号 query also
  matches the ``gk_doc_key`` keyword exactly;
* relaxed (only when strict finds nothing): ``bool.should`` of the overlapping 2-character phrases;
* ranking only (``should``): title phrase matches, the ``cjk`` bigram sub-fields, the 文号 key,
  validity — never part of the match set.

Visibility: only live pages with an archive type; pages under a view restriction (internal
content) are excluded, unless the query allows internal content and names the page id. The
restriction is checked at query time from the tree path, so a new restriction needs no reindex.
"""
from __future__ import annotations

import dataclasses
import logging

from elasticsearch.dsl import Q, Search

from search.contract import FACETS, SORTS, ArchiveHit, ArchiveQuery, ArchiveResult
from search.query import highlight, parse_user_query

from .documents import FACET_FIELDS, facet_label

logger = logging.getLogger(__name__)

MAX_PAGE_SIZE = 100
MAX_WINDOW = 10_000  # index.max_result_window
FACET_SIZE = 50
TEXT_FIELD = "_all_text"

RELAXED_NOTICE = "没有找到完全匹配的结果，以下是部分匹配的近似结果。"
DEGRADED_NOTICE = "全文检索服务暂时不可用，以下结果来自数据库检索，排序可能与平时不同。"


# -- query pieces ----------------------------------------------------------------------------


def _phrase(field, phrase, boost=None):
    body = {"query": phrase.spaced}
    if boost:
        body["boost"] = boost
    return Q("match_phrase", **{field: body})


def strict_query(parsed):
    """The strict match query (a DSL ``Q``), or None when nothing is searchable."""
    if parsed.is_empty:
        return None
    must = [
        Q("bool", should=[_phrase(TEXT_FIELD, p) for p in term.alternatives], minimum_should_match=1)
        for term in parsed.terms
    ]
    text = Q("bool", must=must) if must else None
    key = parsed.doc_number_key
    if key:
        exact = Q("term", gk_doc_key=key)
        return Q("bool", should=[exact, text], minimum_should_match=1) if text else exact
    return text


def relaxed_query(parsed):
    phrases = parsed.relaxed()
    if not phrases:
        return None
    return Q("bool", should=[_phrase(TEXT_FIELD, p) for p in phrases], minimum_should_match=1)


def ranking_clauses(parsed):
    """Optional clauses: they change scores only (used in ``should`` beside a ``must``)."""
    clauses = []
    for term in parsed.terms:
        for p in term.alternatives:
            clauses.append(_phrase("title", p, boost=5.0))
    if parsed.normalized:
        clauses.append(Q("match", **{"title.cjk": {"query": parsed.normalized, "boost": 2.0}}))
        clauses.append(Q("match", **{"_all_text.cjk": {"query": parsed.normalized, "boost": 0.5}}))
    if parsed.doc_number_key:
        clauses.append(Q("term", gk_doc_key={"value": parsed.doc_number_key, "boost": 50.0}))
    clauses.append(Q("term", gk_validity={"value": "in_force", "boost": 0.3}))
    return clauses


def visibility_filters(query: ArchiveQuery):
    """Filter and must_not clauses: live archive pages, internal pages only when allowed."""
    from wagtail.models import PageViewRestriction

    filters = [Q("exists", field="gk_type"), Q("term", live_filter=True)]
    must_not = []
    paths = sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))
    if paths:
        restricted = Q("bool", should=[Q("prefix", gk_path=p) for p in paths], minimum_should_match=1)
        allowed = sorted(int(i) for i in query.allowed_internal_ids) if query.include_internal else []
        if allowed:
            must_not.append(Q("bool", must=[restricted], must_not=[Q("terms", gk_page_id=allowed)]))
        else:
            must_not.append(restricted)
    return filters, must_not


def facet_filters(filters: dict):
    """One ``terms`` filter per selected facet (AND across facets, OR within one)."""
    out = []
    for name in FACETS:
        values = filters.get(name) if filters else None
        if not values:
            continue
        if isinstance(values, str):
            values = (values,)
        values = [str(v) for v in values if str(v).strip()]
        if values:
            out.append(Q("terms", **{FACET_FIELDS[name]: values}))
    return out


def build_search(query: ArchiveQuery, parsed, match, *, with_aggs=True, start=0, size=20):
    """The full request as an ``elasticsearch.dsl.Search`` (serialise with ``.to_dict()``)."""
    vis_filters, vis_must_not = visibility_filters(query)
    selected = facet_filters(query.filters)
    bool_kwargs = {
        "must": [match],
        "filter": vis_filters + selected,
        "should": ranking_clauses(parsed),
    }
    if vis_must_not:
        bool_kwargs["must_not"] = vis_must_not
    s = Search().query(Q("bool", **bool_kwargs))
    if with_aggs:
        for name in FACETS:
            s.aggs.bucket(name, "terms", field=FACET_FIELDS[name], size=FACET_SIZE,
                          order=[{"_count": "desc"}, {"_key": "asc"}])
        if parsed.doc_number_key:
            s.aggs.bucket("doc_key_matches", "filter", Q("term", gk_doc_key=parsed.doc_number_key))
    if query.sort == "date":
        s = s.sort({"gk_date": {"order": "desc", "missing": "_last"}}, {"_score": "desc"}, {"gk_page_id": "desc"})
    else:
        s = s.sort({"_score": "desc"}, {"gk_date": {"order": "desc", "missing": "_last"}}, {"gk_page_id": "desc"})
    s = s.extra(from_=start, size=size, track_total_hits=True)
    s = s.source(["gk_page_id"])
    return s


# -- execution -------------------------------------------------------------------------------


def _send(backend, s):
    index = backend.get_index_for_model(_page_model()).name
    body = s.to_dict()
    return backend.es.search(index=index, body=body)


def _page_model():
    from wagtail.models import Page

    return Page


def _clamp(query: ArchiveQuery):
    try:
        page = int(query.page)
    except (TypeError, ValueError):
        page = 1
    try:
        size = int(query.page_size)
    except (TypeError, ValueError):
        size = 20
    page = max(1, page)
    size = min(max(1, size), MAX_PAGE_SIZE)
    return page, size


def _facets(response):
    aggs = response.get("aggregations") or {}
    out = {}
    for name in FACETS:
        buckets = (aggs.get(name) or {}).get("buckets", [])
        out[name] = [
            (str(b["key"]), facet_label(name, str(b["key"])), int(b["doc_count"]))
            for b in buckets if str(b["key"]) != ""
        ]
    return out


def _snippet_text(page) -> str:
    from cms_pages.text_format import to_plain_text

    parts = []
    summary = getattr(page, "summary", "") or ""
    if summary:
        parts.append(summary)
    body = getattr(page, "body", None)
    if body:
        parts.append(to_plain_text(str(body)))
    return "\n".join(parts) or page.title


def _hits(response, parsed):
    from wagtail.models import Page

    from .documents import archive_type

    raw = response["hits"]["hits"]
    ids = [int(h["_source"]["gk_page_id"]) if h.get("_source") else int(h["_id"]) for h in raw]
    scores = {i: (h.get("_score") or 0.0) for i, h in zip(ids, raw)}
    pages = {p.pk: p for p in Page.objects.filter(pk__in=ids).specific()}
    hits = []
    for pid in ids:
        page = pages.get(pid)
        if page is None:  # deleted after the index answered
            continue
        date = getattr(page, "display_date", None)
        hits.append(ArchiveHit(
            page_id=page.pk,
            title=page.title,
            url=page.get_url() or page.url_path,
            type=archive_type(page) or "",
            external_id=getattr(page, "external_id", None),
            doc_number=getattr(page, "doc_number", "") or "",
            published_date=date,
            snippet=highlight(_snippet_text(page), parsed),
            score=float(scores.get(pid) or 0.0),
        ))
    return hits


def _empty(mode="empty", notice=""):
    return ArchiveResult(count=0, hits=[], facets={name: [] for name in FACETS}, mode=mode, notice=notice,
                         match_ids=[])


def archive_search(backend, query: ArchiveQuery) -> ArchiveResult:
    """The engine's implementation of the contract (raises on engine errors; see the wrapper)."""
    parsed = parse_user_query(query.text or "")
    if query.sort not in SORTS:
        query = dataclasses.replace(query, sort="relevance")
    page, size = _clamp(query)
    start = (page - 1) * size
    if start + size > MAX_WINDOW:
        start, size_eff = 0, 0
    else:
        size_eff = size

    strict = strict_query(parsed)
    if strict is None:
        return _empty()
    backend.ensure_index(backend.get_index_for_model(_page_model()))
    response = _send(backend, build_search(query, parsed, strict, start=start, size=size_eff))
    total = response["hits"]["total"]["value"]
    mode = "doc_number" if parsed.doc_number_key else "strict"
    notice = ""
    if total == 0:
        relaxed = relaxed_query(parsed)
        if relaxed is not None:
            response = _send(backend, build_search(query, parsed, relaxed, start=start, size=size_eff))
            total = response["hits"]["total"]["value"]
            if total:
                mode, notice = "relaxed", RELAXED_NOTICE
    if mode == "doc_number":
        # "doc_number" means the exact 文号 key matched; found only as text it is a strict match
        key_count = ((response.get("aggregations") or {}).get("doc_key_matches") or {}).get("doc_count", 0)
        if not key_count:
            mode = "strict"
    return ArchiveResult(
        count=total,
        hits=_hits(response, parsed),
        facets=_facets(response),
        mode=mode,
        notice=notice,
        match_ids=None,
    )


def match_ids(backend, query: ArchiveQuery, *, relaxed=False) -> set[int]:
    """The complete strict (or relaxed) match set as page ids (for consistency benchmarks)."""
    parsed = parse_user_query(query.text or "")
    match = relaxed_query(parsed) if relaxed else strict_query(parsed)
    if match is None:
        return set()
    s = build_search(query, parsed, match, with_aggs=False, start=0, size=0)
    body = s.to_dict()
    body.pop("from", None)
    body.pop("aggs", None)
    body["size"] = 5000
    body["sort"] = [{"gk_page_id": "asc"}]
    body["_source"] = ["gk_page_id"]
    index = backend.get_index_for_model(_page_model()).name
    ids: set[int] = set()
    while True:
        res = backend.es.search(index=index, body=body)
        hits = res["hits"]["hits"]
        ids.update(int(h["_source"]["gk_page_id"]) for h in hits)
        if len(hits) < body["size"]:
            return ids
        body["search_after"] = hits[-1]["sort"]


def archive_search_with_fallback(backend, query: ArchiveQuery) -> ArchiveResult:
    """Search the engine; when it fails, answer from the 'fallback' database backend with a notice."""
    try:
        return archive_search(backend, query)
    except Exception as exc:
        if not isinstance(exc, backend.engine_errors):
            raise
        logger.warning("搜索引擎不可用，公开检索降级到数据库：%s", exc)
        from modelsearch.backends import get_search_backend

        try:
            fallback = get_search_backend("fallback")
        except Exception:
            logger.exception("没有可用的数据库检索后备")
            return _empty(notice=DEGRADED_NOTICE)
        if not hasattr(fallback, "archive_search"):
            return _empty(notice=DEGRADED_NOTICE)
        result = fallback.archive_search(query)
        result.notice = DEGRADED_NOTICE + ((" " + result.notice) if result.notice else "")
        return result


__all__ = ["archive_search", "archive_search_with_fallback", "build_search", "match_ids", "strict_query"]
