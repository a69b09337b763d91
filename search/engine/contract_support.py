"""Joins the engine to the contract suite (tests/search/contract/conftest.py looks this up).

``make_contract_backend(request)`` points the 'default' search backend at the node
(SEARCH_ENGINE_URL, default http://127.0.0.1:9200) with a fresh index prefix for the test,
so pages published by the test are indexed into the engine like in production, and returns the
engine backend. Searches refresh the index first (the engine makes writes visible within a
second on its own; tests cannot wait). Without a node the test is skipped with the reason,
except under CI=true, where it fails. The index is dropped after the test.
"""
from __future__ import annotations

import os
import urllib.error
import urllib.request
import uuid


def engine_url() -> str:
    return os.environ.get("SEARCH_ENGINE_URL", "http://127.0.0.1:9200").rstrip("/")


def _unavailable(reason):
    import pytest

    if os.environ.get("CI") == "true":
        pytest.fail("CI=true but " + reason)
    pytest.skip(reason)


def require_engine(url: str | None = None):
    url = url or engine_url()
    try:
        with urllib.request.urlopen(url + "/_cluster/health", timeout=5):
            return
    except (urllib.error.URLError, OSError, ValueError) as exc:
        _unavailable(f"search engine not reachable at {url} ({exc}); start one with "
                     "`scripts/search-engine start` or set SEARCH_ENGINE_URL")


def require_engine_app():
    from django.apps import apps

    if not apps.is_installed("search.engine"):
        _unavailable("search.engine is not in INSTALLED_APPS: run with "
                     "DJANGO_SETTINGS_MODULE=search.engine.test_settings (scripts/test-scale does)")


def engine_backends_setting(url=None, prefix=None, kind="opensearch"):
    from search.backend_settings import search_backends_from_env

    return search_backends_from_env({
        "SEARCH_BACKEND": kind,
        "SEARCH_ENGINE_URL": url or engine_url(),
        "SEARCH_INDEX_PREFIX": prefix or f"gktest_{uuid.uuid4().hex[:8]}_",
    })


def drop_indexes(es, prefix):
    try:
        names = list(es.indices.get(index=prefix + "*").keys())
    except Exception:
        return
    for name in names:
        try:
            es.indices.delete(index=name)
        except Exception:
            pass


def refresh(backend):
    from wagtail.models import Page

    try:
        backend.es.indices.refresh(index=backend.get_index_for_model(Page).name)
    except Exception:
        pass


def make_contract_backend(request):
    require_engine_app()
    require_engine()
    from modelsearch.backends import get_search_backend

    from .backend import ChineseEngineMixin

    settings = request.getfixturevalue("settings")
    prefix = f"gkcontract_{uuid.uuid4().hex[:8]}_"
    settings.WAGTAILSEARCH_BACKENDS = engine_backends_setting(prefix=prefix)
    ChineseEngineMixin.forget_ensured()
    backend = get_search_backend("default")
    original = backend.archive_search

    def archive_search(query):
        refresh(backend)
        return original(query)

    backend.archive_search = archive_search
    backend.refresh_index_for_tests = lambda pages=(): refresh(backend)

    def finish():
        drop_indexes(backend.es, prefix)
        ChineseEngineMixin.forget_ensured()

    request.addfinalizer(finish)
    return backend
