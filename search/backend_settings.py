"""Choose the search backend from environment variables (never by code edits).

SEARCH_BACKEND        ``database`` (default: the Chinese-aware database backend on SQLite or
                      PostgreSQL, whichever DATABASE_URL selects), ``opensearch`` or ``elasticsearch``.
SEARCH_ENGINE_URL     e.g. http://127.0.0.1:9200 (engine backends only)
SEARCH_INDEX_PREFIX   index name prefix, default ``gongkai_``
SEARCH_ENGINE_USER / SEARCH_ENGINE_PASSWORD   optional basic-auth credentials
"""
import os

from django.core.exceptions import ImproperlyConfigured

DATABASE_BACKEND = "search.backends.chinese_db"


def search_backends_from_env(environ=None):
    environ = os.environ if environ is None else environ
    kind = (environ.get("SEARCH_BACKEND") or "database").strip().lower()
    if kind == "database":
        return {"default": {"BACKEND": DATABASE_BACKEND}}
    if kind in {"opensearch", "elasticsearch"}:
        url = environ.get("SEARCH_ENGINE_URL") or "http://127.0.0.1:9200"
        options = {}
        user = environ.get("SEARCH_ENGINE_USER")
        if user:
            options["http_auth"] = (user, environ.get("SEARCH_ENGINE_PASSWORD", ""))
        backend = {
            "opensearch": "search.backends.chinese_opensearch",
            "elasticsearch": "search.backends.chinese_elasticsearch",
        }[kind]
        return {
            "default": {
                "BACKEND": backend,
                "URLS": [url],
                "INDEX_PREFIX": environ.get("SEARCH_INDEX_PREFIX", "gongkai_"),
                "TIMEOUT": 10,
                "OPTIONS": options,
            },
            # Public search degrades to the database backend when the engine is down.
            "fallback": {"BACKEND": DATABASE_BACKEND},
        }
    raise ImproperlyConfigured(
        f"SEARCH_BACKEND={kind!r} 无效：可选 database、opensearch、elasticsearch"
    )
