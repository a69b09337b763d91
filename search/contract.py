"""The archive-search contract every backend fulfils (embedded database backend and engine).

The search page and ``/api/search/`` build an ``ArchiveQuery`` and hand it to the configured
backend's ``archive_search(query) -> ArchiveResult``. The database backend (search/backends/
chinese_db.py) and the engine backend (search/engine/) implement the same method, so one
contract suite (tests/search/contract/) proves the same behaviour on SQLite, PostgreSQL and
OpenSearch/Elasticsearch.

Match semantics (search.md §3): the user's query is parsed by ``search.query.parse_user_query``;
strict mode = AND over terms, each term an OR of phrase alternatives (synonyms); relaxed mode
(only when strict finds nothing) = OR of overlapping 2-character phrases. Strict match sets must
be identical on every backend.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

# Public content types the archive search covers, by key; labels are shown in facets.
CONTENT_TYPES = {
    "policy": "政策文件",
    "interpretation": "政策解读",
    "disclosure": "政府信息公开",
    "notice": "通知公告",
}

FACETS = ("type", "year", "issuing_authority", "validity", "doc_kind", "topic")

SORTS = ("relevance", "date")


@dataclass(frozen=True)
class ArchiveQuery:
    text: str                                   # raw user input (already length-capped by the view)
    filters: dict = field(default_factory=dict)  # facet name -> tuple of selected values (AND across facets, OR within)
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    # Visibility: public searches see live public pages only; staff searches may add internal
    # content they are allowed to view (page ids or a restriction the backend can filter on).
    include_internal: bool = False
    allowed_internal_ids: frozenset = frozenset()


@dataclass
class ArchiveHit:
    page_id: int
    title: str
    url: str
    type: str
    external_id: str | None
    doc_number: str
    published_date: datetime.date | None
    snippet: str          # HTML-escaped, matches in <mark>
    score: float = 0.0


@dataclass
class ArchiveResult:
    count: int
    hits: list[ArchiveHit]
    facets: dict          # facet name -> list of (value, label, count)
    mode: str             # "strict" | "relaxed" | "doc_number" | "empty"
    notice: str = ""      # e.g. relaxed-mode or degraded-engine notice, in Chinese
    match_ids: list[int] | None = None  # full strict match set (for consistency benchmarks), optional
