"""In-memory facts of the indexed government pages, for the SQLite archive search.

A common two-character query (关于, 通知, 政府) matches most of the archive; joining every match
to ``search_searchdocument``, copying it into a temporary table and grouping it for the facets
cost far more than the full-text match itself.  With these facts in memory the archive search
only asks FTS5 for the matching rowids and does the rest with array look-ups:

* ``combo_of[rowid]`` — the page's facet combination (type, year, 发文机关, 有效性, 公文种类,
  主题分类) plus ``is_internal``, as an index into ``combos`` (0 = not a search document);
* ``page_of[rowid]``, ``date_of[rowid]`` (proleptic ordinal, 0 = none), ``title_of[rowid]``
  (the compact title key the title signals look at).

Memory: about 16 bytes per index entry plus the title keys (≈ 5 MB for the 35.5k-record corpus).
The facts are reloaded when the token in ``search_facts_version`` (kept current by triggers,
migration 0005) differs from the one loaded; without that table the caller falls back to SQL.
"""
from __future__ import annotations

import datetime
import threading
from array import array

VERSION_TABLE = "search_facts_version"

_lock = threading.Lock()
_cache: dict = {}


class Facts:
    __slots__ = ("token", "combos", "combo_of", "page_of", "date_of", "title_of", "size", "_restricted", "_memo")

    def __init__(self, token, combos, combo_of, page_of, date_of, title_of):
        self.token = token
        self.combos = combos
        self.combo_of = combo_of
        self.page_of = page_of
        self.date_of = date_of
        self.title_of = title_of
        self.size = len(combo_of)
        self._restricted = {}
        self._memo = {}

    def public_flags(self, public_types) -> list:
        """``flags[combo]``: whether documents of that combination are public (public type, not
        internal); index 0 (not a document) is False."""
        key = ("public", tuple(sorted(public_types)))
        flags = self._memo.get(key)
        if flags is None:
            types = set(public_types)
            flags = self._memo[key] = [False] + [c[0] in types and not c[6] for c in self.combos[1:]]
        return flags

    def visible_flags(self, cursor, public_types, restricted_paths) -> bytearray:
        """``flags[rowid]`` = 1 for documents the public may see: a public combination and not
        under a view-restricted path (memoised per set of restricted paths)."""
        key = ("visible", tuple(sorted(public_types)), tuple(restricted_paths))
        flags = self._memo.get(key)
        if flags is None:
            public = self.public_flags(public_types)
            flags = bytearray(map(public.__getitem__, self.combo_of))
            if restricted_paths:
                for rid in self.restricted_rowids(cursor, restricted_paths):
                    if rid < self.size:
                        flags[rid] = 0
            self._memo[key] = flags
        return flags

    def static_bonus(self, fn) -> list:
        """``fn(combo)`` for every combination (index 0: 0.0), memoised per day (the recency
        part depends on today's year)."""
        key = ("static", datetime.date.today().year)
        values = self._memo.get(key)
        if values is None:
            values = self._memo[key] = [0.0] + [fn(c) for c in self.combos[1:]]
        return values

    def restricted_rowids(self, cursor, paths) -> frozenset:
        """Rowids of documents under any of ``paths`` (view-restricted sections), memoised."""
        key = tuple(paths)
        found = self._restricted.get(key)
        if found is None:
            ids = set()
            for path in key:
                cursor.execute(
                    "SELECT entry_id FROM search_searchdocument WHERE entry_id IS NOT NULL AND substr(path, 1, %s) = %s",
                    [len(path), path],
                )
                ids.update(r[0] for r in cursor.fetchall())
            found = self._restricted[key] = frozenset(ids)
        return found


def _token(cursor):
    cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [VERSION_TABLE])
    if cursor.fetchone() is None:
        return None
    cursor.execute(f"SELECT token FROM {VERSION_TABLE} WHERE id = 1")
    row = cursor.fetchone()
    return row[0] if row else None


def _ordinal(value) -> int:
    if not value:
        return 0
    if isinstance(value, datetime.date):
        return value.toordinal()
    try:
        return datetime.date.fromisoformat(str(value)[:10]).toordinal()
    except ValueError:
        return 0


def _load(cursor, token, fts_table) -> Facts:
    cursor.execute(f"SELECT max(rowid) FROM {fts_table}")
    top = cursor.fetchone()[0] or 0
    cursor.execute("SELECT max(entry_id) FROM search_searchdocument")
    top = max(top, cursor.fetchone()[0] or 0)
    size = top + 1
    combo_of = array("i", bytes(4 * size))
    page_of = array("q", bytes(8 * size))
    date_of = array("i", bytes(4 * size))
    title_of = [""] * size
    combos = [None]  # index 0: not a search document
    index = {}
    cursor.execute(
        "SELECT entry_id, page_id, type_key, year, issuing_authority, validity, doc_kind, topic, is_internal, "
        "published_date, title_key FROM search_searchdocument WHERE entry_id IS NOT NULL"
    )
    for rid, pid, type_key, year, auth, validity, kind, topic, internal, date, title in cursor.fetchall():
        combo = (type_key, year, auth, validity, kind, topic, bool(internal))
        c = index.get(combo)
        if c is None:
            c = index[combo] = len(combos)
            combos.append(combo)
        combo_of[rid] = c
        page_of[rid] = pid
        date_of[rid] = _ordinal(date)
        title_of[rid] = title or ""
    return Facts(token, combos, combo_of, page_of, date_of, title_of)


def get_facts(connection, fts_table):
    """Current :class:`Facts` for ``connection`` (a Django SQLite connection), or None when the
    database has no version table (not migrated)."""
    with connection.cursor() as cursor:
        token = _token(cursor)
        if token is None:
            return None
        key = (connection.alias, str(connection.settings_dict.get("NAME")))
        facts = _cache.get(key)
        if facts is not None and facts.token == token:
            return facts
        with _lock:
            facts = _cache.get(key)
            if facts is None or facts.token != token:
                facts = _load(cursor, token, fts_table)
                _cache[key] = facts
        return facts


def clear():
    _cache.clear()
