r"""Chinese-aware engine backend pieces shared by the OpenSearch and Elasticsearch backends.

Analysis contract (search.md §3, §5), identical to the embedded backend:

* text is normalised **in Python** (:func:`search.normalize.index_text`: NFKC, lower-case, t2s,
  targeted numerals, every Han character a separate token) before it is sent to the engine;
* search fields are split into tokens exactly like SQLite FTS5's ``unicode61`` tokenizer and
  :func:`search.normalize.tokenize` do: every maximal run of letters/digits (``[\p{L}\p{N}\p{Co}]``)
  is one token, everything else separates, then ``lowercase``. On the spaced index text that is
  one token per Han character and whole ASCII words/numbers, as the ``standard`` tokenizer would
  give, but also the same tokens for ``5.2``, ``covid_19`` or ``a.b`` (``standard`` keeps those
  whole, FTS5 splits them), so the match set is the embedded backend's. No engine-side synonyms,
  stemming or conversion;
* a query is a ``bool`` **must** over the user's terms, each term a ``bool`` **should** of
  ``match_phrase`` alternatives (synonyms, 文号 spellings) from :func:`search.query.parse_user_query`;
* a ``cjk`` bigram sub-field (``title.cjk``, ``_all_text.cjk``) is used only in optional
  ``should`` clauses, so it changes ranking, never the match set.

Index updates never raise into the editor's request: a failed write is recorded in
:class:`search.engine.models.PendingIndexUpdate` and replayed on the next successful write or by
``manage.py search_replay``.
"""
from __future__ import annotations

import copy
import logging

from django.apps import apps
from django.utils.crypto import get_random_string
from modelsearch.index import AutocompleteField, FilterField, RelatedFields, SearchField
from modelsearch.query import Phrase as PhraseQuery
from modelsearch.utils import deep_update

from search.normalize import index_text, normalize, spaced_for_index
from search.query import parse_user_query

from .documents import ARCHIVE_PROPERTIES, archive_fields

logger = logging.getLogger(__name__)

CJK_ANALYZER = "gk_cjk_bigram"

CHINESE_INDEX_SETTINGS = {
    "settings": {
        "index": {"number_of_shards": 1},
        "analysis": {
            "char_filter": {
                # The indexed text is spaced (one Han character per token); the bigram filter only
                # pairs adjacent characters, so the ranking sub-field joins them again.
                "gk_join_han": {
                    "type": "pattern_replace",
                    "pattern": "(?<=\\p{IsHan}) (?=\\p{IsHan})",
                    "replacement": "",
                },
            },
            "tokenizer": {
                "gk_unicode61": {"type": "pattern", "pattern": "[^\\p{L}\\p{N}\\p{Co}]+"},
            },
            "analyzer": {
                # Every text field without an explicit analyzer: one token per Han character.
                "default": {"type": "custom", "tokenizer": "gk_unicode61", "filter": ["lowercase"]},
                CJK_ANALYZER: {
                    "type": "custom",
                    "char_filter": ["gk_join_han"],
                    "tokenizer": "standard",
                    "filter": ["cjk_width", "lowercase", "cjk_bigram"],
                },
            },
        },
    }
}

RANKING_SUBFIELDS = ("title", "_all_text", "gk_title", "gk_body")


def _index_value(value):
    if value is None:
        return None
    if isinstance(value, str):
        return index_text(value)
    if isinstance(value, (list, tuple)):
        return [_index_value(v) for v in value]
    if isinstance(value, (int, float, bool)):
        return value
    return index_text(str(value))


class ChineseMappingMixin:
    """Normalise searchable text in Python; add the ranking sub-field and the ``gk_*`` fields."""

    def get_mapping(self):
        mapping = super().get_mapping()
        props = mapping["properties"]
        props.update(copy.deepcopy(ARCHIVE_PROPERTIES))
        for name in RANKING_SUBFIELDS:
            if props.get(name, {}).get("type") == "text":
                props[name]["fields"] = {"cjk": {"type": "text", "analyzer": CJK_ANALYZER}}
        return mapping

    def _normalise_fields(self, doc, fields, model):
        mapping = type(self)(model)
        for field in fields:
            name = mapping.get_field_column_name(field)
            if name not in doc:
                continue
            if isinstance(field, RelatedFields):
                nested_model = field.get_field(model).related_model
                value = doc[name]
                items = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
                for item in items:
                    self._normalise_fields(item, field.fields, nested_model)
            elif isinstance(field, (SearchField, AutocompleteField)) and not isinstance(field, FilterField):
                doc[name] = _index_value(doc[name])

    def get_document(self, obj):
        doc = super().get_document(obj)
        self._normalise_fields(doc, self.model.get_search_fields(), self.model)
        doc["_edgengrams"] = [_index_value(v) for v in doc.get("_edgengrams", []) if v is not None]
        doc.update(archive_fields(obj))
        return doc


class EngineMarkedDown(OSError):
    """The engine failed moments ago (circuit breaker open): skip it for now."""


def _deep_merge(target, source):
    for key, value in source.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _deep_merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)
    return target


def _match_none():
    return {"bool": {"must_not": {"match_all": {}}}}


class ChineseQueryCompilerMixin:
    """Wagtail-level ``.search()`` / ``.autocomplete()`` (admin, choosers) with the phrase contract."""

    DEFAULT_OPERATOR = "and"

    def _compile_plaintext_query(self, query, fields, boost=1.0):
        from .archive import synonyms

        parsed = parse_user_query(query.query_string, synonyms=synonyms())
        if parsed.is_empty:
            return _match_none()
        clauses = []
        for term in parsed.terms:
            should = []
            for phrase in term.alternatives:
                for field in fields:
                    weight = boost * field.boost
                    body = {"query": phrase.spaced}
                    if weight != 1.0:
                        body["boost"] = weight
                    should.append({"match_phrase": {field.field_name: body}})
            clauses.append({"bool": {"should": should, "minimum_should_match": 1}})
        if query.operator == "or":
            return {"bool": {"should": clauses, "minimum_should_match": 1}}
        ranking = [{"match": {"title.cjk": {"query": parsed.normalized, "boost": 2.0 * boost}}}]
        return {"bool": {"must": clauses, "should": ranking}}

    def _compile_phrase_query(self, query, fields):
        text = spaced_for_index(normalize(query.query_string))
        if not text.strip():
            return _match_none()
        if len(fields) == 1:
            body = {"query": text}
            if fields[0].boost != 1.0:
                body["boost"] = fields[0].boost
            return {"match_phrase": {fields[0].field_name: body}}
        return {"multi_match": {"query": text, "fields": [f.field_name_with_boost for f in fields], "type": "phrase"}}

    def _compile_fuzzy_query(self, query, fields):
        # Fuzzy matching of single Han characters would match almost anything: treat as plain text.
        from modelsearch.query import PlainText

        return self._compile_plaintext_query(PlainText(query.query_string, operator="and"), fields)


class ChineseEngineMixin:
    """Backend behaviour: Chinese index settings, failure capture, alias-managed indexes, archive search."""

    #: exceptions meaning "the engine did not take the write" (set by each concrete backend)
    engine_errors: tuple = (Exception,)

    def __init__(self, params):
        params = dict(params)
        super().__init__(params)
        self.settings = deep_update(self.settings, CHINESE_INDEX_SETTINGS)
        self.backend_options = params

    # -- index lifecycle --------------------------------------------------------------------

    _ensured: set = set()

    def new_concrete_index(self, alias_name):
        return self.index_class(self, f"{alias_name}_{get_random_string(7).lower()}")

    def models_for_alias(self, alias_name):
        from modelsearch.index import get_indexed_models

        return [m for m in get_indexed_models() if self.get_index_for_model(m).name == alias_name]

    def merged_mapping(self, alias_name):
        """One mapping for every model stored in the index (created in one call: fast)."""
        props = {}
        for model in self.models_for_alias(alias_name):
            _deep_merge(props, self.mapping_class(model).get_mapping()["properties"])
        return {"properties": props}

    def create_index_with_models(self, index, alias_name, *, with_alias=False):
        """Create ``index`` with the Chinese settings and all mappings (and the alias) at once."""
        body = copy.deepcopy(self.settings)
        body["mappings"] = self.merged_mapping(alias_name)
        if with_alias:
            body["aliases"] = {alias_name: {}}
        index.create_with(body)

    def ensure_index(self, index):
        """Create ``index`` as an alias to a fresh concrete index with the Chinese mapping if missing.

        Without this, the first write to a missing index would let the engine create it with
        dynamic mappings (the wrong analysis).
        """
        if index.name in ChineseEngineMixin._ensured:
            return
        if not index.exists():
            concrete = self.new_concrete_index(index.name)
            try:
                self.create_index_with_models(concrete, index.name, with_alias=True)
            except self.engine_errors:
                if not index.exists():  # not a concurrent creation by another process
                    raise
        ChineseEngineMixin._ensured.add(index.name)

    @classmethod
    def forget_ensured(cls):
        ChineseEngineMixin._ensured.clear()

    # -- circuit breaker: after a failure, do not make every editor wait for the timeout ------

    #: seconds during which writes go straight to the queue (and reads to the fallback) after a failure
    BREAKER_SECONDS = 15.0
    _down_until: dict = {}

    def _engine_key(self):
        return repr(getattr(self, "hosts", None))

    def engine_marked_down(self):
        import time

        return ChineseEngineMixin._down_until.get(self._engine_key(), 0.0) > time.monotonic()

    def mark_engine_down(self):
        import time

        ChineseEngineMixin._down_until[self._engine_key()] = time.monotonic() + self.BREAKER_SECONDS

    def mark_engine_up(self):
        ChineseEngineMixin._down_until.pop(self._engine_key(), None)

    # -- writes: never raise, record failures ----------------------------------------------

    def _queue(self):
        if not apps.is_installed("search.engine"):
            return None
        from . import queue

        return queue

    def _write(self, action, model, objs, func):
        queue = self._queue()
        if queue is not None and self.engine_marked_down():
            queue.record(model, [o.pk for o in objs], action, RuntimeError("搜索引擎刚才不可用，本次更新直接排队"))
            return False
        try:
            self.ensure_index(self.get_index_for_model(model))
            func()
        except Exception as exc:  # engine down, timeout, rejected bulk item …
            if queue is None:
                raise
            if isinstance(exc, self.engine_errors):
                self.mark_engine_down()
            logger.warning("搜索引擎写入失败，已记录待重放：%s %s (%s)", action, model._meta.label, exc)
            queue.record(model, [o.pk for o in objs], action, exc)
            return False
        self.mark_engine_up()
        if queue is not None:
            queue.after_successful_write(self, model, [o.pk for o in objs], action)
        return True

    def add(self, obj):
        return self._write("index", type(obj), [obj], lambda: super(ChineseEngineMixin, self).add(obj))

    def add_bulk(self, model, obj_list):
        obj_list = list(obj_list)
        if not obj_list:
            return True
        return self._write("index", model, obj_list, lambda: super(ChineseEngineMixin, self).add_bulk(model, obj_list))

    def delete(self, obj):
        return self._write("delete", type(obj), [obj], lambda: self.raw_delete(type(obj), obj.pk))

    # raw operations used by replay (raise on failure)
    def raw_add_bulk(self, model, obj_list):
        self.ensure_index(self.get_index_for_model(model))
        super().add_bulk(model, obj_list)
        self.mark_engine_up()

    def raw_delete(self, model, pk):
        index = self.get_index_for_model(model)
        try:
            self.es.delete(index=index.name, id=str(pk))
        except self.NotFoundError:
            pass

    # -- archive search ------------------------------------------------------------------------

    def archive_search(self, query):
        from .archive import archive_search_with_fallback

        return archive_search_with_fallback(self, query)

    def ping(self):
        try:
            return bool(self.es.ping())
        except Exception:
            return False


__all__ = [
    "CHINESE_INDEX_SETTINGS",
    "ChineseEngineMixin",
    "ChineseMappingMixin",
    "ChineseQueryCompilerMixin",
    "PhraseQuery",
]
