"""``archive_search`` for the database backends (search/contract.py).

The match set comes from the full-text index (SQLite FTS5 or PostgreSQL tsvector) joined to
:class:`search.models.SearchDocument` (facts per page) and ``wagtailcore_page`` (live,
path for view restrictions) in one SQL query; filters, combinable facet counts, ranking
signals and pagination are applied in Python over that match set, and snippets are cut
from the raw text of the pages on the requested page only.

Ranking (relevance sort): BM25 with title weight 5 (search.md §3.5), multiplied by signals
that favour title matches (every term in the title, query covering most of the title),
documents in force, and recent documents; 文号 exact matches come first.
"""
from __future__ import annotations

import datetime
import math

from django.db import connections, router

from search.contract import CONTENT_TYPES, FACETS, ArchiveHit, ArchiveResult
from search.query import highlight, parse_user_query

from . import documents
from .synonyms import get_synonym_table

MAX_PAGE_SIZE = 100
MAX_PAGE = 10_000
FACET_LIMIT = 30
RELAXED_NOTICE = "没有找到与全部检索词完全匹配的结果，以下是部分匹配的近似结果。"
DOC_NUMBER_NOTICE = "已按发文字号精确匹配。"

# Row layout returned by ``_rows``.
PID, SCORE, TYPE, YEAR, AUTH, VALIDITY, KIND, TOPIC, DATE, TITLE_KEY = range(10)
FACET_COLUMN = {"type": TYPE, "year": YEAR, "issuing_authority": AUTH, "validity": VALIDITY,
                "doc_kind": KIND, "topic": TOPIC}

_IN_FORCE = {"in_force", "现行有效", ""}
_LAPSED = {"repealed", "lapsed", "已废止", "已失效"}


def clamp_page(page, page_size):
    try:
        page_size = int(page_size)
    except (TypeError, ValueError):
        page_size = 20
    page_size = max(1, min(MAX_PAGE_SIZE, page_size))
    try:
        page = int(page)
    except (TypeError, ValueError):
        page = 1
    page = max(1, min(MAX_PAGE, page))
    return page, page_size


def _as_date(value):
    if value is None or isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class ArchiveSearchBase:
    """Vendor-independent part; subclasses provide the SQL for the match set."""

    def __init__(self, backend):
        self.backend = backend
        self.connection = connections[router.db_for_read(documents_model())]

    # -- to implement -------------------------------------------------------------------
    def text_rows(self, parsed, *, relaxed, visibility):  # pragma: no cover - abstract
        raise NotImplementedError

    def doc_number_rows(self, key, visibility):
        sql = (
            f"SELECT {self.fact_columns('0.0')} FROM search_searchdocument d "
            "JOIN wagtailcore_page p ON p.id = d.page_id "
            f"WHERE d.doc_number_key = %s AND p.live = %s AND {visibility[0]}"
        )
        return self.fetch(sql, [key, True, *visibility[1]])

    # -- shared helpers ------------------------------------------------------------------
    @staticmethod
    def fact_columns(score_sql):
        return (
            f"d.page_id, {score_sql}, d.type_key, d.year, d.issuing_authority, d.validity, "
            "d.doc_kind, d.topic, d.published_date, d.title_key"
        )

    def fetch(self, sql, params):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def ids_param(self, ids):
        raise NotImplementedError

    def visibility(self, query):
        """SQL condition (on aliases d, p) for what the caller may see, with params."""
        from wagtail.models import Page

        restricted = list(
            Page.objects.filter(view_restrictions__isnull=False).values_list("path", flat=True).distinct()
        )
        public_types = list(CONTENT_TYPES)
        cond = [f"d.type_key IN ({', '.join(['%s'] * len(public_types))})", "d.is_internal = %s"]
        params = [*public_types, False]
        for path in restricted:
            cond.append("substr(d.path, 1, %s) <> %s")
            params.extend([len(path), path])
        public_sql = "(" + " AND ".join(cond) + ")"
        allowed = sorted(int(i) for i in query.allowed_internal_ids or ()) if query.include_internal else []
        if allowed:
            in_sql, in_params = self.ids_param(allowed)
            return f"({public_sql} OR d.page_id IN {in_sql})", params + in_params
        return public_sql, params

    # -- the search ----------------------------------------------------------------------
    def run(self, query) -> ArchiveResult:
        page, page_size = clamp_page(query.page, query.page_size)
        parsed = parse_user_query(query.text, synonyms=get_synonym_table())
        if parsed.is_empty:
            return ArchiveResult(count=0, hits=[], facets={}, mode="empty")
        visibility = self.visibility(query)
        mode, notice = "strict", ""
        exact = []
        if parsed.doc_number_key:
            exact = self.doc_number_rows(parsed.doc_number_key, visibility)
        rows = self.text_rows(parsed, relaxed=False, visibility=visibility) if parsed.terms else []
        if exact:
            mode, notice = "doc_number", DOC_NUMBER_NOTICE
        elif not rows and parsed.relaxed():
            rows = self.text_rows(parsed, relaxed=True, visibility=visibility)
            mode = "relaxed"
            if rows:
                notice = RELAXED_NOTICE
        scored = self.score(parsed, rows, relaxed=(mode == "relaxed"))
        if exact:
            top = max((s for s, _ in scored), default=1.0) + 1.0
            exact_ids = {r[PID] for r in exact}
            scored = [(top * 10 + 1.0, r) for r in exact] + [(s, r) for s, r in scored if r[PID] not in exact_ids]
        match_ids = [r[PID] for _, r in scored] if mode != "relaxed" else None

        filters = self.clean_filters(query.filters)
        facets = self.facet_counts(scored, filters)
        selected = [(s, r) for s, r in scored if self.passes(r, filters)]
        if query.sort == "date":
            selected.sort(key=lambda sr: (_as_date(sr[1][DATE]) or datetime.date.min, sr[0], -sr[1][PID]), reverse=True)
        else:
            selected.sort(key=lambda sr: (sr[0], _as_date(sr[1][DATE]) or datetime.date.min, -sr[1][PID]), reverse=True)
        count = len(selected)
        start = (page - 1) * page_size
        window = selected[start:start + page_size]
        hits = self.make_hits(window, parsed)
        return ArchiveResult(
            count=count, hits=hits, facets=facets, mode=mode, notice=notice, match_ids=match_ids,
            doc_number_count=len(exact),
        )

    # -- filters and facets ----------------------------------------------------------------
    @staticmethod
    def clean_filters(filters):
        out = {}
        for name, values in (filters or {}).items():
            if name not in FACET_COLUMN:
                continue
            if isinstance(values, (str, int)):
                values = (values,)
            vals = set()
            for v in values or ():
                if name == "year":
                    try:
                        vals.add(int(v))
                    except (TypeError, ValueError):
                        vals.add(-1)  # matches nothing
                else:
                    vals.add(str(v))
            if vals:
                out[name] = vals
        return out

    @staticmethod
    def passes(row, filters, skip=None):
        for name, vals in filters.items():
            if name == skip:
                continue
            if row[FACET_COLUMN[name]] not in vals:
                return False
        return True

    def facet_counts(self, scored, filters):
        """Counts per facet value over the match set filtered by every *other* facet."""
        counts = {name: {} for name in FACETS if name in FACET_COLUMN}
        for _, row in scored:
            failing = [n for n in filters if row[FACET_COLUMN[n]] not in filters[n]]
            if len(failing) > 1:
                continue
            for name, col in FACET_COLUMN.items():
                if failing and failing[0] != name:
                    continue
                value = row[col]
                if value in (None, ""):
                    continue
                counts[name][value] = counts[name].get(value, 0) + 1
        out = {}
        for name, values in counts.items():
            items = sorted(values.items(), key=lambda kv: (-kv[1], str(kv[0])))
            if name == "year":
                items = sorted(values.items(), key=lambda kv: -int(kv[0]))
            keep = items[:FACET_LIMIT]
            chosen = filters.get(name, set())
            kept_values = {v for v, _ in keep}
            keep += [(v, values.get(v, 0)) for v in chosen if v not in kept_values and v in values]
            out[name] = [(str(v), self.facet_label(name, v), c) for v, c in keep]
        return out

    @staticmethod
    def facet_label(name, value):
        if name == "type":
            return documents.type_label(value)
        if name == "validity":
            try:
                from policies.vocabulary import Validity

                return str(Validity(value).label)
            except Exception:
                return str(value)
        if name == "year":
            return f"{value}年"
        return str(value)

    # -- ranking --------------------------------------------------------------------------
    def score(self, parsed, rows, *, relaxed):
        from .documents import compact

        today = datetime.date.today()
        term_keys = [[("".join(p.tokens)) for p in t.alternatives] for t in parsed.terms]
        query_key = compact(parsed.normalized)
        relaxed_keys = ["".join(p) for p in parsed.relaxed_phrases()] if relaxed else []
        out = []
        for row in rows:
            s = max(float(row[SCORE] or 0.0), 1e-6)
            title = row[TITLE_KEY] or ""
            factor = 1.0
            if relaxed:
                if relaxed_keys:
                    covered = sum(1 for k in relaxed_keys if k in title)
                    factor *= 1.0 + 2.0 * covered / len(relaxed_keys)
            elif term_keys:
                if all(any(k in title for k in alts) for alts in term_keys):
                    factor *= 2.0
                    if query_key and title:
                        factor *= 1.0 + min(1.0, len(query_key) / max(1, len(title)))
            validity = row[VALIDITY] or ""
            if validity in _LAPSED:
                factor *= 0.8
            elif validity in _IN_FORCE:
                factor *= 1.05
            date = _as_date(row[DATE])
            if date:
                age = max(0.0, (today - date).days / 365.25)
                factor *= 1.0 + 0.15 * math.exp(-age / 8.0)
            out.append((s * factor, row))
        return out

    # -- hits -----------------------------------------------------------------------------
    def make_hits(self, window, parsed):
        from wagtail.models import Page

        ids = [r[PID] for _, r in window]
        pages = {p.pk: p for p in Page.objects.filter(pk__in=ids).specific()}
        from search.attachments import attachment_texts_for_pages

        attachments = attachment_texts_for_pages(ids)
        hits = []
        for score, row in window:
            page = pages.get(row[PID])
            if page is None:
                continue
            snippet = make_snippet(page, parsed, attachments.get(page.pk, ""))
            try:
                url = page.get_url() or page.url or ""
            except Exception:
                url = ""
            hits.append(
                ArchiveHit(
                    page_id=page.pk,
                    title=page.title,
                    url=url,
                    type=row[TYPE],
                    external_id=getattr(page, "external_id", None),
                    doc_number=getattr(page, "doc_number", "") or "",
                    published_date=_as_date(row[DATE]),
                    snippet=snippet,
                    score=round(score, 6),
                )
            )
        return hits


def _window(text: str, needles, before=300, after=700) -> str | None:
    """A slice of ``text`` around the first needle found verbatim (cheap pre-cut for long texts)."""
    best = -1
    for needle in needles:
        if not needle:
            continue
        at = text.find(needle)
        if at != -1 and (best == -1 or at < best):
            best = at
    if best == -1:
        return None
    start = max(0, best - before)
    end = min(len(text), best + after)
    return text[start:end]


def _html_window(html_text: str, needles) -> str | None:
    piece = _window(html_text, needles, before=200, after=500)
    if piece is None:
        return None
    # drop tags cut in half at either edge
    gt = piece.find(">")
    lt = piece.find("<")
    if gt != -1 and (lt == -1 or gt < lt):
        piece = piece[gt + 1:]
    lt = piece.rfind("<")
    if lt != -1 and piece.rfind(">") < lt:
        piece = piece[:lt]
    return piece


LONG_TEXT = 3000


def make_snippet(page, parsed, attachment_text=None) -> str:
    """Highlighted snippet for a hit; long bodies are pre-cut around a verbatim match first."""
    import html as html_mod

    from cms_pages.text_format import to_plain_text

    needles = sorted({"".join(p.tokens) for p in parsed.phrases()} | {p.text for p in parsed.phrases()}, key=len, reverse=True)
    parts = []
    summary = str(getattr(page, "summary", "") or "").strip()
    if summary:
        parts.append(summary)
    body = getattr(page, "body", None)
    body = str(body) if body else ""
    if body:
        cut = _html_window(body, needles) if len(body) > LONG_TEXT else None
        try:
            parts.append(to_plain_text(cut if cut is not None else body))
        except Exception:
            parts.append(body)
    extra = attachment_text
    if extra is None:
        try:
            from search.attachments import attachment_text_for_page

            extra = attachment_text_for_page(page)
        except Exception:
            extra = ""
    if extra:
        parts.append(_window(extra, needles, before=100, after=400) or extra[:LONG_TEXT])
    source = "\n".join(p for p in parts if p)
    if not source:
        source = " ".join(x for x in [getattr(page, "doc_number", ""), page.title] if x)
    try:
        return highlight(source, parsed)
    except Exception:
        return html_mod.escape(source[:160])


def documents_model():
    from search.models import SearchDocument

    return SearchDocument


class SQLiteArchiveSearch(ArchiveSearchBase):

    def ids_param(self, ids):
        import json

        return "(SELECT value FROM json_each(%s))", [json.dumps(ids)]

    def content_type_ids(self):
        from django.apps import apps
        from django.contrib.contenttypes.models import ContentType

        models = [m for m in apps.get_models() if documents.is_government_model(m)]
        return [ct.pk for ct in ContentType.objects.get_for_models(*models).values()]

    def text_rows(self, parsed, *, relaxed, visibility):
        match = parsed.fts5_match(relaxed=relaxed)
        if not match:
            return []
        from .chinese_sqlite import entry_table, fts_table

        cts = self.content_type_ids()
        if not cts:
            return []
        fts = fts_table()
        score = f"-bm25({fts}, 0.0, 1.0, 5.0)"
        sql = (
            f"SELECT {self.fact_columns(score)} FROM {fts} "
            f"JOIN {entry_table()} e ON e.id = {fts}.rowid "
            "JOIN search_searchdocument d ON d.page_id = CAST(e.object_id AS INTEGER) "
            "JOIN wagtailcore_page p ON p.id = d.page_id "
            f"WHERE {fts} MATCH %s AND e.content_type_id IN ({', '.join(['%s'] * len(cts))}) "
            f"AND p.live = %s AND {visibility[0]}"
        )
        return self.fetch(sql, ["{title body} : (" + match + ")", *cts, True, *visibility[1]])
