"""The Chinese-aware database search backend (SEARCH_BACKEND=database, the default).

``SearchBackend(params)`` picks the implementation for the default database, like
modelsearch's own ``modelsearch.backends.database``: SQLite FTS5 (chinese_sqlite) or
PostgreSQL with the ``simple`` configuration (chinese_postgres).  Both index Han text one
character per token and compile each query term to phrases (search.md §3), and both offer
``archive_search(ArchiveQuery) -> ArchiveResult`` (search/contract.py).
"""
from django.db import connection


def SearchBackend(params):  # noqa: N802 - modelsearch looks this name up
    if connection.vendor == "postgresql":
        from .chinese_postgres import ChinesePostgresSearchBackend

        return ChinesePostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.utils import fts5_available

        if fts5_available():
            from .chinese_sqlite import ChineseSQLiteSearchBackend

            return ChineseSQLiteSearchBackend(params)
    from modelsearch.backends.database.fallback import DatabaseSearchBackend

    return DatabaseSearchBackend(params)
