"""Fixtures for the engine tests: a real OpenSearch node, a throwaway index prefix per test.

The node comes from ``scripts/search-engine start`` (SEARCH_ENGINE_URL, default
http://127.0.0.1:9200). Without a node the tests skip with the reason, except under CI=true where
an unreachable node is a failure. The engine app (``search.engine``) is in INSTALLED_APPS, so the
ordinary test settings serve (scripts/test-scale; scripts/test runs it under CI=true). Shared helpers live in search/engine/contract_support.py, which also
joins the engine to the contract suite in tests/search/contract/.
"""
import pytest


@pytest.fixture
def engine(request, db):
    """The engine backend as 'default' (fresh index prefix); searches see writes immediately."""
    from search.engine.contract_support import make_contract_backend

    return make_contract_backend(request)


@pytest.fixture
def refresh(engine):
    """Make recent writes visible to direct index reads (archive_search refreshes by itself)."""
    from search.engine.contract_support import refresh as do_refresh

    return lambda: do_refresh(engine)
