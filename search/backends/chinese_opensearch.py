"""OpenSearch backend (opensearch-py 3.x) with the Chinese analysis contract; see search/engine/backend.py.

Selected by ``SEARCH_BACKEND=opensearch`` (search/backend_settings.py).
"""
from modelsearch.backends.opensearch3 import (
    OpenSearch3AutocompleteQueryCompiler,
    OpenSearch3Index,
    OpenSearch3Mapping,
    OpenSearch3SearchBackend,
    OpenSearch3SearchQueryCompiler,
    OpenSearch3SearchResults,
)
from opensearchpy.exceptions import OpenSearchException

from search.engine.backend import ChineseEngineMixin, ChineseMappingMixin, ChineseQueryCompilerMixin


class ChineseOpenSearchMapping(ChineseMappingMixin, OpenSearch3Mapping):
    pass


class ChineseOpenSearchIndex(OpenSearch3Index):
    def create_with(self, body):
        self.es.indices.create(index=self.name, body=body)

    def exists(self):
        return bool(self.es.indices.exists(index=self.name))

    def is_alias(self):
        return bool(self.es.indices.exists_alias(name=self.name))


class ChineseOpenSearchQueryCompiler(ChineseQueryCompilerMixin, OpenSearch3SearchQueryCompiler):
    mapping_class = ChineseOpenSearchMapping


class ChineseOpenSearchAutocompleteQueryCompiler(ChineseQueryCompilerMixin, OpenSearch3AutocompleteQueryCompiler):
    mapping_class = ChineseOpenSearchMapping


class ChineseOpenSearchResults(OpenSearch3SearchResults):
    pass


class ChineseOpenSearchBackend(ChineseEngineMixin, OpenSearch3SearchBackend):
    mapping_class = ChineseOpenSearchMapping
    index_class = ChineseOpenSearchIndex
    query_compiler_class = ChineseOpenSearchQueryCompiler
    autocomplete_query_compiler_class = ChineseOpenSearchAutocompleteQueryCompiler
    results_class = ChineseOpenSearchResults
    engine_errors = (OpenSearchException, OSError)


SearchBackend = ChineseOpenSearchBackend
