"""有效性 rules (policies/validity.py): no database."""
import datetime as dt

import pytest

from policies import validity as v
from policies.vocabulary import Validity

D = dt.date
TODAY = D(2026, 6, 1)


def rel(kind, source_id=2, title="新文件", number="示政发〔2026〕1号", on=None):
    return v.IncomingRelation(kind, source_id, title, number, on)


def test_states_match_the_stored_choices():
    assert set(v.STATES) == set(Validity.values)
    assert v.LABELS == dict(Validity.choices)


def test_default_is_in_force_from_the_effective_date():
    d = v.decide(v.Facts(effective_date=D(2025, 1, 1)), TODAY)
    assert (d.state, d.since, d.basis) == (v.IN_FORCE, D(2025, 1, 1), "自2025年01月01日起施行")
    assert v.decide(v.Facts(), TODAY).state == v.IN_FORCE


def test_future_effective_date_is_not_yet_effective_until_that_day():
    facts = v.Facts(effective_date=D(2026, 7, 1))
    assert v.decide(facts, TODAY).state == v.NOT_YET_EFFECTIVE
    assert v.decide(facts, D(2026, 6, 30)).state == v.NOT_YET_EFFECTIVE
    assert v.decide(facts, D(2026, 7, 1)).state == v.IN_FORCE
    assert v.next_change_on(facts, TODAY) == D(2026, 7, 1)


def test_expiry_date_is_inclusive_and_lapses_the_next_day():
    facts = v.Facts(effective_date=D(2024, 1, 1), expiry_date=D(2026, 5, 31))
    assert v.decide(facts, D(2026, 5, 31)).state == v.IN_FORCE
    d = v.decide(facts, TODAY)
    assert (d.state, d.since) == (v.LAPSED, D(2026, 6, 1))
    assert "有效期至2026年05月31日" in d.basis


def test_expiry_before_effective_date_is_refused_with_a_chinese_message():
    with pytest.raises(v.ValidityError, match="有效期至早于施行日期"):
        v.decide(v.Facts(effective_date=D(2026, 1, 1), expiry_date=D(2025, 1, 1)), TODAY)


def test_repeal_names_the_repealing_document_and_takes_effect_on_its_date():
    d = v.decide(v.Facts(incoming=(rel(v.REPEALS, on=D(2026, 3, 1)),)), TODAY)
    assert d.state == v.REPEALED
    assert d.since == D(2026, 3, 1)
    assert d.cause_id == 2
    assert d.basis == "被《新文件》（示政发〔2026〕1号）废止"


def test_repeal_with_a_future_date_is_pending_until_then():
    facts = v.Facts(incoming=(rel(v.REPEALS, on=D(2026, 9, 1)),))
    d = v.decide(facts, TODAY)
    assert d.state == v.IN_FORCE
    assert [p.state for p in d.pending] == [v.REPEALED]
    assert v.next_change_on(facts, TODAY) == D(2026, 9, 1)
    assert v.decide(facts, D(2026, 9, 1)).state == v.REPEALED


def test_replaces_is_a_repeal_and_amends_gives_amended():
    assert v.decide(v.Facts(incoming=(rel(v.REPLACES),)), TODAY).state == v.REPEALED
    d = v.decide(v.Facts(incoming=(rel(v.AMENDS),)), TODAY)
    assert d.state == v.AMENDED and d.basis.endswith("修订")


def test_implements_does_not_change_validity():
    assert v.decide(v.Facts(incoming=(rel(v.IMPLEMENTS),)), TODAY).state == v.IN_FORCE


def test_strongest_state_wins_and_all_amendments_are_causes():
    facts = v.Facts(incoming=(rel(v.AMENDS, 2, "甲", on=D(2025, 1, 1)), rel(v.AMENDS, 3, "乙", on=D(2024, 1, 1))))
    d = v.decide(facts, TODAY)
    assert d.state == v.AMENDED and d.since == D(2024, 1, 1)
    assert {c.source_id for c in d.causes} == {2, 3}
    facts = v.Facts(expiry_date=D(2025, 1, 1), incoming=(rel(v.AMENDS), rel(v.REPEALS, 4, "丙")))
    assert v.decide(facts, TODAY).state == v.REPEALED
    assert v.decide(v.Facts(expiry_date=D(2025, 1, 1), incoming=(rel(v.AMENDS),)), TODAY).state == v.LAPSED


def test_recorded_decision_needs_a_basis_and_an_allowed_state():
    with pytest.raises(v.ValidityError, match="必须填写依据"):
        v.Override(v.REPEALED, None, "  ")
    with pytest.raises(v.ValidityError, match="由日期自动判断"):
        v.Override(v.NOT_YET_EFFECTIVE, None, "依据")
    d = v.decide(v.Facts(override=v.Override(v.LAPSED, D(2026, 1, 1), "清理决定")), TODAY)
    assert (d.state, d.since, d.basis) == (v.LAPSED, D(2026, 1, 1), "清理决定")


def test_recorded_decision_without_a_date_applies_at_once():
    d = v.decide(v.Facts(override=v.Override(v.LAPSED, None, "档案记录为“已失效”")), TODAY)
    assert d.state == v.LAPSED and d.since is None


def test_unknown_relation_kind_is_refused():
    with pytest.raises(v.ValidityError):
        v.IncomingRelation("likes", 1, "x")


def test_date_order_warnings():
    assert v.date_order_warnings(formed=D(2011, 11, 17), published=None, effective=D(2005, 1, 1), expiry=None) == [
        "施行日期早于成文日期，请核对"]
    assert v.date_order_warnings(formed=D(2020, 1, 2), published=D(2020, 1, 1), effective=None, expiry=None) == [
        "发布日期早于成文日期，请核对"]
    assert v.date_order_warnings(formed=D(2020, 1, 1), published=D(2020, 1, 2), effective=D(2020, 2, 1), expiry=None) == []
