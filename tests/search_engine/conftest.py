"""Fixtures for the engine tests: a real OpenSearch node, a throwaway index prefix per test.

The node comes from ``scripts/search-engine start`` (SEARCH_ENGINE_URL, default
http://127.0.0.1:9200). Without a node the tests skip with the reason, except under CI=true where
an unreachable node is a failure. The engine app (``search.engine``) must be installed: until it
is in INSTALLED_APPS run with ``DJANGO_SETTINGS_MODULE=search.engine.test_settings``
(scripts/test-scale does).
"""
import os
import urllib.error
import urllib.request
import uuid

import pytest

ENGINE_URL = os.environ.get("SEARCH_ENGINE_URL", "http://127.0.0.1:9200").rstrip("/")
IN_CI = os.environ.get("CI") == "true"


def engine_reachable(url=ENGINE_URL):
    try:
        with urllib.request.urlopen(url + "/_cluster/health", timeout=5) as resp:
            return resp.status == 200, ""
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return False, str(exc)


def require_engine(url=ENGINE_URL):
    ok, why = engine_reachable(url)
    if not ok:
        reason = (f"search engine not reachable at {url} ({why}); start one with "
                  "`scripts/search-engine start` or set SEARCH_ENGINE_URL")
        if IN_CI:
            pytest.fail("CI=true but " + reason)
        pytest.skip(reason)


def require_engine_app():
    from django.apps import apps

    if not apps.is_installed("search.engine"):
        reason = ("search.engine is not in INSTALLED_APPS yet: run with "
                  "DJANGO_SETTINGS_MODULE=search.engine.test_settings (scripts/test-scale does)")
        if IN_CI:
            pytest.fail("CI=true but " + reason)
        pytest.skip(reason)


def engine_backends_setting(url=ENGINE_URL, prefix=None, kind="opensearch"):
    from search.backend_settings import search_backends_from_env

    return search_backends_from_env({
        "SEARCH_BACKEND": kind,
        "SEARCH_ENGINE_URL": url,
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


@pytest.fixture
def engine_settings(settings, db):
    """Point the 'default' search backend at the node with a fresh index prefix; drop it after."""
    require_engine_app()
    require_engine()
    from modelsearch.backends import get_search_backend

    from search.engine.backend import ChineseEngineMixin

    prefix = f"gktest_{uuid.uuid4().hex[:8]}_"
    settings.WAGTAILSEARCH_BACKENDS = engine_backends_setting(prefix=prefix)
    ChineseEngineMixin.forget_ensured()
    backend = get_search_backend("default")
    yield backend
    drop_indexes(backend.es, prefix)
    ChineseEngineMixin.forget_ensured()


@pytest.fixture
def engine(engine_settings):
    """The configured engine backend (a fresh instance, like every request gets)."""
    return engine_settings


@pytest.fixture
def refresh(engine):
    """Make recent writes visible to searches (the engine refreshes every second on its own)."""
    from wagtail.models import Page

    def do():
        engine.es.indices.refresh(index=engine.get_index_for_model(Page).name)

    return do
