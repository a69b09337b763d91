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

from django.db.models import F, FloatField, OuterRef, Subquery
from django.db.models.expressions import Expression, Func

from modelsearch.backends.database.sqlite import sqlite as stock
from modelsearch.backends.database.sqlite.query import AndNot, MatchExpression, normalize as normalize_query
from modelsearch.query import And, MatchAll, Not, Or, Phrase, PlainText
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
            documents.store_documents(objs)

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


class ChineseSQLiteSearchQueryCompiler(stock.SQLiteSearchQueryCompiler):
    BM25_WEIGHTS = (0.0, BODY_WEIGHT, TITLE_WEIGHT)

    def _match_string(self, query) -> str | None:
        """FTS5 MATCH text for a modelsearch query object; None means 'matches nothing'."""
        if isinstance(query, PlainText):
            return plain_text_match(query.query_string, query.operator, self.LAST_TERM_IS_PREFIX)
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

    def build_search_query_content(self, query, config=None):
        match = self._match_string(query)
        return FTSMatch(match) if match else None

    def _build_rank_expression(self, vectors, config):
        return WeightedBM25(self.BM25_WEIGHTS)

    def search(self, config, start, stop, score_field=None):
        normalized_query = normalize_query(self.query)
        if isinstance(normalized_query, MatchAll):
            return self.queryset[start:stop]
        if isinstance(normalized_query, Not) and isinstance(normalized_query.subquery, MatchAll):
            return self.queryset.none()
        negated = isinstance(normalized_query, Not)
        if negated:
            normalized_query = normalized_query.subquery
        if isinstance(normalized_query, AndNot) and isinstance(normalized_query.subquery_a, MatchAll):
            # "everything except X": match X and exclude it
            negated = not negated
            normalized_query = normalized_query.subquery_b
        search_query = self.build_search_query(normalized_query, config=config)
        if search_query is None:
            # Nothing searchable (only punctuation, emoji, operators): no matches, never an error.
            return self.queryset.exclude(pk__in=[]) if negated else self.queryset.none()

        match_expression = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, search_query)
        rank_expression = self._build_rank_expression(None, config)
        index_query = (
            stock.SQLiteFTSIndexEntry.objects.filter(match_expression)
            .select_related("index_entry")
            .filter(index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model))
            .annotate(score=rank_expression)
        )
        obj_ids = index_query.values_list("index_entry__object_id", flat=True)
        queryset = self.queryset.exclude(pk__in=obj_ids) if negated else self.queryset.filter(pk__in=obj_ids)

        if self.order_by_relevance and score_field is None and not negated:
            score_field = "_score"
        if score_field is not None and not negated:
            score_subquery = index_query.filter(index_entry__object_id=OuterRef("pk")).values("score")[:1]
            queryset = queryset.annotate(**{score_field: Subquery(score_subquery, output_field=FloatField())})
            if self.order_by_relevance:
                queryset = queryset.order_by(score_field, "-pk")
        if not self.order_by_relevance and not queryset.query.order_by:
            queryset = queryset.order_by("-pk")
        return queryset[start:stop]


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

    def archive_search(self, query):
        from .archive import SQLiteArchiveSearch

        return SQLiteArchiveSearch(self).run(query)
