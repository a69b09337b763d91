"""``archive_search`` for the database backends (search/contract.py).

The match set comes from the full-text index (SQLite FTS5 or PostgreSQL tsvector) joined to
:class:`search.models.SearchDocument` (facts per page) and ``wagtailcore_page`` (live,
path for view restrictions) in one SQL query; filters, combinable facet counts, ranking
signals and pagination are applied in Python over that match set, and snippets are cut
from the raw text of the pages on the requested page only.

On SQLite (the embedded default) strict and 文号 searches read only the matching FTS5 rowids
and take facets, visibility and ranking signals from the in-memory facts of
search/backends/facts.py (``SQLiteArchiveSearch.run_fast``); relaxed mode, and databases
without the facts version table, use the all-SQL path through a temporary match table
(``run_sql``).  Both give identical results (tests/search/test_archive_facts.py).

Ranking (relevance sort): BM25 with title weight 5 (search.md §3.5), multiplied by signals
that favour title matches (every term in the title, query covering most of the title),
documents in force, and recent documents; 文号 exact matches come first.
"""
from __future__ import annotations

import datetime
import math
from collections.abc import Sequence

from django.db import connections, router

from search.contract import CONTENT_TYPES, FACETS, ArchiveHit, ArchiveResult
from search.query import STOP_CHARS, highlight, parse_user_query

from . import documents
from .synonyms import get_synonym_table

MAX_PAGE_SIZE = 100
MAX_PAGE = 10_000
FACET_LIMIT = 30
BM25_MAX_MATCHES = 3000  # above this many matches the strict ranking skips bm25 (see _load_strict)
RELAXED_LIMIT = 1000  # relaxed mode keeps the best-matching entries only (approximate by design)
RELAXED_NOTICE = "没有找到与全部检索词完全匹配的结果，以下是部分匹配的近似结果。"
DOC_NUMBER_NOTICE = "已按发文字号精确匹配。"

# Row layout returned by ``_rows``.
PID, SCORE, TYPE, YEAR, AUTH, VALIDITY, KIND, TOPIC, DATE, TITLE_KEY = range(10)
FACET_COLUMN = {"type": TYPE, "year": YEAR, "issuing_authority": AUTH, "validity": VALIDITY,
                "doc_kind": KIND, "topic": TOPIC}

FACET_NAMES = ("type", "year", "issuing_authority", "validity", "doc_kind", "topic")
SQL_COLUMN = {"type": "type_key", "year": "year", "issuing_authority": "issuing_authority", "validity": "validity",
              "doc_kind": "doc_kind", "topic": "topic"}

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
        # search documents exist for live pages only; hits are re-checked for ``live`` anyway
        sql = f"SELECT {self.fact_columns('0.0')} FROM search_searchdocument d WHERE d.doc_number_key = %s AND {visibility[0]}"
        return self.fetch(sql, [key, *visibility[1]])

    def same_title_rows(self, title_keys, visibility):
        keys = sorted(k for k in title_keys if k)
        if not keys:
            return []
        sql = (f"SELECT {self.fact_columns('0.0')} FROM search_searchdocument d "
               f"WHERE d.title_key IN ({', '.join(['%s'] * len(keys))}) AND {visibility[0]}")
        return self.fetch(sql, [*keys, *visibility[1]])

    @staticmethod
    def tiebreak(row):
        """Small preference for documents in force and recent ones (0 … 0.2)."""
        bonus = 0.1 if (row[VALIDITY] or "") in _IN_FORCE else 0.0
        date = _as_date(row[DATE])
        if date:
            bonus += 0.1 * min(1.0, max(0.0, (date.year - 1949) / 100))
        return bonus

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

    def restricted_paths(self):
        """Tree paths of pages with view restrictions (sections hidden from the public)."""
        if not hasattr(self, "_restricted_paths"):
            from wagtail.models import Page, PageViewRestriction

            # plain SQL: this runs on every search and the ORM's query compilation cost more than the query
            self._restricted_paths = [row[0] for row in self.fetch(
                f"SELECT p.path FROM {Page._meta.db_table} p WHERE p.id IN "
                f"(SELECT r.page_id FROM {PageViewRestriction._meta.db_table} r) ORDER BY p.path", [])]
        return self._restricted_paths

    def visibility(self, query):
        """SQL condition (on aliases d, p) for what the caller may see, with params."""
        restricted = self.restricted_paths()
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
    @staticmethod
    def prepare(query):
        """``(page, page_size, parsed)`` of a query (page numbers clamped)."""
        page, page_size = clamp_page(query.page, query.page_size)
        return page, page_size, parse_user_query(query.text, synonyms=get_synonym_table())

    def run(self, query) -> ArchiveResult:
        page, page_size, parsed = self.prepare(query)
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
            # the document itself, then other records of it (same title: versions, catalogue copies)
            top = max((s for s, _ in scored), default=1.0) + 10.0
            exact_ids = {r[PID] for r in exact}
            siblings = [r for r in self.same_title_rows({r[TITLE_KEY] for r in exact}, visibility) if r[PID] not in exact_ids]
            sibling_ids = {r[PID] for r in siblings}
            scored = ([(top + 2.0 + self.tiebreak(r), r) for r in exact]
                      + [(top + self.tiebreak(r), r) for r in siblings]
                      + [(s, r) for s, r in scored if r[PID] not in exact_ids and r[PID] not in sibling_ids])
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
        """Relevance: normalised BM25 plus title signals, validity and recency.

        FTS5's bm25() uses the length of the whole entry (title + long body), so a law's own
        title match can score below a catalogue record that merely cites it; title matches are
        therefore scored here: every term in the title adds 1 + twice the share of the title
        the query covers (exact and short titles first), so title matches rank above body-only
        matches and BM25 orders within each group.  In relaxed mode the signal is the longest
        piece of the query found in the title.
        """
        from .documents import compact

        if not rows:
            return []
        today = datetime.date.today()
        term_keys = [["".join(p.tokens) for p in t.alternatives] for t in parsed.terms]
        query_key = compact(parsed.normalized)
        top = max(float(r[SCORE] or 0.0) for r in rows) or 1.0
        relaxed_key = "".join(ch for ch in query_key if ch not in STOP_CHARS) if relaxed else ""
        out = []
        for row in rows:
            base = 0.5 * max(float(row[SCORE] or 0.0), 0.0) / top
            title = row[TITLE_KEY] or ""
            bonus = 0.0
            if relaxed:
                if relaxed_key and title:
                    longest = _longest_piece(query_key, title)
                    if longest >= 2:
                        bonus = 1.5 * (longest / max(1, len(relaxed_key))) ** 2 + 0.5 * min(1.0, longest / max(1, len(title)))
            elif term_keys and title:
                in_title = sum(1 for alts in term_keys if any(k in title for k in alts))
                if in_title == len(term_keys):
                    bonus = 1.0 + 2.0 * min(1.0, len(query_key) / max(1, len(title)))
                elif in_title:
                    bonus = 0.5 * in_title / len(term_keys)
            validity = row[VALIDITY] or ""
            if validity in _LAPSED:
                bonus -= 0.3
            elif validity in _IN_FORCE:
                bonus += 0.05
            date = _as_date(row[DATE])
            if date:
                age = max(0.0, (today - date).days / 365.25)
                bonus += 0.1 * math.exp(-age / 8.0)
            out.append((base + bonus, row))
        return out

    # -- hits -----------------------------------------------------------------------------
    def make_hits(self, window, parsed):
        from wagtail.models import Page

        ids = [r[PID] for _, r in window]
        pages = {p.pk: p for p in Page.objects.filter(pk__in=ids, live=True).specific()}
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


def _window(text: str, needles, before=300, after=700, phrases=()) -> str | None:
    """A slice of ``text`` around the first needle found verbatim, or else around the first
    occurrence of a phrase with punctuation between its tokens (cheap pre-cut for long texts)."""
    best = -1
    for needle in needles:
        if not needle:
            continue
        at = text.find(needle)
        if at != -1 and (best == -1 or at < best):
            best = at
    if best == -1 and phrases:
        from search.query import loose_find

        found = loose_find(text, phrases)
        best = found[0] if found else -1
    if best == -1:
        return None
    start = max(0, best - before)
    end = min(len(text), best + after)
    return text[start:end]


def _html_window(html_text: str, needles, phrases=()) -> str | None:
    piece = _window(html_text, needles, before=200, after=500, phrases=phrases)
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
        cut = _html_window(body, needles, parsed.phrases()) if len(body) > LONG_TEXT else None
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
        parts.append(_window(extra, needles, before=100, after=400, phrases=parsed.phrases()) or extra[:LONG_TEXT])
    source = "\n".join(p for p in parts if p)
    if not source:
        source = " ".join(x for x in [getattr(page, "doc_number", ""), page.title] if x)
    try:
        return highlight(source, parsed)
    except Exception:
        return html_mod.escape(source[:160])


def _longest_piece(query_key: str, title: str) -> int:
    """Length of the longest substring of ``query_key`` that occurs in ``title``."""
    n = len(query_key)
    best = 0
    for i in range(n):
        # only try lengths that could beat the best so far
        j = i + best + 1
        while j <= n and query_key[i:j] in title:
            best = j - i
            j += 1
    return best


def _ordinal_of(value) -> int:
    date = _as_date(value)
    return date.toordinal() if date else 0


def documents_model():
    from search.models import SearchDocument

    return SearchDocument


class LazyMatchIds(Sequence):
    """The strict match set's page ids (文号 hits first), read from the index on first use."""

    def __init__(self, search, parsed, visibility, first_ids):
        self._search, self._parsed, self._visibility = search, parsed, visibility
        self._first = list(first_ids)
        self._ids = None

    @classmethod
    def of(cls, ids=None, loader=None):
        """Already known ids, or ids a ``loader()`` computes on first use."""
        made = cls(None, None, None, ())
        made._loader = loader
        if loader is None:
            made._ids = list(ids or ())
        return made

    _loader = None

    def _load(self):
        if self._ids is None and self._loader is not None:
            self._ids = list(self._loader())
        if self._ids is None:
            ids = list(self._first)
            spec = self._search.strict_ids_sql(self._parsed, self._visibility)
            if spec:
                seen = set(ids)
                ids += [pid for (pid,) in self._search.fetch(*spec) if pid not in seen]
            self._ids = ids
        return self._ids

    def __len__(self):
        return len(self._load())

    def __getitem__(self, index):
        return self._load()[index]

    def __iter__(self):
        return iter(self._load())

    def __eq__(self, other):
        return list(self) == list(other)

    def __repr__(self):
        return f"LazyMatchIds({self._load()!r})"


class SQLiteArchiveSearch(ArchiveSearchBase):
    """SQLite: the match set goes into a per-connection temporary table once; count, facet
    counts (GROUP BY) and the requested page are then read from it in SQL, so large match
    sets (a common two-character word matches most of the archive) never pass through Python.
    """

    TEMP = "temp.gk_archive_hits"
    COLUMNS = "page_id, final, type_key, year, issuing_authority, validity, doc_kind, topic, published_date, title_key"

    def ids_param(self, ids):
        import json

        return "(SELECT value FROM json_each(%s))", [json.dumps(ids)]

    def content_type_ids(self):
        from django.apps import apps
        from django.contrib.contenttypes.models import ContentType

        models = [m for m in apps.get_models() if documents.is_government_model(m)]
        return [ct.pk for ct in ContentType.objects.get_for_models(*models).values()]

    def visibility(self, query):
        # Search documents exist only for live pages (deleted on unpublish); restrictions are
        # checked on the stored tree path; hits are re-checked for ``live`` when fetched.
        return super().visibility(query)

    # -- the temporary match table -------------------------------------------------------
    def _reset(self, cursor):
        cursor.execute("SELECT 1 FROM temp.sqlite_master WHERE name = 'gk_archive_hits'")
        if cursor.fetchone() is None and not self.connection.in_atomic_block:
            cursor.execute("PRAGMA temp_store = MEMORY")  # not allowed inside a transaction
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS gk_archive_hits (page_id INTEGER PRIMARY KEY, final REAL, "
            "type_key TEXT, year INTEGER, issuing_authority TEXT, validity TEXT, doc_kind TEXT, topic TEXT, "
            "published_date TEXT, title_key TEXT, bm25 REAL)"
        )
        cursor.execute(f"DELETE FROM {self.TEMP}")

    def _title_bonus_sql(self, parsed):
        term_conds, params = [], []
        for term in parsed.terms:
            alts = sorted({"".join(p.tokens) for p in term.alternatives})
            term_conds.append("(CASE WHEN " + " OR ".join(["instr(d.title_key, %s) > 0"] * len(alts)) + " THEN 1 ELSE 0 END)")
            params.extend(alts)
        if not term_conds:
            return "0.0", []
        n = len(term_conds)
        qlen = len(documents.compact(parsed.normalized))
        it = "(" + " + ".join(term_conds) + ")"
        sql = (f"(CASE WHEN {it} = {n} THEN 1.0 + 2.0 * min(1.0, {qlen} * 1.0 / max(1, length(d.title_key))) "
               f"WHEN {it} > 0 THEN 0.5 * {it} / {n}.0 ELSE 0.0 END)")
        return sql, params * 3

    @staticmethod
    def _static_bonus_sql():
        year = datetime.date.today().year
        lapsed = ", ".join(f"'{v}'" for v in sorted(_LAPSED))
        in_force = ", ".join(f"'{v}'" for v in sorted(_IN_FORCE))
        return (f"(CASE WHEN d.validity IN ({lapsed}) THEN -0.3 WHEN d.validity IN ({in_force}) THEN 0.05 ELSE 0.0 END)"
                f" + 0.1 * max(0.0, 1.0 - ({year} - coalesce(d.year, 1900)) / 25.0)")

    def _load_strict(self, cursor, parsed, visibility):
        from .chinese_sqlite import fts_table

        match = parsed.fts5_match()
        if not match:
            return 0
        fts = fts_table()
        fts_match = "{title body} : (" + match + ")"
        # bm25 costs more than the match itself on huge match sets, where it carries no signal
        # anyway (FTS5 clamps the IDF of terms in most documents to ~0): skip it there.
        cursor.execute(f"SELECT count(*) FROM {fts} WHERE {fts} MATCH %s", [fts_match])
        total = cursor.fetchone()[0]
        if not total:
            return 0
        # bm25 is computed in the same pass that fills the match table (no separate "best
        # score" query) and normalised by the best visible score afterwards.
        with_bm25 = total <= BM25_MAX_MATCHES
        score_sql = f"-bm25({fts}, 0.0, 1.0, 5.0)" if with_bm25 else "0.0"
        title_sql, title_params = self._title_bonus_sql(parsed)
        sql = (
            f"WITH m(rid, score) AS MATERIALIZED (SELECT rowid, {score_sql} FROM {fts} WHERE {fts} MATCH %s) "
            f"INSERT INTO {self.TEMP} ({self.COLUMNS}, bm25) "
            "SELECT d.page_id, " + title_sql + " + " + self._static_bonus_sql() + ", "
            "d.type_key, d.year, d.issuing_authority, d.validity, d.doc_kind, d.topic, d.published_date, d.title_key, m.score "
            f"FROM m JOIN search_searchdocument d ON d.entry_id = m.rid WHERE {visibility[0]}"
        )
        cursor.execute(sql, [fts_match, *title_params, *visibility[1]])
        inserted = cursor.rowcount
        if with_bm25 and inserted:
            cursor.execute(f"SELECT max(bm25) FROM {self.TEMP}")
            top = cursor.fetchone()[0] or 0.0
            if top > 0:
                cursor.execute(f"UPDATE {self.TEMP} SET final = final + 0.5 * bm25 / %s", [float(top)])
        return inserted

    def strict_ids_sql(self, parsed, visibility):
        """``(sql, params)`` selecting the page ids of the visible strict matches."""
        from .chinese_sqlite import fts_table

        match = parsed.fts5_match() if parsed.terms else ""
        if not match:
            return None
        fts = fts_table()
        sql = (f"WITH m(rid) AS MATERIALIZED (SELECT rowid FROM {fts} WHERE {fts} MATCH %s) "
               f"SELECT d.page_id FROM m JOIN search_searchdocument d ON d.entry_id = m.rid WHERE {visibility[0]}")
        return sql, ["{title body} : (" + match + ")", *visibility[1]]

    def _insert_rows(self, cursor, scored):
        cursor.executemany(
            f"INSERT OR REPLACE INTO {self.TEMP} ({self.COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [(r[PID], s, r[TYPE], r[YEAR], r[AUTH], r[VALIDITY], r[KIND], r[TOPIC],
              (_as_date(r[DATE]).isoformat() if _as_date(r[DATE]) else None), r[TITLE_KEY]) for s, r in scored],
        )

    def text_rows(self, parsed, *, relaxed, visibility):
        """Rows for relaxed mode (capped at RELAXED_LIMIT, scored in Python)."""
        from .chinese_sqlite import fts_table

        match = parsed.fts5_match(relaxed=relaxed)
        if not match:
            return []
        fts = fts_table()
        sql = (
            f"WITH m(rid, score) AS MATERIALIZED (SELECT rowid, -bm25({fts}, 0.0, 1.0, 5.0) AS s FROM {fts} "
            f"WHERE {fts} MATCH %s{f' ORDER BY s DESC LIMIT {RELAXED_LIMIT}' if relaxed else ''}) "
            f"SELECT {self.fact_columns('m.score')} FROM m JOIN search_searchdocument d ON d.entry_id = m.rid "
            f"WHERE {visibility[0]}"
        )
        return self.fetch(sql, ["{title body} : (" + match + ")", *visibility[1]])

    def facets_from_combos(self, combos, filters):
        index = {name: i for i, name in enumerate(FACET_NAMES)}
        tallies = {name: {} for name in FACET_NAMES}
        count = 0
        if not filters:  # the common case, one tight loop per facet
            count = sum(combo[-1] for combo in combos)
            for i, name in enumerate(FACET_NAMES):
                tally = tallies[name]
                get = tally.get
                for combo in combos:
                    value = combo[i]
                    if value is None or value == "":
                        continue
                    tally[value] = get(value, 0) + combo[-1]
            combos = ()
        for combo in combos:
            n = combo[-1]
            failing = [name for name, vals in filters.items() if combo[index[name]] not in vals]
            if not failing:
                count += n
            elif len(failing) > 1:
                continue
            for name in FACET_NAMES:
                if failing and failing[0] != name:
                    continue
                value = combo[index[name]]
                if value is None or value == "":
                    continue
                tally = tallies[name]
                tally[value] = tally.get(value, 0) + n
        facets = {}
        for name in FACET_NAMES:
            values = tallies[name]
            if name == "year":
                items = sorted(values.items(), key=lambda kv: -int(kv[0]))
            else:
                items = sorted(values.items(), key=lambda kv: (-kv[1], str(kv[0])))
            keep = items[:FACET_LIMIT]
            kept = {v for v, _ in keep}
            keep += [(v, values[v]) for v in filters.get(name, ()) if v in values and v not in kept]
            facets[name] = [(str(v), self.facet_label(name, v), c) for v, c in keep]
        return count, facets

    # -- filters -------------------------------------------------------------------------
    @staticmethod
    def _where(filters, skip=None):
        conds, params = [], []
        for name, values in filters.items():
            if name == skip:
                continue
            col = SQL_COLUMN[name]
            conds.append(f"{col} IN ({', '.join(['%s'] * len(values))})")
            params.extend(sorted(values, key=str))
        return (" WHERE " + " AND ".join(conds)) if conds else "", params

    # -- in-memory fast path (search/backends/facts.py) ------------------------------------
    use_facts = True

    def _static_bonus(self, combo):
        """Python twin of :meth:`_static_bonus_sql` for a facts combination."""
        validity, year = combo[3], combo[1]
        bonus = -0.3 if validity in _LAPSED else (0.05 if validity in _IN_FORCE else 0.0)
        return bonus + 0.1 * max(0.0, 1.0 - (datetime.date.today().year - (1900 if year is None else year)) / 25.0)

    @staticmethod
    def _title_bonus_fn(parsed):
        """Python twin of :meth:`_title_bonus_sql`: ``title_key -> bonus``."""
        terms = [sorted({"".join(p.tokens) for p in term.alternatives}) for term in parsed.terms]
        if not terms:
            return lambda title: 0.0
        n = len(terms)
        qlen = len(documents.compact(parsed.normalized))
        if n == 1 and len(terms[0]) == 1:
            key = terms[0][0]
            return lambda title: (1.0 + 2.0 * min(1.0, qlen * 1.0 / max(1, len(title)))) if key in title else 0.0

        def bonus(title):
            it = 0
            for alts in terms:
                for alt in alts:
                    if alt in title:
                        it += 1
                        break
            if it == n:
                return 1.0 + 2.0 * min(1.0, qlen * 1.0 / max(1, len(title)))
            return 0.5 * it / n if it else 0.0

        return bonus

    def run_fast(self, query, facts, page, page_size, parsed, filters):
        """Strict and 文号 searches from the in-memory facts; None when relaxed mode is needed.

        Same match set, scores, order and facets as :meth:`run_sql` (tests compare the two);
        per-row work is done with C-level ``map``/``compress``/``Counter`` passes and only the
        rows that can reach the requested page are sorted.
        """
        import heapq
        from collections import Counter
        from itertools import compress

        from .chinese_sqlite import fts_table

        fts = fts_table()
        visibility = self.visibility(query)
        exact = self.doc_number_rows(parsed.doc_number_key, visibility) if parsed.doc_number_key else []
        match = parsed.fts5_match() if parsed.terms else ""
        fts_match = "{title body} : (" + match + ")" if match else ""
        rids = []
        if match:
            with self.connection.cursor() as cursor:
                cursor.execute(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [fts_match])
                rids = [r for (r,) in cursor.fetchall()]
        combos, combo_of, page_of, title_of = facts.combos, facts.combo_of, facts.page_of, facts.title_of
        # visibility, as in :meth:`visibility` but on the facts
        allowed = set(int(i) for i in query.allowed_internal_ids or ()) if query.include_internal else set()
        restricted = self.restricted_paths()
        if rids and max(rids) >= facts.size:  # entries newer than the facts are not documents
            rids = [r for r in rids if r < facts.size]
        with self.connection.cursor() as cursor:
            visible = facts.visible_flags(cursor, CONTENT_TYPES, restricted)
        if not allowed:
            rids = list(compress(rids, map(visible.__getitem__, rids)))
        else:  # staff: also the internal and restricted pages they may read
            rids = [r for r in rids if visible[r] or (combo_of[r] and page_of[r] in allowed)]
        if not rids and not exact:
            if parsed.relaxed():
                return None
            return ArchiveResult(count=0, hits=[], facets=self.facets_from_combos([], filters)[1], mode="strict",
                                 match_ids=LazyMatchIds.of([]))

        # 文号 hits and other records of the same document replace their strict entries
        mode, notice = "strict", ""
        special = {}  # page_id -> (score, row)
        if exact:
            mode, notice = "doc_number", DOC_NUMBER_NOTICE
            exact_ids = {r[PID] for r in exact}
            siblings = [r for r in self.same_title_rows({r[TITLE_KEY] for r in exact}, visibility)
                        if r[PID] not in exact_ids]
            for r in siblings:
                special[r[PID]] = (90.0 + self.tiebreak(r), r)
            for r in exact:
                special[r[PID]] = (100.0 + self.tiebreak(r), r)
        n_visible = len(rids)
        first = list(special)
        if special:
            rids = [r for r in rids if page_of[r] not in special]

        # facets: one tally of facts combinations over the match set
        tally = Counter(map(combo_of.__getitem__, rids))
        grouped = {}
        for c, n in tally.items():
            key = combos[c][:6]
            grouped[key] = grouped.get(key, 0) + n
        for _, row in special.values():
            key = (row[TYPE], row[YEAR], row[AUTH], row[VALIDITY], row[KIND], row[TOPIC])
            grouped[key] = grouped.get(key, 0) + 1
        count, facets = self.facets_from_combos([(*k, n) for k, n in grouped.items()], filters)

        all_rids = rids
        if filters:
            index = {name: i for i, name in enumerate(FACET_NAMES)}
            ok = [False] * len(combos)
            for c in tally:
                ok[c] = all(combos[c][index[name]] in vals for name, vals in filters.items())
            rids = list(compress(rids, map(ok.__getitem__, map(combo_of.__getitem__, rids))))
            special = {pid: sr for pid, sr in special.items()
                       if all(sr[1][FACET_COLUMN[name]] in vals for name, vals in filters.items())}

        # scores (same formula and order of operations as the SQL path)
        statics = facts.static_bonus(self._static_bonus)
        scores = self._scores(parsed, rids, facts, statics)
        if rids and n_visible <= BM25_MAX_MATCHES and fts_match:
            with self.connection.cursor() as cursor:
                cursor.execute(f"SELECT rowid, -bm25({fts}, 0.0, 1.0, 5.0) FROM {fts} WHERE {fts} MATCH %s", [fts_match])
                bm25 = dict(cursor.fetchall())
            # normalised by the best visible score, as the SQL path does
            top = max((bm25.get(r, 0.0) for r in all_rids), default=0.0) or 0.0
            if top > 0:
                scores = [sc + 0.5 * (bm25.get(r) or 0.0) / top for sc, r in zip(scores, rids)]

        # the requested page: only rows that can reach it are sorted
        date_of = facts.date_of
        start = (page - 1) * page_size
        need = start + page_size
        by_date = query.sort == "date"
        positions = range(len(rids))
        if need < len(rids) // 2:
            primary = list(map(date_of.__getitem__, rids)) if by_date else scores
            threshold = heapq.nlargest(need, primary)[-1]
            positions = list(compress(range(len(primary)), map(threshold.__le__, primary)))
        entries = [(scores[i], date_of[rids[i]], -page_of[rids[i]], rids[i]) for i in positions]
        entries += [(score, _ordinal_of(row[DATE]), -pid, None) for pid, (score, row) in special.items()]
        if by_date:
            entries.sort(key=lambda e: (e[1] != 0, e[1], e[0], e[2]), reverse=True)
        else:
            entries.sort(key=lambda e: (e[0], e[1] != 0, e[1], e[2]), reverse=True)
        window = []
        for score, ordinal, neg_pid, r in entries[start:need]:
            if r is None:
                window.append(special[-neg_pid])
                continue
            c = combos[combo_of[r]]
            date = datetime.date.fromordinal(ordinal) if ordinal else None
            window.append((score, (-neg_pid, score, c[0], c[1], c[2], c[3], c[4], c[5], date, title_of[r])))
        hits = self.make_hits(window, parsed)
        return ArchiveResult(
            count=count, hits=hits, facets=facets, mode=mode, notice=notice, doc_number_count=len(exact),
            match_ids=LazyMatchIds.of(loader=lambda: first + [page_of[r] for r in all_rids]),
        )

    def _scores(self, parsed, rids, facts, statics):
        """Title bonus + static bonus per row, the Python twin of the SQL expressions."""
        combo_of, title_of = facts.combo_of, facts.title_of
        titles = list(map(title_of.__getitem__, rids))
        st = list(map(statics.__getitem__, map(combo_of.__getitem__, rids)))
        terms = [sorted({"".join(p.tokens) for p in term.alternatives}) for term in parsed.terms]
        if not terms:
            return [0.0 + s for s in st]
        qlen = len(documents.compact(parsed.normalized))
        if len(terms) == 1 and len(terms[0]) == 1:
            key = terms[0][0]
            # the bonus only depends on the title's length: one table instead of min/max per row
            longest = max(map(len, titles), default=0)
            by_len = [1.0 + 2.0 * min(1.0, qlen * 1.0 / max(1, n)) for n in range(longest + 1)]
            return [(by_len[len(t)] if key in t else 0.0) + s for t, s in zip(titles, st)]
        bonus = self._title_bonus_fn(parsed)
        return [bonus(t) + s for t, s in zip(titles, st)]

    def run(self, query) -> ArchiveResult:
        page, page_size, parsed = self.prepare(query)
        if parsed.is_empty:
            return ArchiveResult(count=0, hits=[], facets={}, mode="empty")
        filters = self.clean_filters(query.filters)
        from . import facts as facts_module
        from .chinese_sqlite import fts_table

        facts = facts_module.get_facts(self.connection, fts_table()) if self.use_facts else None
        if facts is not None:
            result = self.run_fast(query, facts, page, page_size, parsed, filters)
            if result is not None:
                return result
        return self.run_sql(query, page, page_size, parsed, filters)

    def run_sql(self, query, page, page_size, parsed, filters) -> ArchiveResult:
        """Everything in SQL through a temporary match table (relaxed mode; databases without
        the facts version table)."""
        visibility = self.visibility(query)
        mode, notice = "strict", ""
        with self.connection.cursor() as cursor:
            self._reset(cursor)
            exact = self.doc_number_rows(parsed.doc_number_key, visibility) if parsed.doc_number_key else []
            found = self._load_strict(cursor, parsed, visibility) if parsed.terms else 0
            sibling_ids = []
            if exact:
                mode, notice = "doc_number", DOC_NUMBER_NOTICE
                exact_ids = {r[PID] for r in exact}
                siblings = [r for r in self.same_title_rows({r[TITLE_KEY] for r in exact}, visibility)
                            if r[PID] not in exact_ids]
                sibling_ids = [r[PID] for r in siblings]
                self._insert_rows(cursor, [(100.0 + self.tiebreak(r), r) for r in exact]
                                  + [(90.0 + self.tiebreak(r), r) for r in siblings])
            elif not found and parsed.relaxed():
                rows = self.text_rows(parsed, relaxed=True, visibility=visibility)
                mode = "relaxed"
                if rows:
                    notice = RELAXED_NOTICE
                    self._insert_rows(cursor, self.score(parsed, rows, relaxed=True))

            # The full match set is only wanted by consistency checks: fetched on first use.
            match_ids = None
            if mode != "relaxed":
                match_ids = LazyMatchIds(self, parsed, visibility, [r[PID] for r in exact] + sibling_ids)
            # One GROUP BY over the facet columns; counts per facet (each filtered by the
            # *other* facets, so values within a facet combine with OR) are summed in Python.
            cols = [SQL_COLUMN[name] for name in FACET_NAMES]
            cursor.execute(f"SELECT {', '.join(cols)}, count(*) FROM {self.TEMP} GROUP BY {', '.join(cols)}")
            combos = cursor.fetchall()
            count, facets = self.facets_from_combos(combos, filters)
            where, params = self._where(filters)
            if query.sort == "date":
                order = "published_date IS NULL, published_date DESC, final DESC, page_id"
            else:
                order = "final DESC, published_date IS NULL, published_date DESC, page_id"
            cursor.execute(
                f"SELECT page_id, final, type_key, year, issuing_authority, validity, doc_kind, topic, published_date, title_key "
                f"FROM {self.TEMP}{where} ORDER BY {order} LIMIT %s OFFSET %s",
                [*params, page_size, (page - 1) * page_size],
            )
            window = [(row[1], (row[0], row[1], *row[2:])) for row in cursor.fetchall()]
        hits = self.make_hits(window, parsed)
        return ArchiveResult(count=count, hits=hits, facets=facets, mode=mode, notice=notice, match_ids=match_ids,
                             doc_number_count=len(exact))


class PostgresArchiveSearch(ArchiveSearchBase):
    """PostgreSQL: the match set from the tsvector index; filters, facets and ranking in Python
    (the vendor-independent base implementation)."""

    def ids_param(self, ids):
        return "(SELECT unnest(%s::bigint[]))", [list(ids)]

    def text_rows(self, parsed, *, relaxed, visibility):
        from .chinese_postgres import _ts_phrase

        if relaxed:
            phrases = parsed.relaxed_phrases()
            if not phrases:
                return []
            tsq = " | ".join(_ts_phrase(p) for p in phrases)
        else:
            if not parsed.terms:
                return []
            tsq = " & ".join("(" + " | ".join(_ts_phrase(p.tokens) for p in t.alternatives) + ")" for t in parsed.terms)
        from modelsearch.conf import get_app_config

        entry = get_app_config().get_model("IndexEntry")._meta.db_table
        sql = (
            "WITH q AS (SELECT to_tsquery('simple', %s) AS tsq), "
            f"m AS MATERIALIZED (SELECT e.id AS rid, ts_rank_cd('{{0.1, 0.2, 0.4, 1.0}}', e.title || e.body, q.tsq) AS score "
            f"FROM {entry} e, q WHERE (e.title || e.body) @@ q.tsq"
            f"{' ORDER BY score DESC LIMIT ' + str(RELAXED_LIMIT) if relaxed else ''}) "
            f"SELECT {self.fact_columns('m.score')} FROM m JOIN search_searchdocument d ON d.entry_id = m.rid "
            "JOIN wagtailcore_page p ON p.id = d.page_id "
            f"WHERE p.live = %s AND {visibility[0]}"
        )
        return self.fetch(sql, [tsq, True, *visibility[1]])
