"""Elasticsearch 9 backend (elasticsearch-py 9.x) with the Chinese analysis contract.

Same mapping, analysis and query structure as the OpenSearch backend (search/engine/backend.py);
selected by ``SEARCH_BACKEND=elasticsearch``. CI runs OpenSearch (Elasticsearch's modules are not
on Maven Central), so this backend is checked for identical index settings/mappings/queries in
tests/search_engine/test_backends.py but not against a live Elasticsearch node.
"""
from elastic_transport import TransportError
from elasticsearch import ApiError
from modelsearch.backends.elasticsearch9 import (
    Elasticsearch9AutocompleteQueryCompiler,
    Elasticsearch9Index,
    Elasticsearch9Mapping,
    Elasticsearch9SearchBackend,
    Elasticsearch9SearchQueryCompiler,
    Elasticsearch9SearchResults,
)

from search.engine.backend import ChineseEngineMixin, ChineseMappingMixin, ChineseQueryCompilerMixin


class ChineseElasticsearchMapping(ChineseMappingMixin, Elasticsearch9Mapping):
    pass


class ChineseElasticsearchIndex(Elasticsearch9Index):
    def create_with(self, body):
        self.es.indices.create(index=self.name, **body)

    def exists(self):
        return bool(self.es.indices.exists(index=self.name))

    def is_alias(self):
        return bool(self.es.indices.exists_alias(name=self.name))


class ChineseElasticsearchQueryCompiler(ChineseQueryCompilerMixin, Elasticsearch9SearchQueryCompiler):
    mapping_class = ChineseElasticsearchMapping


class ChineseElasticsearchAutocompleteQueryCompiler(ChineseQueryCompilerMixin, Elasticsearch9AutocompleteQueryCompiler):
    mapping_class = ChineseElasticsearchMapping


class ChineseElasticsearchResults(Elasticsearch9SearchResults):
    pass


class ChineseElasticsearchBackend(ChineseEngineMixin, Elasticsearch9SearchBackend):
    mapping_class = ChineseElasticsearchMapping
    index_class = ChineseElasticsearchIndex
    query_compiler_class = ChineseElasticsearchQueryCompiler
    autocomplete_query_compiler_class = ChineseElasticsearchAutocompleteQueryCompiler
    results_class = ChineseElasticsearchResults
    engine_errors = (ApiError, TransportError, OSError)

    def __init__(self, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        if "http_auth" in options:  # search/backend_settings.py speaks opensearch-py; ES 8+ wants basic_auth
            options["basic_auth"] = tuple(options.pop("http_auth"))
        params["OPTIONS"] = options
        super().__init__(params)


SearchBackend = ChineseElasticsearchBackend
