"""Vendor-neutral helpers for modelsearch query trees."""
from modelsearch.query import And, Boost, MatchAll, Not, Or

_NONE = Not(MatchAll())


def _is_none(q):
    return isinstance(q, Not) and isinstance(q.subquery, MatchAll)


def simplify(query):
    """Fold MatchAll / MatchNone (``Not(MatchAll())``) out of a query tree."""
    if isinstance(query, Boost):
        return simplify(query.subquery)
    if isinstance(query, Not):
        inner = simplify(query.subquery)
        if isinstance(inner, MatchAll):
            return _NONE
        if _is_none(inner):
            return MatchAll()
        if isinstance(inner, Not):
            return inner.subquery
        return Not(inner)
    if isinstance(query, And):
        parts = [simplify(q) for q in query.subqueries]
        if any(_is_none(q) for q in parts):
            return _NONE
        parts = [q for q in parts if not isinstance(q, MatchAll)]
        if not parts:
            return MatchAll()
        return parts[0] if len(parts) == 1 else And(parts)
    if isinstance(query, Or):
        parts = [simplify(q) for q in query.subqueries]
        if any(isinstance(q, MatchAll) for q in parts):
            return MatchAll()
        parts = [q for q in parts if not _is_none(q)]
        if not parts:
            return _NONE
        return parts[0] if len(parts) == 1 else Or(parts)
    return query
