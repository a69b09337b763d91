"""``archive_search`` on OpenSearch/Elasticsearch (search/contract.py).

The request body (query, visibility and facet filters, aggregations for facets, sort,
pagination) is built with the Elasticsearch DSL (``elasticsearch.dsl``) and sent with the
backend's own client (opensearch-py for OpenSearch, elasticsearch-py for Elasticsearch): the
DSL serialises to plain query JSON both engines accept. Snippets come from the same Python code
as the database backend's (:func:`search.backends.archive.make_snippet`, i.e.
:func:`search.query.highlight` on the raw text), so they are identical.

Semantics = the database backend's (search/backends/archive.py), so the contract suite and the
consistency benchmark hold on every backend:

* strict: ``bool.must`` over the query terms, each a ``bool.should`` of ``match_phrase``
  alternatives (synonyms from the admin table, 文号 spellings) on ``gk_title`` or ``gk_body``
  (the FTS columns' text, normalised and spaced); a 文号 query also matches ``gk_doc_key``
  exactly, and exact matches make the mode ``doc_number`` and rank first;
* relaxed (only when strict finds nothing): ``bool.should`` of the overlapping 2-character
  phrases; like the database backend, only the best ``RELAXED_LIMIT``
  (:data:`search.backends.archive.RELAXED_LIMIT`, read at call time so there is one number)
  visible matches by score are kept: count, facets and pages are computed in Python over
  those hits (:func:`relaxed_result`), so totals and facet counts are capped the same way;
* ranking only (``should`` beside the ``must``): title phrases, the ``cjk`` bigram sub-fields,
  the 文号 key, validity — never part of the match set;
* facets: counts over the match set filtered by every *other* selected facet (filters are a
  ``post_filter``; each facet's aggregation applies the other facets' filters);
* visibility: public = live pages of a public content type, not internal, not under a view
  restriction (checked at query time from the tree path); plus the page ids the caller may see.
"""
from __future__ import annotations

import logging

from elasticsearch.dsl import Q, Search

from search.contract import CONTENT_TYPES, FACETS, SORTS, ArchiveHit, ArchiveQuery, ArchiveResult
from search.query import parse_user_query

from search.backends.archive import clamp_page

from .documents import FACET_FIELDS, facet_label

logger = logging.getLogger(__name__)

MAX_WINDOW = 10_000  # index.max_result_window
FACET_LIMIT = 30
TEXT_FIELDS = ("gk_title", "gk_body")
EXACT_BOOST = 1000.0

try:  # the database backend's wording, so both backends say the same
    from search.backends.archive import DOC_NUMBER_NOTICE, RELAXED_NOTICE
except ImportError:  # pragma: no cover
    RELAXED_NOTICE = "没有找到与全部检索词完全匹配的结果，以下是部分匹配的近似结果。"
    DOC_NUMBER_NOTICE = "已按发文字号精确匹配。"
try:
    from search.service import DEGRADED_NOTICE
except ImportError:  # pragma: no cover
    DEGRADED_NOTICE = "检索引擎暂时不可用，已改用数据库检索，结果排序可能略有不同。"


def synonyms():
    try:
        from search.backends.synonyms import get_synonym_table

        return get_synonym_table()
    except Exception:  # pragma: no cover - table unavailable: the curated default
        return None


def parse(text):
    return parse_user_query(text or "", synonyms=synonyms())


# -- query pieces ----------------------------------------------------------------------------


def _phrase(field, phrase, boost=None):
    body = {"query": phrase.spaced}
    if boost:
        body["boost"] = boost
    return Q("match_phrase", **{field: body})


def text_query(parsed, *, relaxed=False):
    """Strict (AND of terms, OR of alternatives) or relaxed (OR of 2-character phrases) text match."""
    if relaxed:
        phrases = parsed.relaxed()
        if not phrases:
            return None
        return Q("bool", should=[_phrase(f, p) for p in phrases for f in TEXT_FIELDS], minimum_should_match=1)
    if not parsed.terms:
        return None
    return Q("bool", must=[
        Q("bool", should=[_phrase(f, p) for p in term.alternatives for f in TEXT_FIELDS], minimum_should_match=1)
        for term in parsed.terms
    ])


def exact_query(parsed):
    return Q("term", gk_doc_key=parsed.doc_number_key) if parsed.doc_number_key else None


def exact_title_keys(backend, query, parsed):
    """``(exact count, title keys)`` of the visible documents whose 文号 key equals the query's.

    Like the database backend, a 文号 match also brings the other records of that document
    (same title: versions, catalogue copies) into the match set, right after it.
    """
    if not parsed.doc_number_key:
        return 0, []
    body = Search().query(Q("bool", filter=[exact_query(parsed), visibility_query(query)])).to_dict()
    body.update({"size": 100, "_source": ["gk_title_key"], "track_total_hits": True})
    res = backend.es.search(index=_index_name(backend), body=body)
    keys = sorted({h["_source"].get("gk_title_key") for h in res["hits"]["hits"]} - {None, ""})
    return res["hits"]["total"]["value"], keys


def strict_query(parsed, title_keys=()):
    """The strict match set: text match, or the exact 文号 key and its siblings (None when empty)."""
    siblings = Q("terms", gk_title_key=list(title_keys)) if title_keys else None
    parts = [q for q in (exact_query(parsed), siblings, text_query(parsed)) if q is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Q("bool", should=parts, minimum_should_match=1)


def ranking_clauses(parsed, *, relaxed=False, title_keys=()):
    """Optional clauses: they change scores only (``should`` beside a ``must``)."""
    clauses = []
    phrases = parsed.relaxed() if relaxed else parsed.phrases()
    for p in phrases:
        clauses.append(_phrase("gk_title", p, boost=4.0))
    if parsed.normalized:
        clauses.append(Q("match", **{"gk_title.cjk": {"query": parsed.normalized, "boost": 2.0}}))
        clauses.append(Q("match", **{"gk_body.cjk": {"query": parsed.normalized, "boost": 0.5}}))
    if parsed.doc_number_key:
        clauses.append(Q("term", gk_doc_key={"value": parsed.doc_number_key, "boost": EXACT_BOOST}))
    if title_keys:
        clauses.append(Q("terms", gk_title_key=list(title_keys), boost=EXACT_BOOST / 2))
    clauses.append(Q("term", gk_validity={"value": "in_force", "boost": 0.3}))
    return clauses


def restricted_paths():
    from wagtail.models import Page

    return sorted(set(Page.objects.filter(view_restrictions__isnull=False).values_list("path", flat=True)))


def visibility_query(query: ArchiveQuery):
    """What the caller may see: live government pages; public ones, plus the allowed page ids."""
    public = Q("bool", filter=[Q("terms", gk_type=sorted(CONTENT_TYPES)), Q("term", gk_internal=False)],
               must_not=[Q("prefix", gk_path=p) for p in restricted_paths()])
    allowed = sorted(int(i) for i in (query.allowed_internal_ids or ())) if query.include_internal else []
    visible = Q("bool", should=[public, Q("terms", gk_page_id=allowed)], minimum_should_match=1) if allowed else public
    return Q("bool", filter=[Q("exists", field="gk_type"), Q("term", live_filter=True), visible])


def clean_filters(filters):
    """``{facet: [values]}`` exactly as the database backend reads them: unknown facets dropped,
    a year that is not a number matches nothing."""
    from search.backends.archive import ArchiveSearchBase

    return {name: sorted(vals, key=str) for name, vals in ArchiveSearchBase.clean_filters(filters).items()}


def _facet_filter(name, values):
    return Q("terms", **{FACET_FIELDS[name]: list(values)})


def build_search(query: ArchiveQuery, parsed, match, *, relaxed=False, start=0, size=20, with_aggs=True,
                 title_keys=()):
    """The full request as an ``elasticsearch.dsl.Search`` (serialise with ``.to_dict()``)."""
    s = Search().query(Q("bool", must=[match], filter=[visibility_query(query)],
                         should=ranking_clauses(parsed, relaxed=relaxed, title_keys=title_keys)))
    filters = clean_filters(query.filters)
    if filters:
        s = s.post_filter(Q("bool", filter=[_facet_filter(n, v) for n, v in filters.items()]))
    if with_aggs:
        s.aggs.bucket("matched", "filter", Q("match_all"))
        for name in FACETS:
            others = [_facet_filter(n, v) for n, v in filters.items() if n != name]
            holder = s.aggs.bucket(f"f_{name}", "filter", Q("bool", filter=others) if others else Q("match_all"))
            order = [{"_key": "desc"}] if name == "year" else [{"_count": "desc"}, {"_key": "asc"}]
            holder.bucket("top", "terms", field=FACET_FIELDS[name], size=FACET_LIMIT, order=order)
            if filters.get(name):
                holder.bucket("chosen", "terms", field=FACET_FIELDS[name], size=len(filters[name]),
                              include=list(filters[name]))
    if query.sort == "date":
        s = s.sort({"gk_date": {"order": "desc", "missing": "_last"}}, {"_score": "desc"}, {"gk_page_id": "asc"})
    else:
        s = s.sort({"_score": "desc"}, {"gk_date": {"order": "desc", "missing": "_last"}}, {"gk_page_id": "asc"})
    s = s.extra(from_=start, size=size, track_total_hits=True)
    return s.source(["gk_page_id", "gk_type", "gk_date"])


# -- execution -------------------------------------------------------------------------------


def _page_model():
    from wagtail.models import Page

    return Page


def _index_name(backend):
    return backend.get_index_for_model(_page_model()).name


def _send(backend, s):
    return backend.es.search(index=_index_name(backend), body=s.to_dict())


def _facets(response, filters):
    aggs = response.get("aggregations") or {}
    out = {}
    for name in FACETS:
        holder = aggs.get(f"f_{name}") or {}
        keep = [(b["key"], b["doc_count"]) for b in (holder.get("top") or {}).get("buckets", [])
                if b["key"] not in (None, "")]
        kept = {k for k, _ in keep}
        for b in (holder.get("chosen") or {}).get("buckets", []):
            if b["key"] not in kept and b["key"] not in (None, ""):
                keep.append((b["key"], b["doc_count"]))
        out[name] = [(str(v), facet_label(name, v), int(c)) for v, c in keep]
    return out


def _as_date(value):
    import datetime

    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _hits(response, parsed):
    from wagtail.models import Page

    from search.attachments import attachment_texts_for_pages
    from search.backends.archive import make_snippet

    raw = response["hits"]["hits"]
    rows = [(int(h["_source"]["gk_page_id"]), h.get("_score") or 0.0, h["_source"]) for h in raw]
    ids = [pid for pid, _, _ in rows]
    pages = {p.pk: p for p in Page.objects.filter(pk__in=ids).specific()}
    attachments = attachment_texts_for_pages(ids) if ids else {}
    hits = []
    for pid, score, source in rows:
        page = pages.get(pid)
        if page is None:  # deleted after the index answered
            continue
        try:
            url = page.get_url() or page.url or ""
        except Exception:
            url = ""
        hits.append(ArchiveHit(
            page_id=pid,
            title=page.title,
            url=url,
            type=source.get("gk_type") or "",
            external_id=getattr(page, "external_id", None),
            doc_number=getattr(page, "doc_number", "") or "",
            published_date=_as_date(source.get("gk_date")),
            snippet=make_snippet(page, parsed, attachments.get(pid, "")),
            score=round(float(score), 6),
        ))
    return hits


def relaxed_limit() -> int:
    """The database backend's relaxed cap (module attribute, so tests can lower it for both)."""
    from search.backends import archive as database_archive

    return max(0, min(int(database_archive.RELAXED_LIMIT), MAX_WINDOW))


def relaxed_search(query: ArchiveQuery, parsed):
    """The top :func:`relaxed_limit` visible relaxed matches by score (exact top-N, no facet
    filters, no aggregations), with their facet fields; None when the query has no phrases."""
    import dataclasses

    match = text_query(parsed, relaxed=True)
    if match is None:
        return None
    unfiltered = dataclasses.replace(query, filters={}, sort="relevance")
    s = build_search(unfiltered, parsed, match, relaxed=True, start=0, size=relaxed_limit(), with_aggs=False)
    s = s.extra(track_total_hits=False)
    return s.source(["gk_page_id", "gk_date", *FACET_FIELDS.values()])


def _fact_row(hit):
    """A capped hit in the database backend's row layout (search.backends.archive.PID …)."""
    from search.backends import archive as database_archive

    source = hit["_source"]
    row = [None] * (database_archive.TITLE_KEY + 1)
    row[database_archive.PID] = int(source["gk_page_id"])
    row[database_archive.SCORE] = hit.get("_score") or 0.0
    row[database_archive.DATE] = source.get("gk_date")
    for name, column in database_archive.FACET_COLUMN.items():
        value = source.get(FACET_FIELDS[name])
        row[column] = int(value) if name == "year" and value not in (None, "") else value
    return tuple(row)


def relaxed_result(response, query: ArchiveQuery, page, page_size):
    """``(count, window of raw hits, facets)`` over the capped relaxed hits, exactly as the
    database backend computes them over its capped rows (facet filters, OR within a facet,
    sort, pagination)."""
    from search.backends.archive import DATE, SCORE, ArchiveSearchBase

    raw = response["hits"]["hits"]  # score order: _score desc, gk_date desc, gk_page_id asc
    scored = [(row[SCORE], row, hit) for hit in raw for row in [_fact_row(hit)]]
    filters = clean_filters(query.filters)
    # facet_counts only uses the (static) labels: the same counting code as the database backend
    facets = ArchiveSearchBase.facet_counts(ArchiveSearchBase, [(s, r) for s, r, _ in scored], filters)
    selected = [item for item in scored if ArchiveSearchBase.passes(item[1], filters)]
    if query.sort == "date":  # gk_date desc (missing last), then the relevance order
        selected.sort(key=lambda item: (item[1][DATE] is None, _negated_date(item[1][DATE])))
    start = (page - 1) * page_size
    window = [hit for _, _, hit in selected[start:start + page_size]]
    return len(selected), window, facets


def _negated_date(value):
    date = _as_date(value)
    return -date.toordinal() if date else 0


def _result(**kwargs):
    fields = ArchiveResult.__dataclass_fields__
    return ArchiveResult(**{k: v for k, v in kwargs.items() if k in fields})


def archive_search(backend, query: ArchiveQuery) -> ArchiveResult:
    """The engine's implementation of the contract (raises on engine errors; see the wrapper)."""
    parsed = parse(query.text)
    if parsed.is_empty:
        return _result(count=0, hits=[], facets={}, mode="empty")
    sort = query.sort if query.sort in SORTS else "relevance"
    if sort != query.sort:
        import dataclasses

        query = dataclasses.replace(query, sort=sort)
    page, page_size = clamp_page(query.page, query.page_size)
    start = (page - 1) * page_size
    size = page_size if start + page_size <= MAX_WINDOW else 0
    start = start if size else 0

    backend.ensure_index(backend.get_index_for_model(_page_model()))
    exact, title_keys = exact_title_keys(backend, query, parsed)
    response = _send(backend, build_search(query, parsed, strict_query(parsed, title_keys), start=start, size=size,
                                           title_keys=title_keys))
    aggs = response.get("aggregations") or {}
    matched = aggs["matched"]["doc_count"]
    mode, notice = "strict", ""
    if exact:
        mode, notice = "doc_number", DOC_NUMBER_NOTICE
    elif not matched and parsed.relaxed():
        capped = relaxed_search(query, parsed)
        response = _send(backend, capped) if capped is not None else {"hits": {"hits": []}}
        count, window, facets = relaxed_result(response, query, page, page_size)
        return _result(
            count=count,
            hits=_hits({"hits": {"hits": window}}, parsed),
            facets=facets,
            mode="relaxed",
            notice=RELAXED_NOTICE if response["hits"]["hits"] else "",
            match_ids=None,
            doc_number_count=0,
        )
    return _result(
        count=response["hits"]["total"]["value"],
        hits=_hits(response, parsed),
        facets=_facets(response, clean_filters(query.filters)),
        mode=mode,
        notice=notice,
        match_ids=None,
        doc_number_count=exact,
    )


def match_ids(backend, query: ArchiveQuery, *, relaxed=False) -> set[int]:
    """The complete strict (or relaxed) match set as page ids, before facet filters (benchmarks)."""
    parsed = parse(query.text)
    if relaxed:  # the capped set, as archive_search uses it
        capped = relaxed_search(query, parsed)
        if capped is None:
            return set()
        return {int(h["_source"]["gk_page_id"]) for h in _send(backend, capped)["hits"]["hits"]}
    else:
        match = strict_query(parsed, exact_title_keys(backend, query, parsed)[1])
    if match is None:
        return set()
    body = Search().query(Q("bool", must=[match], filter=[visibility_query(query)])).to_dict()
    body.update({"size": 5000, "sort": [{"gk_page_id": "asc"}], "_source": ["gk_page_id"]})
    ids: set[int] = set()
    while True:
        res = backend.es.search(index=_index_name(backend), body=body)
        hits = res["hits"]["hits"]
        ids.update(int(h["_source"]["gk_page_id"]) for h in hits)
        if len(hits) < body["size"]:
            return ids
        body["search_after"] = hits[-1]["sort"]


def archive_search_with_fallback(backend, query: ArchiveQuery) -> ArchiveResult:
    """Search the engine; when it fails, answer from the 'fallback' database backend with a notice."""
    try:
        if backend.engine_marked_down():
            from .backend import EngineMarkedDown

            raise EngineMarkedDown("搜索引擎刚才不可用（熔断中）")
        return archive_search(backend, query)
    except Exception as exc:
        if not isinstance(exc, backend.engine_errors):
            raise
        backend.mark_engine_down()
        logger.warning("检索引擎不可用，公开检索降级到数据库：%s", exc)
        from django.conf import settings
        from modelsearch.backends import get_search_backend

        if "fallback" in (getattr(settings, "WAGTAILSEARCH_BACKENDS", {}) or {}):
            fallback = get_search_backend("fallback")
        else:
            from search.backends.chinese_db import SearchBackend

            fallback = SearchBackend({})
        if not hasattr(fallback, "archive_search"):
            return _result(count=0, hits=[], facets={}, mode="empty", notice=DEGRADED_NOTICE)
        result = fallback.archive_search(query)
        result.notice = (result.notice + " " if result.notice else "") + DEGRADED_NOTICE
        return result


__all__ = ["archive_search", "archive_search_with_fallback", "build_search", "match_ids", "relaxed_result",
           "relaxed_search", "strict_query"]
