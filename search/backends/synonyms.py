"""The synonym table every backend expands queries with (admin-editable, search.md §4.6).

Compiled once per process and recompiled when a :class:`search.models.SynonymGroup` changes
(signal in this process; other processes notice the newer ``updated_at`` within
``RECHECK_SECONDS``).  Falls back to the curated default when the table is unavailable
(e.g. before migrations ran).
"""
from __future__ import annotations

import threading
import time

from search.query import SynonymTable, compile_synonyms
from search.synonyms_default import DEFAULT_SYNONYMS

RECHECK_SECONDS = 30

_lock = threading.Lock()
_state = {"table": None, "stamp": None, "checked": 0.0}


def _current_stamp():
    from django.db.models import Count, Max

    from search.models import SynonymGroup

    agg = SynonymGroup.objects.aggregate(m=Max("updated_at"), n=Count("pk"))
    return (agg["m"], agg["n"])


def _build():
    from search.models import SynonymGroup

    mapping = {}
    for group in SynonymGroup.objects.filter(enabled=True).only("forms"):
        forms = group.form_list()
        if len(forms) >= 2:
            mapping.setdefault(forms[0], []).extend(forms[1:])
    return compile_synonyms(mapping)


def get_synonym_table() -> SynonymTable:
    now = time.monotonic()
    table = _state["table"]
    if table is not None and now - _state["checked"] < RECHECK_SECONDS:
        return table
    with _lock:
        try:
            stamp = _current_stamp()
            if _state["table"] is None or stamp != _state["stamp"]:
                _state["table"] = _build()
                _state["stamp"] = stamp
        except Exception:  # table missing (not migrated yet): use the curated default
            if _state["table"] is None:
                _state["table"] = compile_synonyms(DEFAULT_SYNONYMS)
        _state["checked"] = now
        return _state["table"]


def invalidate(*args, **kwargs):
    with _lock:
        _state["table"] = None
        _state["stamp"] = None
        _state["checked"] = 0.0
