"""Checks on the relations a document holds towards older documents (policy_library.md §5).

A relation is declared on the *newer* document (修订 / 废止 / 替代 / 贯彻实施 →
the older one). Refused, each with a Chinese message saying what to fix:

* a relation to the document itself;
* a relation to a document that is not published (a draft cannot be repealed or
  amended, and the public page could not link to it);
* the same target twice with effects that contradict each other (废止 and 修订);
* a cycle: A 废止 B while B (directly or through others) already relates to A.

Plain Python: the caller passes ids, titles and the existing relation graph.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from .validity import RELATION_EFFECT, RELATION_KINDS, RELATION_LABELS


class RelationError(ValueError):
    """A relation that cannot be recorded; the message is Chinese and says what to fix."""


@dataclass(frozen=True)
class ProposedRelation:
    kind: str
    target_id: int
    target_title: str = ""
    target_live: bool = True


def _name(title: str, pk: int) -> str:
    return f"《{title}》" if title else f"文件 #{pk}"


def find_path(graph: Mapping[int, Iterable[int]], start: int, goal: int) -> list[int] | None:
    """A path start → … → goal in ``graph`` (id → ids it relates to), or None."""
    stack = [(start, [start])]
    seen = {start}
    while stack:
        node, path = stack.pop()
        if node == goal:
            return path
        for nxt in graph.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, path + [nxt]))
    return None


def check_relations(
    source_id: int | None,
    proposed: Iterable[ProposedRelation],
    graph: Mapping[int, Iterable[int]],
    titles: Mapping[int, str] | None = None,
    *,
    require_live: bool = True,
) -> list[str]:
    """Chinese error messages for ``proposed`` relations of document ``source_id``.

    ``graph`` holds the relations of *other* documents (id → target ids); the
    source's own existing edges are replaced by ``proposed``. An empty list means
    the relations may be saved. ``source_id`` is None for a document not yet saved
    (it cannot be part of a cycle then).
    """
    titles = dict(titles or {})
    errors: list[str] = []
    by_target: dict[int, set[str]] = {}
    for rel in proposed:
        if rel.kind not in RELATION_KINDS:
            errors.append(f"未知的关系类型：{rel.kind!r}")
            continue
        titles.setdefault(rel.target_id, rel.target_title)
        name = _name(rel.target_title, rel.target_id)
        if source_id is not None and rel.target_id == source_id:
            errors.append(f"文件不能{RELATION_LABELS[rel.kind]}自身：请选择另一份（较早的）文件")
            continue
        if require_live and not rel.target_live:
            errors.append(f"{name}尚未发布（草稿）：只能关联已发布的文件，请先发布该文件或删除这条关系")
        kinds = by_target.setdefault(rel.target_id, set())
        if rel.kind in kinds:
            errors.append(f"对{name}的“{RELATION_LABELS[rel.kind]}”关系重复填写了，请删除一条")
        kinds.add(rel.kind)
    for target_id, kinds in by_target.items():
        effects = {RELATION_EFFECT[k] for k in kinds} - {None}
        if len(effects) > 1:
            labels = "、".join(RELATION_LABELS[k] for k in RELATION_KINDS if k in kinds)
            errors.append(f"对{_name(titles.get(target_id, ''), target_id)}同时填写了{labels}，效果互相矛盾：请只保留一种")
    if source_id is not None:
        others = {k: [t for t in v] for k, v in graph.items() if k != source_id}
        for target_id in by_target:
            if target_id == source_id:
                continue
            path = find_path(others, target_id, source_id)
            if path:
                chain = " → ".join(_name(titles.get(pk, ""), pk) for pk in path + [target_id])
                errors.append(f"关系形成循环：{chain}。较早的文件不能反过来修订或废止较新的文件，请删除其中一条关系")
    return errors


def validate_relations(*args, **kwargs) -> None:
    """Like :func:`check_relations` but raises :class:`RelationError` with all messages."""
    errors = check_relations(*args, **kwargs)
    if errors:
        raise RelationError("；".join(errors))
