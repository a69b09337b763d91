"""The backend fixture the contract suite is parametrised over.

``database`` is the Chinese-aware database backend (SQLite FTS5 or PostgreSQL, whichever
DATABASE_URL selects).  The engine backend joins by providing
``search.engine.contract_support.make_contract_backend()`` (returns a backend with
``archive_search`` that indexes on publish like the database one, or calls ``pytest.skip``
when no node is reachable); it is then added as the ``engine`` parameter automatically.
"""
import importlib

import pytest

CONTRACT_BACKENDS = ["database"]
try:  # pragma: no cover - depends on the engine helper's branch
    _engine_support = importlib.import_module("search.engine.contract_support")
    if hasattr(_engine_support, "make_contract_backend"):
        CONTRACT_BACKENDS.append(pytest.param("engine", marks=pytest.mark.engine))
except ImportError:
    _engine_support = None


@pytest.fixture(params=CONTRACT_BACKENDS)
def backend(request, db):
    if request.param == "database":
        from search.backends.chinese_db import SearchBackend

        return SearchBackend({})
    return _engine_support.make_contract_backend(request)


@pytest.fixture
def indexed(backend, archive):
    """The archive, indexed into ``backend`` (the database backend indexes on publish)."""
    refresh = getattr(backend, "refresh_index_for_tests", None)
    if callable(refresh):
        refresh(list(archive.values()))
    return archive
