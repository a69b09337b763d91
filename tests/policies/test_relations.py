"""Relation checks (policies/relations.py): no database."""
from policies.relations import ProposedRelation as P, RelationError, check_relations, find_path, validate_relations

import pytest


def test_valid_relations_pass():
    assert check_relations(10, [P("repeals", 1, "旧文件"), P("implements", 2, "上位文件")], {}) == []


def test_self_relation_is_refused():
    errors = check_relations(10, [P("repeals", 10, "本文件")], {})
    assert errors == ["文件不能废止自身：请选择另一份（较早的）文件"]


def test_relation_to_a_draft_is_refused():
    errors = check_relations(10, [P("amends", 3, "草稿文件", target_live=False)], {})
    assert errors and "《草稿文件》尚未发布" in errors[0]
    assert check_relations(10, [P("amends", 3, "草稿文件", target_live=False)], {}, require_live=False) == []


def test_duplicate_and_contradictory_relations_are_refused():
    errors = check_relations(10, [P("repeals", 1, "旧"), P("repeals", 1, "旧")], {})
    assert any("重复" in e for e in errors)
    errors = check_relations(10, [P("repeals", 1, "旧"), P("amends", 1, "旧")], {})
    assert any("互相矛盾" in e for e in errors)


def test_cycles_are_refused_and_the_chain_is_named():
    graph = {1: [2], 2: [3]}  # 1 → 2 → 3
    errors = check_relations(3, [P("repeals", 1, "甲")], graph, {1: "甲", 2: "乙", 3: "丙"})
    assert len(errors) == 1
    assert "关系形成循环：《甲》 → 《乙》 → 《丙》 → 《甲》" in errors[0]
    # the source's own old edges do not count (they are being replaced)
    assert check_relations(1, [P("repeals", 2, "乙")], {1: [3], 2: []}) == []


def test_unsaved_document_cannot_form_a_cycle():
    assert check_relations(None, [P("repeals", 1, "甲")], {1: [2]}) == []


def test_find_path_and_validate():
    assert find_path({1: [2], 2: [3]}, 1, 3) == [1, 2, 3]
    assert find_path({1: [2]}, 2, 1) is None
    with pytest.raises(RelationError, match="自身"):
        validate_relations(5, [P("amends", 5, "x")], {})
