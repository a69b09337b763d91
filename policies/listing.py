"""Querying the library: filters, facet counts, keyword and 文号 lookup, sort.

The GET parameters are cleaned by ``policies/browse.py``; this module turns the clean
request into SQL. Every facet count is one GROUP BY over the documents matching all
*other* facets, so the number of queries never depends on the page size or the data.
"""
from __future__ import annotations

import datetime as _dt

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Value, When, Case
from django.db.models.functions import ExtractYear

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
    from .models import PolicyInterpretationPage

    live_interpretations = PolicyInterpretationPage.objects.filter(live=True, documents=OuterRef("pk"))
    return qs.select_related("issuing_organisation", "topic__parent").annotate(
        has_interpretation=Exists(live_interpretations)
    )


def _keyword_filtered(base, request, lookup):
    if lookup is not None and lookup.matches:
        return base.filter(doc_number_key=lookup.key)
    if request.q:
        return base.filter(keyword_q(request.q))
    return base


def facet_counts(base, request, lookup=None):
    """{param: [(value, label, count, selected)]} — counts combine with the other facets."""
    from cms_pages.models import TopicCategory

    scoped = _keyword_filtered(base, request, lookup)
    facets = {}

    def grouped(param, field, limit=None):
        qs = apply_filters(scoped, request, exclude=param).exclude(**{field: ""})
        rows = qs.values(field).annotate(n=Count("pk")).order_by("-n", field)
        if limit:
            rows = rows[:limit]
        return [(r[field], r["n"]) for r in rows]

    labels = dict(Validity.choices)
    facets["validity"] = [(v, labels.get(v, v), n) for v, n in grouped("validity", "validity")]
    facets["level"] = [(v, v, n) for v, n in grouped("level", "legal_level")]
    facets["kind"] = [(v, v, n) for v, n in grouped("kind", "doc_kind")]
    facets["genre"] = [(v, v, n) for v, n in grouped("genre", "genre")]
    facets["org"] = [(v, v, n) for v, n in grouped("org", "lead_authority", ORG_FACET_LIMIT)]
    facets["region"] = [(v, v, n) for v, n in grouped("region", "region")]

    years = (
        apply_filters(scoped, request, exclude="year").exclude(published_date=None)
        .annotate(y=ExtractYear("published_date")).values("y").annotate(n=Count("pk")).order_by("-y")
    )
    facets["year"] = [(str(r["y"]), f"{r['y']}年", r["n"]) for r in years]

    topic_rows = (
        apply_filters(scoped, request, exclude="topic").exclude(topic=None)
        .values("topic_id", "topic__parent_id").annotate(n=Count("pk"))
    )
    per_topic = {}
    for row in topic_rows:
        top = row["topic__parent_id"] or row["topic_id"]
        per_topic[top] = per_topic.get(top, 0) + row["n"]
        if row["topic__parent_id"]:
            per_topic[row["topic_id"]] = per_topic.get(row["topic_id"], 0) + row["n"]
    names = {}
    if per_topic:
        for t in TopicCategory.objects.filter(pk__in=per_topic).select_related("parent"):
            names[t.pk] = t.path
    selected_topics = set(request.filters.get("topic", ()))
    topic_items = []
    for pk, n in sorted(per_topic.items(), key=lambda kv: names.get(kv[0], "")):
        label = names.get(pk, str(pk))
        is_child = "\\" in label
        parent_selected = is_child and any(names.get(int(s), "") == label.split("\\")[0] for s in selected_topics)
        if not is_child or parent_selected or str(pk) in selected_topics:
            topic_items.append((str(pk), label, n))
    facets["topic"] = topic_items[:TOPIC_FACET_LIMIT]

    return {
        param: [(value, label, n, request.selected(param, value)) for value, label, n in items]
        for param, items in facets.items()
    }
