"""Chinese-aware SQLite FTS5 backend (search.md §3): a small subclass of modelsearch's.

* Index time: every indexed value goes through :func:`search.normalize.index_text`, so the
  stock ``unicode61`` tokenizer sees one token per Han character (ASCII words whole).
  Government pages also get their attachment text in ``body`` and a
  :class:`search.models.SearchDocument` row (facets, 文号 key) for the archive search.
* Query time: plain-text queries go through :func:`search.query.parse_user_query`; each term
  becomes an FTS5 phrase (AND of terms, OR of synonym alternatives).  Every phrase is a
  double-quoted token string, so FTS5 syntax typed by users is never interpreted; a query
  with nothing searchable left matches nothing instead of failing.
* Ranking: ``bm25()`` with column weights (title 5, body 1); the stock backend passes none.
"""
from __future__ import annotations

from functools import cached_property

from django.db.models import F, FloatField
from django.db.models.expressions import Expression, Func

from modelsearch.backends.database.sqlite import sqlite as stock
from modelsearch.backends.database.sqlite.query import AndNot, normalize as normalize_query
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from search.normalize import index_text, normalize, tokenize
from search.query import parse_user_query

from . import documents
from .synonyms import get_synonym_table



def fts_table() -> str:
    """The FTS5 table's name (``wagtailsearch_indexentry_fts`` under Wagtail)."""
    return stock.SQLiteFTSIndexEntry._meta.db_table


def entry_table() -> str:
    return stock.IndexEntry._meta.db_table

# Column order of the FTS5 table created by modelsearch's migration: (autocomplete, body, title).
TITLE_WEIGHT = 5.0
BODY_WEIGHT = 1.0


# ---------------------------------------------------------------------------
# Index side
# ---------------------------------------------------------------------------


class ChineseObjectIndexer(stock.ObjectIndexer):
    @cached_property
    def title(self):
        return index_text(stock.ObjectIndexer.title.func(self))

    @cached_property
    def body(self):
        raw = stock.ObjectIndexer.body.func(self)
        if documents.is_government_model(type(self.obj)):
            from search.attachments import attachment_text_for_page

            try:
                extra = attachment_text_for_page(self.obj)
            except Exception:
                extra = ""
            if extra:
                raw = f"{raw} {extra}"
        return index_text(raw)

    @cached_property
    def autocomplete(self):
        return index_text(stock.ObjectIndexer.autocomplete.func(self))


class ChineseSQLiteIndex(stock.SQLiteIndex):
    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        indexers = [ChineseObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        data = {ix.id: (ix.title, ix.autocomplete, ix.body) for ix in indexers}
        for_ct = self.entries.filter(content_type_id=content_type_pk)
        existing = frozenset(for_ct.filter(object_id__in=data.keys()).values_list("object_id", flat=True))
        for object_id in existing:
            title, autocomplete, body = data[object_id]
            for_ct.filter(object_id=object_id).update(title=title, autocomplete=autocomplete, body=body)
        self.entries.bulk_create(
            [
                stock.IndexEntry(content_type_id=content_type_pk, object_id=oid, title=t, autocomplete=a, body=b)
                for oid, (t, a, b) in data.items()
                if oid not in existing
            ]
        )
        self._refresh_title_norms()
        if documents.is_government_model(model):
            entry_ids = dict(for_ct.filter(object_id__in=list(data)).values_list("object_id", "id"))
            documents.store_documents(objs, entry_ids)

    def delete_item(self, item):
        super().delete_item(item)
        if documents.is_government_model(type(item)):
            documents.delete_documents([item.pk])

    def reset(self):
        super().reset()
        from search.models import SearchDocument

        SearchDocument.objects.all()._raw_delete(using=self.write_connection.alias)


# ---------------------------------------------------------------------------
# Query side
# ---------------------------------------------------------------------------


class FTSMatch(Expression):
    """A ready FTS5 MATCH expression (built only from quoted phrases)."""

    def __init__(self, match: str):
        super().__init__(output_field=stock.TextField())
        self.match = match

    def as_sql(self, compiler, connection):
        return "%s", [self.match]

    def __repr__(self):
        return f"<FTSMatch {self.match!r}>"


class WeightedBM25(Func):
    output_field = FloatField()

    def __init__(self, weights):
        super().__init__()
        self.weights = weights

    def as_sql(self, compiler, connection, **extra):
        args = ", ".join(f"{float(w):.3f}" for w in self.weights)
        return f"bm25({fts_table()}, {args})", []


def _quote(tokens, prefix=False):
    body = " ".join(tokens).replace('"', '""')
    return f'"{body}"' + (" *" if prefix else "")


def phrase_match(text: str, prefix: bool = False) -> str | None:
    tokens = tokenize(normalize(text))
    return _quote(tokens, prefix) if tokens else None


def plain_text_match(query_string: str, operator: str = "and", prefix_last: bool = False) -> str | None:
    parsed = parse_user_query(query_string, synonyms=get_synonym_table())
    if not parsed.terms:
        return None
    parts = []
    for i, term in enumerate(parsed.terms):
        prefix = prefix_last and i == len(parsed.terms) - 1
        alts = [_quote(p.tokens, prefix) for p in term.alternatives]
        parts.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
    joiner = " OR " if str(operator).lower() == "or" else " AND "
    return joiner.join(parts)


_NONE = Not(MatchAll())


def _is_none(q):
    return isinstance(q, Not) and isinstance(q.subquery, MatchAll)


def simplify(query):
    """Fold MatchAll / MatchNone (``Not(MatchAll())``) out of a query tree."""
    if isinstance(query, Boost):
        return simplify(query.subquery)
    if isinstance(query, Not):
        inner = simplify(query.subquery)
        if isinstance(inner, MatchAll):
            return _NONE
        if _is_none(inner):
            return MatchAll()
        if isinstance(inner, Not):
            return inner.subquery
        return Not(inner)
    if isinstance(query, And):
        parts = [simplify(q) for q in query.subqueries]
        if any(_is_none(q) for q in parts):
            return _NONE
        parts = [q for q in parts if not isinstance(q, MatchAll)]
        if not parts:
            return MatchAll()
        return parts[0] if len(parts) == 1 else And(parts)
    if isinstance(query, Or):
        parts = [simplify(q) for q in query.subqueries]
        if any(isinstance(q, MatchAll) for q in parts):
            return MatchAll()
        parts = [q for q in parts if not _is_none(q)]
        if not parts:
            return _NONE
        return parts[0] if len(parts) == 1 else Or(parts)
    return query


class ChineseSQLiteSearchQueryCompiler(stock.SQLiteSearchQueryCompiler):
    BM25_WEIGHTS = (0.0, BODY_WEIGHT, TITLE_WEIGHT)

    def _match_string(self, query) -> str | None:
        """FTS5 MATCH text for a modelsearch query object; None means 'matches nothing'."""
        if isinstance(query, (PlainText, Fuzzy)):
            return plain_text_match(query.query_string, query.operator, self.LAST_TERM_IS_PREFIX)
        if isinstance(query, Boost):
            return self._match_string(query.subquery)
        if isinstance(query, Phrase):
            return phrase_match(query.query_string)
        if isinstance(query, AndNot):
            a = self._match_string(query.subquery_a) if not isinstance(query.subquery_a, MatchAll) else None
            b = self._match_string(query.subquery_b)
            if a is None:
                return None
            return f"({a}) NOT ({b})" if b else a
        if isinstance(query, And):
            parts = [self._match_string(q) for q in query.subqueries]
            if not parts or any(p is None for p in parts):
                return None
            return " AND ".join(f"({p})" for p in parts)
        if isinstance(query, Or):
            parts = [p for p in (self._match_string(q) for q in query.subqueries) if p]
            return " OR ".join(f"({p})" for p in parts) if parts else None
        raise NotImplementedError(f"`{query.__class__.__name__}` is not supported by the SQLite search backend.")

    def fts_columns(self):
        """FTS5 columns for ``fields=[…]``: the index has one title, body and autocomplete
        column, so ``title`` maps to title and other search fields to body (the stock backend
        passes the field names through and fails)."""
        if not self.fields:
            return self.FTS_TABLE_FIELDS
        if self.FTS_TABLE_FIELDS == ["autocomplete"]:
            return ["autocomplete"]
        columns = {"title" if f == "title" else "body" for f in self.fields}
        return [c for c in ("title", "body") if c in columns]

    def build_search_query_content(self, query, config=None):
        match = self._match_string(query)
        return FTSMatch(match) if match else None

    def _build_rank_expression(self, vectors, config):
        return WeightedBM25(self.BM25_WEIGHTS)

    def _prepare(self, config):
        """``(kind, match, negated)``: kind is "all", "none" or "match"."""
        normalized_query = normalize_query(simplify(self.query))
        if isinstance(normalized_query, MatchAll):
            return "all", None, False
        if isinstance(normalized_query, Not) and isinstance(normalized_query.subquery, MatchAll):
            return "none", None, False
        negated = isinstance(normalized_query, Not)
        if negated:
            normalized_query = normalized_query.subquery
        if isinstance(normalized_query, AndNot) and isinstance(normalized_query.subquery_a, MatchAll):
            # "everything except X": match X and exclude it
            negated = not negated
            normalized_query = normalized_query.subquery_b
        match = self._match_string(normalized_query)
        if match is None:
            # Nothing searchable (only punctuation, emoji, operators): matches nothing, never an error.
            return ("all" if negated else "none"), None, False
        columns = " ".join(self.fts_columns())
        return "match", f"{{{columns}}} : ({match})", negated

    def _match_sql(self, match, with_score):
        """SQL selecting ``object_id`` (and the bm25 score) of the matching entries.

        The FTS query is a materialised CTE so it runs once and drives the join; the ``+``
        keeps SQLite from scanning entries by content type and re-running MATCH per row.
        """
        fts = fts_table()
        cts = list(get_descendants_content_types_pks(self.queryset.model))
        weights = ", ".join(f"{float(w):.3f}" for w in self.BM25_WEIGHTS)
        ct_sql = ", ".join(["%s"] * len(cts)) or "NULL"
        sql = (
            f"WITH m(rid, score) AS MATERIALIZED (SELECT rowid, bm25({fts}, {weights}) FROM {fts} WHERE {fts} MATCH %s) "
            f"SELECT e.object_id{', m.score' if with_score else ''} FROM m JOIN {entry_table()} e ON e.id = m.rid "
            f"WHERE +e.content_type_id IN ({ct_sql})"
        )
        return sql, [match, *cts]

    def matched_queryset(self, config):
        """``(queryset, match, negated)``: the queryset restricted to the matches, unordered."""
        from django.db.models.expressions import RawSQL

        kind, match, negated = self._prepare(config)
        if kind == "all":
            return self.queryset, None, False
        if kind == "none":
            return self.queryset.none(), None, False
        sql, params = self._match_sql(match, with_score=False)
        ids = RawSQL(sql, params)
        queryset = self.queryset.exclude(pk__in=ids) if negated else self.queryset.filter(pk__in=ids)
        return queryset, match, negated

    def scores(self, match):
        """``{object_id: bm25}`` for every match (bm25 is negative: lower is better)."""
        sql, params = self._match_sql(match, with_score=True)
        with connection_for(self.queryset).cursor() as cursor:
            cursor.execute(sql, params)
            return {str(oid): score for oid, score in cursor.fetchall()}

    def search(self, config, start, stop, score_field=None):
        """The matching queryset (used for facets); ordering by relevance happens in
        :meth:`fetch`, which avoids a correlated bm25 subquery per row."""
        queryset, _, _ = self.matched_queryset(config)
        if not self.order_by_relevance and not queryset.query.order_by:
            queryset = queryset.order_by("-pk")
        return queryset[start:stop]

    def fetch(self, config, start, stop, score_field=None):
        queryset, match, negated = self.matched_queryset(config)
        scores = self.scores(match) if match is not None and not negated else {}
        if self.order_by_relevance and match is not None and not negated:
            pks = list(queryset.values_list("pk", flat=True))
            pks.sort(key=lambda pk: (scores.get(str(pk), 0.0), _neg_pk(pk)))
            window = pks[start:stop]
            objects = {o.pk: o for o in queryset.filter(pk__in=window)}
            results = [objects[pk] for pk in window if pk in objects]
        else:
            if not queryset.query.order_by:
                queryset = queryset.order_by("-pk")
            results = list(queryset[start:stop])
        if score_field is not None:
            for obj in results:
                setattr(obj, score_field, scores.get(str(obj.pk)) if scores else None)
        return results


def _neg_pk(pk):
    try:
        return -int(pk)
    except (TypeError, ValueError):
        return str(pk)


def connection_for(queryset):
    from django.db import connections

    return connections[queryset.db]


class ChineseSQLiteSearchResults(stock.SQLiteSearchResults):
    def _do_search(self):
        return self.query_compiler.fetch(
            self.query_compiler.get_config(self.backend), self.start, self.stop, score_field=self._score_field
        )

    def _do_count(self):
        queryset, _, _ = self.query_compiler.matched_queryset(self.query_compiler.get_config(self.backend))
        count = queryset.count()
        count -= self.start
        if self.stop is not None:
            count = min(count, self.stop - self.start)
        return max(count, 0)


class ChineseSQLiteAutocompleteQueryCompiler(ChineseSQLiteSearchQueryCompiler):
    LAST_TERM_IS_PREFIX = True
    TARGET_SEARCH_FIELD_TYPE = stock.AutocompleteField
    FTS_TABLE_FIELDS = ["autocomplete"]
    BM25_WEIGHTS = (1.0, 0.0, 0.0)

    def get_config(self, backend):
        return backend.autocomplete_config

    def get_search_fields_for_model(self):
        return self.queryset.model.get_autocomplete_search_fields()

    def get_index_vectors(self):
        return [(F("index_entry__autocomplete"), 1.0)]


class ChineseSQLiteSearchBackend(stock.SQLiteSearchBackend):
    query_compiler_class = ChineseSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = ChineseSQLiteAutocompleteQueryCompiler
    index_class = ChineseSQLiteIndex
    results_class = ChineseSQLiteSearchResults

    def archive_search(self, query):
        from .archive import SQLiteArchiveSearch

        return SQLiteArchiveSearch(self).run(query)
