"""Chinese-aware PostgreSQL backend (search.md §3): the same approach as the SQLite one.

Index values go through :func:`search.normalize.index_text` (one token per Han character)
with the ``simple`` text-search configuration, so ``to_tsvector`` keeps every character;
query terms compile to phrase tsqueries (``'政' <-> '府'``), AND of terms, OR of synonym
alternatives, built from sanitised tokens only (user input never becomes tsquery syntax).
"""
from __future__ import annotations

from django.contrib.postgres.search import SearchQuery
from django.db import connection as default_connection
from django.db.models.sql import InsertQuery

from modelsearch.backends.database.postgres import postgres as stock
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.utils import get_content_type_pk

from search.normalize import index_text, normalize, tokenize
from search.query import parse_user_query

from . import documents
from .querytree import simplify
from .synonyms import get_synonym_table


class ChinesePGObjectIndexer(stock.ObjectIndexer):
    def prepare_value(self, value):
        return index_text(super().prepare_value(value))

    @stock.cached_property
    def body(self):
        texts = []
        for field in self.search_fields:
            for current_field, boost, value in self.prepare_field(self.obj, field):
                if isinstance(current_field, stock.SearchField) and current_field.field_name != "title":
                    texts.append((value, boost))
        extra = documents.extra_body_text(self.obj)
        if extra:
            texts.append((index_text(extra), "D"))
        return self.as_vector(texts)


class ChinesePostgresIndex(documents.SearchDocumentIndexMixin, stock.PostgresIndex):
    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        indexers = [ChinesePGObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return
        IndexEntry = stock.IndexEntry
        content_type_pk = get_content_type_pk(model)
        compiler = InsertQuery(IndexEntry).get_compiler(connection=self.write_connection)
        rows, params = [], []
        for ix in indexers:
            params.extend((content_type_pk, ix.id))
            sqls = []
            for name, vector in (("title", ix.title), ("autocomplete", ix.autocomplete), ("body", ix.body)):
                value = compiler.prepare_value(IndexEntry._meta.get_field(name), vector)
                sql, p = value.as_sql(compiler, self.write_connection)
                sqls.append(sql)
                params.extend(p)
            params.extend((ix.title_text, ix.body_text))
            rows.append(f"(%s, %s, {sqls[0]}, {sqls[1]}, {sqls[2]}, 1.0, %s, %s)")
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {IndexEntry._meta.db_table} (content_type_id, object_id, title, autocomplete, body, "
                f"title_norm, title_text, body_text) (VALUES {', '.join(rows)}) "
                "ON CONFLICT (content_type_id, object_id) DO UPDATE SET title = EXCLUDED.title, title_norm = 1.0, "
                "autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body, title_text = EXCLUDED.title_text, "
                "body_text = EXCLUDED.body_text",
                params,
            )
        self._refresh_title_norms()
        if documents.is_government_model(model):
            entry_ids = dict(
                self.entries.filter(content_type_id=content_type_pk, object_id__in=[ix.id for ix in indexers])
                .values_list("object_id", "id")
            )
            documents.store_documents(objs, entry_ids)


def _ts_phrase(tokens, prefix=False):
    quoted = ["'" + t.replace("'", "''").replace("\\", "\\\\") + "'" for t in tokens]
    if prefix and quoted:
        quoted[-1] += ":*"
    return "(" + " <-> ".join(quoted) + ")"


def plain_text_tsquery(query_string, operator="and", prefix_last=False):
    parsed = parse_user_query(query_string, synonyms=get_synonym_table())
    if not parsed.terms:
        return None
    parts = []
    for i, term in enumerate(parsed.terms):
        prefix = prefix_last and i == len(parsed.terms) - 1
        parts.append("(" + " | ".join(_ts_phrase(p.tokens, prefix) for p in term.alternatives) + ")")
    return (" | " if str(operator).lower() == "or" else " & ").join(parts)


class ChinesePostgresSearchQueryCompiler(stock.PostgresSearchQueryCompiler):
    def _tsquery(self, query):
        if isinstance(query, (PlainText, Fuzzy)):
            return plain_text_tsquery(query.query_string, query.operator, self.LAST_TERM_IS_PREFIX)
        if isinstance(query, Phrase):
            tokens = tokenize(normalize(query.query_string))
            return _ts_phrase(tokens) if tokens else None
        if isinstance(query, Boost):
            return self._tsquery(query.subquery)
        if isinstance(query, Not):
            inner = self._tsquery(query.subquery)
            return f"!({inner})" if inner else None
        if isinstance(query, And):
            parts = [self._tsquery(q) for q in query.subqueries]
            if any(p is None for p in parts):
                return None
            return " & ".join(f"({p})" for p in parts)
        if isinstance(query, Or):
            parts = [p for p in (self._tsquery(q) for q in query.subqueries) if p]
            return " | ".join(f"({p})" for p in parts) if parts else None
        raise NotImplementedError(f"`{query.__class__.__name__}` is not supported by the PostgreSQL search backend.")

    def get_fields_vectors(self, search_query):
        """``fields=[…]``: the index keeps one title and one body vector (spaced, normalised
        text), so ``title`` maps to the title vector and other fields to the body vector (the
        stock backend vectorises the raw column, where a Han run is one token)."""
        from django.db.models import F

        if self.LAST_TERM_IS_PREFIX:
            return [(F("index_entries__autocomplete"), 1.0)]
        wanted = {"title" if name == "title" else "body" for name in self.search_fields}
        vectors = []
        if "title" in wanted:
            vectors.append((F("index_entries__title"), F("index_entries__title_norm")))
        if "body" in wanted:
            vectors.append((F("index_entries__body"), 1.0))
        return vectors

    def build_tsquery_content(self, query, config=None, invert=False):
        raw = self._tsquery(Not(query) if invert else query)
        # A query with nothing searchable left matches nothing (a tsquery no vector contains).
        return SearchQuery(raw or "'\u0000gk-nothing'", search_type="raw", config=config or "simple")

    def search(self, config, start, stop, score_field=None, backend=None):
        query = simplify(self.query)
        if isinstance(query, MatchAll):
            return self.queryset[start:stop]
        if isinstance(query, Not) and isinstance(query.subquery, MatchAll):
            return self.queryset.none()
        if self._tsquery(query) is None:
            return self.queryset.none()
        self.query = query
        return super().search(config, start, stop, score_field=score_field, backend=backend)


class ChinesePostgresAutocompleteQueryCompiler(ChinesePostgresSearchQueryCompiler, stock.PostgresAutocompleteQueryCompiler):
    LAST_TERM_IS_PREFIX = True


class ChinesePostgresSearchBackend(stock.PostgresSearchBackend):
    query_compiler_class = ChinesePostgresSearchQueryCompiler
    autocomplete_query_compiler_class = ChinesePostgresAutocompleteQueryCompiler
    index_class = ChinesePostgresIndex

    def __init__(self, params):
        super().__init__(params)
        self.config = params.get("SEARCH_CONFIG") or "simple"

    def archive_search(self, query):
        from .archive import PostgresArchiveSearch

        return PostgresArchiveSearch(self).run(query)


__all__ = ["ChinesePostgresSearchBackend", "default_connection"]
