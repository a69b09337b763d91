from decimal import Decimal as D

import pytest

from info_reporting.rule_sets import (
    LEVELS,
    MissingRuleSet,
    Points,
    Publication,
    QuotaRule,
    RuleSet,
    RuleSetBook,
    RuleSetError,
    guangyuan_2008,
    huzhou_2018,
    lianyungang,
    recommended_default,
)


def minimal(**kw):
    data = dict(
        year=2024,
        name="测试规则",
        office_level="city",
        publications=[Publication("p", "《政务信息》", "city", "regular", 3)],
        instruction_points={"county": 5, "city": 10, "province": 50, "national": 100},
        forwarding_points={"province": 2, "national": 10},
    )
    data.update(kw)
    return RuleSet(**data)


def problems_of(**kw):
    with pytest.raises(RuleSetError) as exc:
        minimal(**kw)
    return exc.value.problems


def test_minimal_rule_set_is_valid_and_converts_to_decimal():
    rs = minimal()
    assert rs.instruction_points["province"] == D(50)
    assert isinstance(rs.publication("p").points.base, D)


def test_negative_values_are_refused_in_chinese():
    p = problems_of(publications=[Publication("p", "《政务信息》", "city", "regular", -3)])
    assert p == ["刊物“《政务信息》”的分值不能为负数（当前为-3）"]
    p = problems_of(instruction_points={"county": 5, "city": -10, "province": 50, "national": 100})
    assert any("市级领导批示加分" in x and "负数" in x for x in p)
    p = problems_of(penalties={"commission_missed": -10})
    assert any("约稿未报送或迟报" in x and "负数" in x for x in p)
    p = problems_of(publications=[Publication("p", "《政务信息》", "city", "regular", Points(3, by_form={"brief": -1}))])
    assert any("简讯" in x and "负数" in x for x in p)
    p = problems_of(quota=QuotaRule(per_class={"一类": -6}, base_points=10))
    assert any("一类" in x and "负数" in x for x in p)


def test_missing_levels_are_refused():
    p = problems_of(instruction_points={"city": 10, "province": 50})
    assert "批示加分缺少县级领导批示的分值（该级批示不加分请填 0）" in p
    assert "批示加分缺少国家级领导批示的分值（该级批示不加分请填 0）" in p
    p = problems_of(forwarding_points={"province": 2})
    assert p == ["转报加分缺少报送至国家级的分值（不加分请填 0）"]
    p = problems_of(publications=[Publication("p", "《政务信息》", None, "regular", 3)])
    assert p == ["刊物“《政务信息》”缺少级别（县级、市级、省级、国家级）"]
    p = problems_of(publications=[Publication("p", "《政务信息》", "town", "regular", 3)])
    assert "级别“town”无效" in p[0]
    p = problems_of(publications=[Publication("p", "《政务信息》", "city", "regular", None)])
    assert p == ["刊物“《政务信息》”缺少分值"]


def test_other_invalid_settings_each_give_a_reason():
    p = problems_of(
        year=18,
        name="",
        office_level="national",
        publications=[],
        combination="max",
        instruction_combination="sum",
        penalties={"late": 10},
        forwarding_multipliers={"province": 0},
        zero_year_after_missed_commissions=0,
        forwarding_points={},
    )
    text = "；".join(p)
    for fragment in ["年度", "名称", "本级办公室级别", "至少需要配置一种刊物", "计分方式“max”", "批示计分方式“sum”",
                     "扣分项“late”", "转报倍数", "全年清零"]:
        assert fragment in text, fragment
    assert len(p) >= 9


def test_duplicate_publication_codes_and_bad_kinds():
    p = problems_of(publications=[
        Publication("p", "《政务信息》", "city", "regular", 3),
        Publication("p", "《政务参阅》", "city", "magazine", Points(3, by_kind={"评论": 4})),
    ])
    text = "；".join(p)
    assert "代码“p”重复" in text and "类型“magazine”" in text and "条目类型“评论”" in text


def test_forwarding_below_office_level_is_refused():
    p = problems_of(forwarding_points={"city": 1, "province": 2, "national": 10})
    assert any("只能报送至本级" in x for x in p)


def test_error_message_names_the_rule_set():
    with pytest.raises(ValueError, match="2024年度计分规则集“测试规则”有误"):
        minimal(instruction_points={})


def test_unknown_publication_lookup():
    with pytest.raises(RuleSetError, match="没有代码为“x”的刊物"):
        minimal().publication("x")


def test_round_trip_and_copy_for_year():
    for rs in [recommended_default(2024), guangyuan_2008(), lianyungang(2015), huzhou_2018()]:
        again = RuleSet.from_dict(rs.to_dict())
        assert again.to_dict() == rs.to_dict()
    rs = huzhou_2018()
    nxt = rs.copy_for_year(2019, combination="highest")
    assert (nxt.year, nxt.combination, rs.year, rs.combination) == (2019, "highest", 2018, "cumulative")
    # a deep copy: editing the copy leaves last year's set alone
    nxt.publication("hz_meiri").points.base = D(4)
    assert rs.publication("hz_meiri").points.base == D(3)
    with pytest.raises(RuleSetError):
        rs.copy_for_year(2019, combination="sum")


def test_book_picks_year_and_refuses_duplicates():
    book = RuleSetBook([recommended_default(2023), recommended_default(2024)])
    assert book.years == [2023, 2024]
    assert book.for_year(2024).year == 2024
    with pytest.raises(MissingRuleSet, match="没有2025年度的计分规则集"):
        book.for_year(2025)
    with pytest.raises(RuleSetError, match="已有"):
        book.add(recommended_default(2024))


# --- the encoded tables match info_reporting.md ----------------------------


def pts(rs, code):
    return rs.publication(code).points.base


def test_default_values_follow_section_7():
    rs = recommended_default(2024)
    assert (pts(rs, "own_regular"), rs.publication("own_regular").points.by_form["brief"]) == (3, 1)
    assert (pts(rs, "own_special"), pts(rs, "own_supplement"), pts(rs, "own_research")) == (10, 20, 20)
    assert (pts(rs, "own_website"), rs.publication("own_website").points.by_form["photo"]) == (1, D("0.5"))
    assert (pts(rs, "up_regular"), pts(rs, "up_special"), pts(rs, "up_research"), pts(rs, "national")) == (10, 20, 30, 50)
    assert rs.publication("up_regular").level == "province"
    assert [rs.instruction_points[lvl] for lvl in LEVELS] == [5, 10, 50, 100]
    assert (rs.forwarding_points["province"].base, rs.forwarding_points["national"].base) == (2, 10)
    assert (rs.combination, rs.instruction_combination, rs.split) == ("cumulative", "once_per_level", "equal")
    assert rs.forwarding_multipliers == {} and rs.zero_year_after_missed_commissions is None
    assert rs.quota.per_class == {"一类": 6, "二类": 5, "三类": 3, "四类": 2}
    assert (rs.quota.base_points, rs.quota.annual_cap, rs.quota.miss_deduction) == (10, 120, 0)
    assert rs.penalties == {"commission_missed": 10, "instruction_feedback_missed": 10, "emergency_late": 10}
    county = recommended_default(2024, "county")
    assert county.publication("up_regular").level == "city"
    assert set(county.forwarding_points) == {"city", "province", "national"}
    with pytest.raises(RuleSetError):
        recommended_default(2024, "province")


def test_lianyungang_table():
    rs = lianyungang(2015)
    assert pts(rs, "lyg_zuori") == 3 and rs.publication("lyg_zuori").points.by_form == {"brief": 1}
    assert rs.publication("lyg_zuori").instruction_points == 5
    assert (pts(rs, "lyg_jianyi"), rs.publication("lyg_jianyi").instruction_points) == (20, 10)
    assert pts(rs, "lyg_zhuanbao") == 3
    assert (pts(rs, "js_jianbao"), pts(rs, "js_zhaibian"), pts(rs, "js_hulianwang")) == (10, 10, 5)
    assert (pts(rs, "js_zhuanbao"), rs.publication("js_zhuanbao").points.by_kind) == (20, {"调研": 30})
    assert pts(rs, "guoban") == 50
    assert (rs.instruction_points["province"], rs.instruction_points["national"]) == (50, 100)
    assert (rs.forwarding_points["province"].base, rs.forwarding_points["national"].base) == (2, 10)
    assert rs.combination == "cumulative"


def test_huzhou_table():
    rs = huzhou_2018()
    assert (pts(rs, "hz_meiri"), rs.publication("hz_meiri").instruction_points) == (3, 10)
    assert (pts(rs, "hz_zhuanbao"), rs.publication("hz_zhuanbao").instruction_points) == (10, 20)
    assert pts(rs, "hz_tekan") == 20
    assert (pts(rs, "zj_adopt"), pts(rs, "zj_zhuanbao"), pts(rs, "guoban_zhuanbao")) == (10, 40, 30)
    fw = rs.forwarding_points["province"]
    assert (fw.base, fw.by_kind) == (3, {"专报": 10, "约稿": 10})
    assert rs.instruction_points["province"] == 50
    assert rs.instruction_combination == "once_per_level" and rs.credit_direct_to_parent


def test_guangyuan_table():
    rs = guangyuan_2008()
    assert (pts(rs, "gy_chenxun"), pts(rs, "gy_yaoqing"), pts(rs, "gy_tongbao"), pts(rs, "gy_canyue")) == (2, 2, 5, 5)
    assert rs.publication("gy_chenxun").points.by_kind == {"约稿": 5}
    assert rs.publication("gy_website").points.by_form == {"photo": D("0.5")}
    assert (pts(rs, "sc_chenxun_canyue"), pts(rs, "sc_chenxun_zhongyao"), pts(rs, "guoban")) == (3, 5, 10)
    assert [rs.instruction_points[lvl] for lvl in LEVELS] == [0, 5, 10, 20]
    assert rs.penalties == {"commission_missed": 10, "instruction_feedback_missed": 10}
