"""Querying the library: filters, facet counts, keyword and 文号 lookup, sort.

The GET parameters are cleaned by ``policies/browse.py``; this module turns the clean
request into SQL. Every facet count is one GROUP BY over the documents matching all
*other* facets, so the number of queries never depends on the page size or the data.
"""
from __future__ import annotations

import datetime as _dt

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When

from . import browse
from . import doc_number as dn
from .vocabulary import DOC_KIND_CHOICES, GENRES, LEGAL_LEVELS, Validity

ORG_FACET_LIMIT = 30
TOPIC_FACET_LIMIT = 40

VALIDITY_ALIASES = {label: value for value, label in Validity.choices}
VALIDITY_ALIASES.update({
    "有效": Validity.IN_FORCE, "失效": Validity.LAPSED, "已修改": Validity.AMENDED,
    "废止": Validity.REPEALED, "尚未施行": Validity.NOT_YET_EFFECTIVE,
})
KIND_ALIASES = {"命令": "命令（令）", "令": "命令（令）", "命令(令)": "命令（令）"}


def normalisers(base):
    """One normaliser per facet (see browse.parse); database-backed ones check existence."""
    from cms_pages.models import TopicCategory

    def org(raw):
        raw = raw[:120]
        return raw if base.filter(lead_authority=raw).exists() else None

    def region(raw):
        raw = raw[:60]
        return raw if base.filter(region=raw).exists() else None

    def topic(raw):
        if raw.isdigit():
            return raw if TopicCategory.objects.filter(pk=int(raw)).exists() else None
        found = TopicCategory.from_path(raw)
        return str(found.pk) if found else None

    return {
        "org": org,
        "year": browse.year_normaliser(),
        "kind": browse.choice_normaliser([v for v, _ in DOC_KIND_CHOICES], KIND_ALIASES),
        "topic": topic,
        "validity": browse.choice_normaliser(Validity.values, VALIDITY_ALIASES),
        "level": browse.choice_normaliser(LEGAL_LEVELS),
        "genre": browse.choice_normaliser(GENRES),
        "region": region,
    }


def _year_q(values):
    q = Q()
    for value in values:
        year = int(value)
        q |= Q(published_date__gte=_dt.date(year, 1, 1), published_date__lt=_dt.date(year + 1, 1, 1))
    return q


FILTERS = {
    "org": lambda v: Q(lead_authority__in=v),
    "year": _year_q,
    "kind": lambda v: Q(doc_kind__in=v),
    "topic": lambda v: Q(topic_id__in=[int(x) for x in v]) | Q(topic__parent_id__in=[int(x) for x in v]),
    "validity": lambda v: Q(validity__in=v),
    "level": lambda v: Q(legal_level__in=v),
    "genre": lambda v: Q(genre__in=v),
    "region": lambda v: Q(region__in=v),
}


def apply_filters(qs, request, *, exclude=None):
    for param, values in request.filters.items():
        if param != exclude and values:
            qs = qs.filter(FILTERS[param](values))
    return qs


def keyword_q(q):
    """Every term must occur in the title, 文号, 发文机关 or 内容概述 (simplified or as typed)."""
    from search.normalize import normalize

    condition = Q()
    for term in browse.query_terms(q):
        variants = {term, normalize(term)} - {""}
        term_q = Q()
        for v in variants:
            term_q |= (Q(title__icontains=v) | Q(doc_number__icontains=v)
                       | Q(issuing_authority__icontains=v) | Q(summary__icontains=v))
        condition &= term_q
    return condition


def relevance(q):
    """A SQL score: whole title, title prefix, then terms in the title, 文号, 发文机关."""
    whens = [When(title=q, then=Value(1000)), When(title__startswith=q, then=Value(500)),
             When(title__icontains=q, then=Value(200))]
    score = Case(*whens, default=Value(0), output_field=IntegerField())
    for term in browse.query_terms(q):
        score = score + Case(When(title__icontains=term, then=Value(20)), default=Value(0), output_field=IntegerField())
        score = score + Case(When(doc_number__icontains=term, then=Value(10)), default=Value(0), output_field=IntegerField())
        score = score + Case(When(issuing_authority__icontains=term, then=Value(5)), default=Value(0), output_field=IntegerField())
    return score


ORDERINGS = {
    "date": ("-published_date", "-pk"),
    "date_asc": ("published_date", "pk"),
    "formed": ("-formed_date", "-published_date", "-pk"),
    "relevance": ("-score", "-published_date", "-pk"),
}


class DocNumberLookup:
    """Result of looking the keyword up as a 文号 (None when it does not look like one)."""

    def __init__(self, canonical, key, matches):
        self.canonical = canonical
        self.key = key
        self.matches = matches


def doc_number_lookup(base, q):
    parsed = dn.parse(q) if q else None
    if parsed is None:
        return None
    matches = list(base.filter(doc_number_key=parsed.key).order_by("-published_date", "-pk")[:50])
    return DocNumberLookup(parsed.canonical, parsed.key, matches)


def results(base, request, lookup=None):
    """Documents matching the clean request, ordered; with ``score`` when sorting by relevance."""
    qs = apply_filters(base, request)
    if lookup is not None and lookup.matches:
        qs = qs.filter(doc_number_key=lookup.key)
    elif request.q:
        qs = qs.filter(keyword_q(request.q))
    if request.sort == "relevance" and request.q:
        qs = qs.annotate(score=relevance(request.q))
    return qs.order_by(*ORDERINGS.get(request.sort, ORDERINGS["date"]))


def with_list_data(qs):
    """What a list row shows, fetched with the rows (no query per row)."""
    from .models import PolicyInterpretationLink

    live_interpretations = PolicyInterpretationLink.objects.filter(document=OuterRef("pk"), interpretation__live=True)
    return qs.select_related("issuing_organisation", "topic__parent").annotate(
        has_interpretation=Exists(live_interpretations)
    )


class ResultList:
    """The ordered result list as the Paginator sees it: ``count()`` and slices.

    A slice is read in two steps: the ids of that page in SQL order, then those rows with
    what a list row shows (no body). On SQLite the id query is made to walk the documents
    in 发布日期 index order and stop after the page (its planner would otherwise join every
    page row and sort them all: ~60 ms at 35k documents instead of <1 ms).
    """

    def __init__(self, queryset, count=None):
        self.queryset = queryset
        self._count = count

    def count(self):
        if self._count is None:
            self._count = self.queryset.count()
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item:item + 1][0]
        ids = self._ids(item.start or 0, item.stop)
        if not ids:
            return []
        model = self.queryset.model
        rows = with_list_data(model.objects.filter(pk__in=ids)).defer("body", "history")
        by_pk = {row.pk: row for row in rows}
        return [by_pk[pk] for pk in ids if pk in by_pk]

    def _ids(self, start, stop):
        from django.core.exceptions import EmptyResultSet
        from django.db import connections

        if stop is not None and stop <= start:
            return []
        qs = self.queryset.values_list("pk", flat=True)[start:stop]
        connection = connections[qs.db]
        if connection.vendor != "sqlite":
            return list(qs)
        try:
            sql, params = qs.query.sql_with_params()
        except EmptyResultSet:
            return []
        # SQLite joins a CROSS JOIN in the order written: documents first, by index.
        sql = sql.replace(' INNER JOIN "wagtailcore_page" ON', ' CROSS JOIN "wagtailcore_page" ON', 1)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]


def _keyword_filtered(base, request, lookup):
    if lookup is not None and lookup.matches:
        return base.filter(doc_number_key=lookup.key)
    if request.q:
        return base.filter(keyword_q(request.q))
    return base


#: Facet → column of the one-pass facet query (see facet_counts).
FACET_COLUMNS = {
    "validity": "validity", "level": "legal_level", "kind": "doc_kind", "genre": "genre",
    "org": "lead_authority", "region": "region",
}
_BASE_FIELDS = ("validity", "legal_level", "doc_kind", "genre", "lead_authority", "region",
                "published_date", "topic_id", "topic__parent_id")
_BASE_COLUMNS = ("validity", "legal_level", "doc_kind", "genre", "lead_authority", "region",
                 "published_date", "topic_id", "topic_parent_id")


def _materialized(connection):
    if connection.vendor == "sqlite":
        import sqlite3

        return "MATERIALIZED " if sqlite3.sqlite_version_info >= (3, 35) else ""
    return "MATERIALIZED " if connection.vendor == "postgresql" else ""


def _where(request, connection, exclude=None):
    """SQL conditions on the facet CTE's columns for every active facet but ``exclude``."""
    clauses, params = [], []
    for param, values in request.filters.items():
        if param == exclude or not values:
            continue
        if param in FACET_COLUMNS:
            clauses.append(f"{FACET_COLUMNS[param]} IN ({', '.join(['%s'] * len(values))})")
            params.extend(values)
        elif param == "year":
            ors = []
            for value in values:
                year = int(value)
                ors.append("(published_date >= %s AND published_date < %s)")
                params.extend([connection.ops.adapt_datefield_value(_dt.date(year, 1, 1)),
                               connection.ops.adapt_datefield_value(_dt.date(year + 1, 1, 1))])
            clauses.append("(" + " OR ".join(ors) + ")")
        elif param == "topic":
            ids = [int(v) for v in values]
            marks = ", ".join(["%s"] * len(ids))
            clauses.append(f"(topic_id IN ({marks}) OR topic_parent_id IN ({marks}))")
            params.extend(ids + ids)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def facet_counts(base, request, lookup=None):
    """({param: [(value, label, count, selected)]}, total) in ONE query.

    The documents matching the keyword are materialised once (a CTE); each facet is a
    GROUP BY over them with every *other* facet's filter applied, so counts combine and the
    alternatives inside a facet stay visible; the total applies all filters.
    """
    from django.db import connections

    from cms_pages.models import TopicCategory

    scoped = _keyword_filtered(base, request, lookup)
    connection = connections[scoped.db]
    from django.core.exceptions import EmptyResultSet

    try:
        base_sql, base_params = scoped.values_list(*_BASE_FIELDS).order_by().query.sql_with_params()
    except EmptyResultSet:
        return {}, 0
    # Every UNION branch yields (facet, value, extra, count) with value and extra as text, so
    # PostgreSQL can match the branch types (SQLite does not mind).
    parts, params = [], []
    for param, column in FACET_COLUMNS.items():
        where, where_params = _where(request, connection, exclude=param)
        parts.append(f"SELECT '{param}', {column}, CAST(NULL AS TEXT), COUNT(*) FROM base{where} GROUP BY {column}")
        params.extend(where_params)
    where, where_params = _where(request, connection, exclude="year")
    parts.append(f"SELECT 'date', CAST(NULL AS TEXT), CAST(published_date AS TEXT), COUNT(*) FROM base{where} "
                 "GROUP BY published_date")
    params.extend(where_params)
    where, where_params = _where(request, connection, exclude="topic")
    parts.append(f"SELECT 'topic', CAST(topic_id AS TEXT), CAST(topic_parent_id AS TEXT), COUNT(*) FROM base{where} "
                 "GROUP BY topic_id, topic_parent_id")
    params.extend(where_params)
    where, where_params = _where(request, connection)
    parts.append(f"SELECT '_total', CAST(NULL AS TEXT), CAST(NULL AS TEXT), COUNT(*) FROM base{where}")
    params.extend(where_params)
    sql = (f"WITH base ({', '.join(_BASE_COLUMNS)}) AS {_materialized(connection)}({base_sql}) "
           + " UNION ALL ".join(parts))
    with connection.cursor() as cursor:
        cursor.execute(sql, list(base_params) + params)
        rows = cursor.fetchall()

    grouped, years, per_topic, total = {p: [] for p in FACET_COLUMNS}, {}, {}, 0
    for kind, value, extra, n in rows:
        if kind == "_total":
            total = n
        elif kind == "date":
            if extra is not None:
                year = str(extra)[:4]
                years[year] = years.get(year, 0) + n
        elif kind == "topic":
            if value is None:
                continue
            value, extra = int(value), int(extra) if extra else None
            top = extra or value
            per_topic[top] = per_topic.get(top, 0) + n
            if extra:
                per_topic[value] = per_topic.get(value, 0) + n
        elif value not in (None, ""):
            grouped[kind].append((value, n))

    labels = dict(Validity.choices)
    facets = {}
    for param, items in grouped.items():
        items.sort(key=lambda item: (-item[1], item[0]))
        if param == "org":
            items = items[:ORG_FACET_LIMIT]
        facets[param] = [(v, labels.get(v, v) if param == "validity" else v, n) for v, n in items]
    facets["year"] = [(y, f"{y}年", n) for y, n in sorted(years.items(), reverse=True)]

    names = {}
    if per_topic:
        for t in TopicCategory.objects.filter(pk__in=per_topic).select_related("parent"):
            names[t.pk] = t.path
    selected_topics = set(request.filters.get("topic", ()))
    selected_names = {names.get(int(s), "") for s in selected_topics}
    topic_items = []
    for pk, n in sorted(per_topic.items(), key=lambda kv: names.get(kv[0], "")):
        label = names.get(pk, str(pk))
        is_child = "\\" in label
        parent_selected = is_child and label.split("\\")[0] in selected_names
        if not is_child or parent_selected or str(pk) in selected_topics:
            topic_items.append((str(pk), label, n))
    facets["topic"] = topic_items[:TOPIC_FACET_LIMIT]

    return {
        param: [(value, label, n, request.selected(param, value)) for value, label, n in items]
        for param, items in facets.items()
    }, total


# -- facet cache -------------------------------------------------------------------------
#: Facet counts are cached per library and filter set. Any publish, unpublish, delete,
#: validity change or import bumps the version (exact within one process or with a shared
#: cache); the timeout bounds staleness across processes that each keep a local cache.
FACET_CACHE_SECONDS = 120
_VERSION_KEY = "policies:facets:version"


def facet_cache_version():
    from django.core.cache import cache

    version = cache.get(_VERSION_KEY)
    if version is None:
        import uuid

        version = uuid.uuid4().hex
        cache.add(_VERSION_KEY, version, None)
        version = cache.get(_VERSION_KEY) or version
    return version


def bump_facet_cache():
    import uuid

    from django.core.cache import cache

    cache.set(_VERSION_KEY, uuid.uuid4().hex, None)


def cached_facet_counts(library, base, request, lookup=None):
    """(counts, total) from the cache when possible, else computed in one query.

    Every save, publish, unpublish or delete of a document and every validity change bumps
    the version, so within one process (or with a shared cache) the numbers are exact;
    separate processes with local caches may lag by at most FACET_CACHE_SECONDS.
    """
    import hashlib

    from django.core.cache import cache

    signature = repr((request.params(), lookup.key if lookup is not None and lookup.matches else None))
    key = "policies:facets:%s:%s:%s" % (
        library.pk, facet_cache_version(), hashlib.sha1(signature.encode("utf-8")).hexdigest())
    cached = cache.get(key)
    if cached is not None:
        return cached
    result = facet_counts(base, request, lookup)
    cache.set(key, result, FACET_CACHE_SECONDS)
    return result
