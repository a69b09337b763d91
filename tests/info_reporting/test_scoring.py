"""Scoring and ranking tests. Expected values are worked out by hand from the
tables in info_reporting.md §5/§7 (arithmetic in the comments), not from the code."""

import datetime as dt
from decimal import Decimal as D

import pytest

from info_reporting.rule_sets import (
    MissingRuleSet,
    RuleSetBook,
    guangyuan_2008,
    huzhou_2018,
    lianyungang,
    recommended_default,
)
from info_reporting.scoring import (
    Adoption,
    Forwarding,
    Instruction,
    Item,
    Penalty,
    ScoringError,
    quota_fulfilment,
    quota_lines,
    rank_units,
    score_items,
    score_penalties,
    totals_by_unit,
)


def d(m, day, y=2015):
    return dt.date(y, m, day)


def by_id(scores):
    return {s.item_id: s for s in scores}


def ranking(rows):
    return [(r.rank, r.unit, r.points) for r in rows]


# ===========================================================================
# 连云港 (table B), applied to 2015
# ===========================================================================

LYG_ITEMS = [
    # L1 赣榆区 动态:
    #   《昨日情况》 3 + 市领导批示 on 《昨日情况》 +5 + selected for the province 2
    #   + 《江苏信息摘编》 10 + 省领导批示 +50 = 70
    Item(
        "L1", "赣榆区", d(3, 2),
        adoptions=[Adoption("lyg_zuori", d(3, 3)), Adoption("js_zhaibian", d(3, 10))],
        forwardings=[Forwarding("province", d(3, 4))],
        instructions=[Instruction("city", d(3, 5), "lyg_zuori"), Instruction("province", d(3, 15))],
    ),
    # L2 东海县 调研:
    #   《政务建议》 20 + 批示 +10 + to the province 2 + 省办《专报信息》 (调研) 30
    #   + selected by 省办 for 国办 10 + 国办 50 + 国务院领导批示 +100 = 222
    Item(
        "L2", "东海县", d(4, 1), kind="调研",
        adoptions=[
            Adoption("lyg_jianyi", d(4, 8)),
            Adoption("js_zhuanbao", d(4, 20)),
            Adoption("guoban", d(5, 6)),
        ],
        forwardings=[Forwarding("province", d(4, 10)), Forwarding("national", d(4, 25))],
        instructions=[Instruction("city", d(4, 9), "lyg_jianyi"), Instruction("national", d(5, 20))],
    ),
    # L3 灌云县 动态:
    #   《昨日情况》 as 简讯 1 + 《专报信息》(动态) 3 + 市领导批示 on 《昨日情况》 +5
    #   + a second 市领导批示 (same level, not counted twice) 0 = 9
    Item(
        "L3", "灌云县", d(3, 9),
        adoptions=[Adoption("lyg_zuori", d(3, 10), form="brief"), Adoption("lyg_zhuanbao", d(3, 12))],
        instructions=[
            Instruction("city", d(3, 11), "lyg_zuori", leader="甲"),
            Instruction("city", d(3, 12), "lyg_zuori", leader="乙"),
        ],
    ),
    # L4 东海县 + 市发改委 jointly: 《信息简报》 10 + 《互联网信息摘编》 5 = 15; 7.5 each
    Item(
        "L4", ("东海县", "市发改委"), d(6, 1),
        adoptions=[Adoption("js_jianbao", d(6, 5)), Adoption("js_hulianwang", d(6, 6))],
    ),
    # L5 市发改委: 《专报信息》(动态) 3 + 市领导批示 on it: the table gives no value → 0; = 3
    Item(
        "L5", "市发改委", d(3, 20),
        adoptions=[Adoption("lyg_zhuanbao", d(3, 21))],
        instructions=[Instruction("city", d(3, 22), "lyg_zhuanbao")],
    ),
    # L6 赣榆区, not adopted: 0
    Item("L6", "赣榆区", d(3, 25), status="not_adopted"),
    # L7 赣榆区 (July): 《互联网信息摘编》 5 (a provincial adoption)
    Item("L7", "赣榆区", d(7, 1), adoptions=[Adoption("js_hulianwang", d(7, 3))]),
    # L8 灌云县 (July): 《昨日情况》 3 + selected for the province 2 = 5 (only 3 from adoptions)
    Item(
        "L8", "灌云县", d(7, 2),
        adoptions=[Adoption("lyg_zuori", d(7, 3))],
        forwardings=[Forwarding("province", d(7, 4))],
    ),
]


@pytest.fixture
def lyg():
    return lianyungang(2015)


def test_lianyungang_item_scores(lyg):
    s = by_id(score_items(LYG_ITEMS, lyg))
    assert {k: v.total for k, v in s.items()} == {
        "L1": D(70), "L2": D(222), "L3": D(9), "L4": D(15), "L5": D(3), "L6": D(0), "L7": D(5), "L8": D(5),
    }
    # events in date order: 3 (3 Mar), 2 (4 Mar), 5 (5 Mar), 10 (10 Mar), 50 (15 Mar)
    assert [e.points for e in s["L1"].events] == [D(3), D(2), D(5), D(10), D(50)]
    # 1 (10 Mar), 5 (11 Mar), 3 and 0 (12 Mar)
    assert [e.points for e in s["L3"].events] == [D(1), D(5), D(3), D(0)]
    assert "简讯" in s["L3"].events[0].explanation
    assert "不重复计分" in s["L3"].events[3].explanation and "乙" in s["L3"].events[3].explanation
    assert "调研" in [e for e in s["L2"].events if e.rule == "js_zhuanbao"][0].explanation
    assert s["L2"].explanation.endswith("合计222分")
    assert s["L4"].points_by_unit() == {"东海县": D("7.5"), "市发改委": D("7.5")}
    assert s["L6"].explanation == "无计分事项，合计0分"


def test_lianyungang_year_ranking(lyg):
    scores = score_items(LYG_ITEMS, lyg)
    # 东海县 222 + 7.5 = 229.5; 赣榆区 70 + 5 = 75; 灌云县 9 + 5 = 14; 市发改委 7.5 + 3 = 10.5
    assert ranking(rank_units(scores, "year", year=2015)) == [
        (1, "东海县", D("229.5")),
        (2, "赣榆区", D(75)),
        (3, "灌云县", D(14)),
        (4, "市发改委", D("10.5")),
    ]


def test_lianyungang_quarter_rankings_with_shared_rank(lyg):
    scores = score_items(LYG_ITEMS, lyg)
    units = ["赣榆区", "东海县", "灌云县", "市发改委"]
    # Q1 (Jan–Mar): 赣榆区 L1 70; 灌云县 L3 9; 市发改委 L5 3; 东海县 nothing yet
    assert ranking(rank_units(scores, "quarter", year=2015, number=1, units=units)) == [
        (1, "赣榆区", D(70)), (2, "灌云县", D(9)), (3, "市发改委", D(3)), (4, "东海县", D(0)),
    ]
    # Q2: 东海县 222 (April/May) + 7.5 (June) = 229.5; 市发改委 7.5; the other two 0 → tied 3rd
    assert ranking(rank_units(scores, "quarter", year=2015, number=2, units=units)) == [
        (1, "东海县", D("229.5")), (2, "市发改委", D("7.5")), (3, "赣榆区", D(0)), (3, "灌云县", D(0)),
    ]


def test_lianyungang_july_tie_broken_by_higher_level_adoption(lyg):
    scores = score_items(LYG_ITEMS, lyg)
    rows = rank_units(scores, "month", year=2015, number=7)
    # both 5 points; 赣榆区's 5 come from a provincial adoption, 灌云县 has 3 from a city
    # adoption (+2 forwarding), so 赣榆区 ranks first and the ranks are not shared
    assert ranking(rows) == [(1, "赣榆区", D(5)), (2, "灌云县", D(5))]
    assert rows[0].adoption_points_by_level["province"] == D(5)
    assert rows[1].adoption_points_by_level["city"] == D(3)


def test_lianyungang_highest_only_variant(lyg):
    highest = lyg.copy_for_year(2015, combination="highest")
    s = by_id(score_items(LYG_ITEMS, highest))
    # L1: adoptions 3 then 10 → only the best (10) counts: +3, then +7;
    #     10 + 批示 5 + forwarding 2 + 省领导批示 50 = 67
    assert [e.points for e in s["L1"].events if e.category == "adoption"] == [D(3), D(7)]
    assert s["L1"].total == D(67)
    # L2: adoptions 20, 30, 50 → +20, +10, +20 = 50; 50 + 10 + 2 + 10 + 100 = 172
    assert s["L2"].total == D(172)
    # L3: 简讯 1, 专报信息 3 → +1, +2 = 3; + 批示 5 = 8
    assert s["L3"].total == D(8)


# ===========================================================================
# 湖州 (table C), 2018
# ===========================================================================

HZ_PARENTS = {"德清某企业直报点": "德清县"}
HZ_ITEMS = [
    # H1 吴兴区 要情: 《每日要情》 3 + 市领导批示 on it +10 + a second 市领导批示 0
    #   + reported up to the province (要情) 3 + 省办采用 10 + 省领导批示 50
    #   + a second 省领导批示 0 = 76
    Item(
        "H1", "吴兴区", d(2, 1, 2018), kind="要情",
        adoptions=[Adoption("hz_meiri", d(2, 2, 2018)), Adoption("zj_adopt", d(2, 12, 2018))],
        forwardings=[Forwarding("province", d(2, 5, 2018))],
        instructions=[
            Instruction("city", d(2, 3, 2018), "hz_meiri", leader="甲"),
            Instruction("city", d(2, 4, 2018), "hz_meiri", leader="乙"),
            Instruction("province", d(2, 20, 2018)),
            Instruction("province", d(2, 22, 2018)),
        ],
    ),
    # H2 南浔区 专报: 《专报信息》 10 + 批示 on it +20 + reported up (专报) 10
    #   + 省办专报 (10 + 30) 40 = 80
    Item(
        "H2", "南浔区", d(3, 1, 2018), kind="专报",
        adoptions=[Adoption("hz_zhuanbao", d(3, 5, 2018)), Adoption("zj_zhuanbao", d(3, 20, 2018))],
        forwardings=[Forwarding("province", d(3, 8, 2018))],
        instructions=[Instruction("city", d(3, 6, 2018), "hz_zhuanbao")],
    ),
    # H3 an enterprise 直报点 in 德清县: 《每日要情》 3, credited to 德清县
    Item("H3", "德清某企业直报点", d(3, 10, 2018), adoptions=[Adoption("hz_meiri", d(3, 12, 2018))]),
    # H4 吴兴区 + 南浔区 + 市发改委 jointly: 《特刊》 20 (+ 市领导批示 on 特刊: no value → 0)
    #   20 / 3 = 6.666…: two shares of 6.66, the lead unit gets 20 − 2 × 6.66 = 6.68
    Item(
        "H4", ("吴兴区", "南浔区", "市发改委"), d(4, 2, 2018),
        adoptions=[Adoption("hz_tekan", d(4, 10, 2018))],
        instructions=[Instruction("city", d(4, 12, 2018), "hz_tekan")],
    ),
    # H5 德清县 约稿: reported up (约稿) 10 + 《每日要情》 3 = 13
    Item(
        "H5", "德清县", d(4, 15, 2018), kind="约稿",
        adoptions=[Adoption("hz_meiri", d(4, 16, 2018))],
        forwardings=[Forwarding("province", d(4, 18, 2018))],
    ),
    # H6 市发改委 动态: reported up (动态 = 要情 rate) 3 + 省办采用 10 + 国办专报 30 = 43
    Item(
        "H6", "市发改委", d(5, 3, 2018),
        adoptions=[Adoption("zj_adopt", d(5, 10, 2018)), Adoption("guoban_zhuanbao", d(5, 30, 2018))],
        forwardings=[Forwarding("province", d(5, 4, 2018))],
    ),
]


@pytest.fixture
def hz():
    return huzhou_2018()


def test_huzhou_item_scores(hz):
    s = by_id(score_items(HZ_ITEMS, hz, parent_units=HZ_PARENTS))
    assert {k: v.total for k, v in s.items()} == {
        "H1": D(76), "H2": D(80), "H3": D(3), "H4": D(20), "H5": D(13), "H6": D(43),
    }
    # same-level 批示 are counted once
    assert [e.points for e in s["H1"].events if e.category == "instruction"] == [D(10), D(0), D(50), D(0)]
    assert s["H4"].points_by_unit() == {"吴兴区": D("6.68"), "南浔区": D("6.66"), "市发改委": D("6.66")}
    # 直报点 points are credited to the county and say so
    (line,) = s["H3"].lines
    assert (line.unit, line.source_unit) == ("德清县", "德清某企业直报点")
    assert "计入“德清县”" in line.explanation
    assert "约稿" in s["H5"].events[1].explanation


def test_huzhou_year_and_quarter_rankings(hz):
    scores = score_items(HZ_ITEMS, hz, parent_units=HZ_PARENTS)
    # 南浔区 80 + 6.66 = 86.66; 吴兴区 76 + 6.68 = 82.68; 市发改委 6.66 + 43 = 49.66; 德清县 3 + 13 = 16
    assert ranking(rank_units(scores, "year", year=2018)) == [
        (1, "南浔区", D("86.66")), (2, "吴兴区", D("82.68")), (3, "市发改委", D("49.66")), (4, "德清县", D(16)),
    ]
    # Q1: 南浔区 80 (March); 吴兴区 76 (February); 德清县 3 (H3, March); 市发改委 0
    assert ranking(rank_units(scores, "quarter", year=2018, number=1, units=["吴兴区", "南浔区", "德清县", "市发改委"])) == [
        (1, "南浔区", D(80)), (2, "吴兴区", D(76)), (3, "德清县", D(3)), (4, "市发改委", D(0)),
    ]
    # Q2: 市发改委 6.66 + 43 = 49.66; 德清县 13; 吴兴区 6.68; 南浔区 6.66
    assert ranking(rank_units(scores, "quarter", year=2018, number=2)) == [
        (1, "市发改委", D("49.66")), (2, "德清县", D(13)), (3, "吴兴区", D("6.68")), (4, "南浔区", D("6.66")),
    ]
    # February: only 吴兴区 scores; the other three share rank 2 (1, 2, 2, 2)
    rows = rank_units(scores, "month", year=2018, number=2, units=["吴兴区", "南浔区", "德清县", "市发改委"])
    assert [r.rank for r in rows] == [1, 2, 2, 2]


def test_huzhou_has_no_penalties_configured(hz):
    item = Item("H9", "德清县", d(4, 1, 2018), penalties=[Penalty("commission_missed", d(4, 30, 2018))])
    with pytest.raises(ScoringError, match="未配置该扣分项"):
        score_items([item], hz)


def test_ranking_rows_show_the_lines_behind_the_total(hz):
    scores = score_items(HZ_ITEMS, hz, parent_units=HZ_PARENTS)
    (row,) = [r for r in rank_units(scores, "year", year=2018) if r.unit == "德清县"]
    assert sum(ln.points for ln in row.lines) == row.points == D(16)
    assert {ln.item_id for ln in row.lines} == {"H3", "H5"}
    assert row.adopted_items == 2 and row.last_adoption == d(4, 16, 2018)


# ===========================================================================
# 广元 (table A), 2008 — a smaller check
# ===========================================================================


def test_guangyuan_items():
    rs = guangyuan_2008()
    items = [
        # 约稿 adopted in 《政务晨讯》 5 + 《川政晨讯》(重要) 5 + 国务院领导批示 +20 = 30
        Item(
            "G1", "利州区", d(5, 1, 2008), kind="约稿",
            adoptions=[Adoption("gy_chenxun", d(5, 2, 2008)), Adoption("sc_chenxun_zhongyao", d(5, 9, 2008))],
            instructions=[Instruction("national", d(5, 20, 2008))],
        ),
        # portal photo 0.5 + 《政务晨讯》 2 + 县级领导批示 (not in the table) 0
        #   + 批示 feedback late −10 = −7.5
        Item(
            "G2", "苍溪县", d(6, 1, 2008),
            adoptions=[Adoption("gy_website", d(6, 2, 2008), form="photo"), Adoption("gy_chenxun", d(6, 3, 2008))],
            instructions=[Instruction("county", d(6, 4, 2008))],
            penalties=[Penalty("instruction_feedback_missed", d(6, 30, 2008))],
        ),
    ]
    s = by_id(score_items(items, rs))
    assert s["G1"].total == D(30)
    assert s["G2"].total == D("-7.5")
    # a 约稿 never answered at all, charged to the unit: −10
    lines = score_penalties([Penalty("commission_missed", d(7, 1, 2008), unit="苍溪县")], rs)
    assert totals_by_unit(lines) == {"苍溪县": D(-10)}
    assert ranking(rank_units(list(s.values()) + lines, "year", year=2008)) == [
        (1, "利州区", D(30)), (2, "苍溪县", D("-17.5")),
    ]


# ===========================================================================
# recommended default (§7): quotas, tie-breakers, penalties, multipliers, years
# ===========================================================================

CLASSES = {"甲县": "一类", "乙县": "二类", "丙局": "三类", "丁局": "四类"}


def _submissions(unit, month, n, year=2024, status="submitted"):
    return [Item(f"{unit}-{month}-{i}-{status}", unit, dt.date(year, month, 1 + i), status=status) for i in range(n)]


@pytest.fixture
def default():
    return recommended_default(2024)


def quota_items():
    return (
        # January: 甲县 6 (quota 6, met), 乙县 4 (quota 5, missed), 丙局 3 (quota 3, met),
        #          丁局 2 (quota 2, met) + 1 withdrawn (not counted) + 1 draft (not counted)
        _submissions("甲县", 1, 6) + _submissions("乙县", 1, 4) + _submissions("丙局", 1, 3)
        + _submissions("丁局", 1, 2) + _submissions("丁局", 1, 1, status="withdrawn")
        + _submissions("丁局", 1, 1, status="draft")
        # February: 甲县 5 (missed), 乙县 5 adopted/not-adopted mix (met), 丙局 0 (missed), 丁局 2 (met)
        + _submissions("甲县", 2, 5) + _submissions("乙县", 2, 3, status="adopted")
        + _submissions("乙县", 2, 2, status="not_adopted") + _submissions("丁局", 2, 2)
    )


def test_default_monthly_quota(default):
    results = quota_fulfilment(quota_items(), default, CLASSES, 2024, until=dt.date(2024, 2, 29))
    table = {(r.unit, r.label): (r.required, r.submitted, r.met, r.points) for r in results}
    assert table == {
        ("甲县", "2024年1月"): (6, 6, True, D(10)),
        ("甲县", "2024年2月"): (6, 5, False, D(0)),
        ("乙县", "2024年1月"): (5, 4, False, D(0)),
        ("乙县", "2024年2月"): (5, 5, True, D(10)),
        ("丙局", "2024年1月"): (3, 3, True, D(10)),
        ("丙局", "2024年2月"): (3, 0, False, D(0)),
        ("丁局", "2024年1月"): (2, 2, True, D(10)),
        ("丁局", "2024年2月"): (2, 2, True, D(10)),
    }
    # ranked over the two months: 丁局 20; the others 10 each with no adoptions → shared 2nd
    rows = rank_units(quota_lines(results), "custom", start=dt.date(2024, 1, 1), end=dt.date(2024, 2, 29),
                      unit_classes=CLASSES, quota_results=results)
    assert ranking(rows) == [(1, "丁局", D(20)), (2, "甲县", D(10)), (2, "乙县", D(10)), (2, "丙局", D(10))]
    assert rows[0].quota_met == 2 and len(rows[1].quota) == 2
    # within class every unit is alone in its class
    assert [r.rank for r in rank_units(quota_lines(results), "year", year=2024, unit_classes=CLASSES, within_class=True)] == [1, 1, 1, 1]


def test_quota_annual_cap_and_missed_deduction(default):
    quota = default.quota
    capped = default.copy_for_year(
        2024,
        quota=type(quota)(per_class={"四类": 2}, base_points=10, miss_deduction=5, annual_cap=25),
    )
    items = _submissions("丁局", 1, 2) + _submissions("丁局", 2, 2) + _submissions("丁局", 3, 3) + _submissions("丁局", 4, 1)
    results = quota_fulfilment(items, capped, {"丁局": "四类"}, 2024, until=dt.date(2024, 4, 30))
    # Jan 10, Feb 10 (20 so far), Mar would be 10 but only 25 − 20 = 5 remain, Apr missed → −5
    assert [r.points for r in results] == [D(10), D(10), D(5), D(-5)]
    assert "年度上限25分" in results[2].explanation


def test_weekly_quota_with_extra_items(default):
    # unnamed city (§5 G): ≥ 2 items a week; base 1 point, +1 per extra item
    weekly = default.copy_for_year(
        2024, quota=type(default.quota)(per_class={"全部": 2}, period="week", base_points=1, extra_item_points=1)
    )
    # ISO week 1 of 2024 is 1–7 January: 4 items → 1 + 2 = 3; week 2 (8–14 Jan): 1 item → 0
    items = [Item(f"w{i}", "某局", dt.date(2024, 1, 1 + i)) for i in range(4)] + [Item("w9", "某局", dt.date(2024, 1, 9))]
    results = quota_fulfilment(items, weekly, {"某局": "全部"}, 2024, until=dt.date(2024, 1, 14))
    assert [(r.label, r.submitted, r.points) for r in results] == [("2024年第1周", 4, D(3)), ("2024年第2周", 1, D(0))]


def test_default_tie_breakers_and_standard_competition_ranking(default):
    m = lambda day: dt.date(2024, 3, day)  # noqa: E731
    items = [
        # U1: 省办 专报 20 (provincial adoption) → 20, first on the level tie-breaker
        Item("a", "U1", m(1), adoptions=[Adoption("up_special", m(25))]),
        # U2: own 增刊 20 on 10 March (one item, city level 20)
        Item("b", "U2", m(1), adoptions=[Adoption("own_supplement", m(10))]),
        # U3: two own 专报 of 10 each = 20 (city level 20, but two adopted items)
        Item("c1", "U3", m(1), adoptions=[Adoption("own_special", m(2))]),
        Item("c2", "U3", m(2), adoptions=[Adoption("own_special", m(28))]),
        # U4, U5: own 增刊 20 on 20 March — later than U2, identical to each other
        Item("d", "U4", m(1), adoptions=[Adoption("own_supplement", m(20))]),
        Item("e", "U5", m(1), adoptions=[Adoption("own_supplement", m(20))]),
        # U6: nothing adopted
        Item("f", "U6", m(1)),
    ]
    rows = rank_units(score_items(items, default), "month", year=2024, number=3, units=["U1", "U2", "U3", "U4", "U5", "U6"])
    # all of U1..U5 have 20 points: U1 (provincial) > U3 (2 items) > U2 (last adoption 10 March)
    # > U4 = U5 (20 March, tied) ; U6 0 → ranks 1, 2, 3, 4, 4, 6
    assert [(r.rank, r.unit) for r in rows] == [(1, "U1"), (2, "U3"), (3, "U2"), (4, "U4"), (4, "U5"), (6, "U6")]


def test_default_points_and_instruction_levels(default):
    y = lambda mo, day: dt.date(2024, mo, day)  # noqa: E731
    item = Item(
        "x", "甲县", y(1, 2),
        adoptions=[
            Adoption("own_regular", y(1, 3), form="brief"),  # 简讯 1
            Adoption("own_website", y(1, 3), form="photo"),  # photo 0.5
            Adoption("up_research", y(1, 20)),  # 省办 调研 30
            Adoption("national", y(2, 1)),  # 国办 50
        ],
        forwardings=[Forwarding("province", y(1, 5)), Forwarding("national", y(1, 25))],  # 2 + 10
        instructions=[
            Instruction("county", y(1, 4)),  # +5
            Instruction("city", y(1, 6)),  # +10
            Instruction("province", y(1, 22)),  # +50
            Instruction("national", y(2, 5)),  # +100
        ],
        penalties=[Penalty("instruction_feedback_missed", y(2, 20))],  # −10
    )
    (s,) = score_items([item], default)
    # 1 + 0.5 + 30 + 50 + 2 + 10 + 5 + 10 + 50 + 100 − 10 = 248.5
    assert s.total == D("248.5")


def test_forwarding_multipliers(default):
    qz = default.copy_for_year(2024, forwarding_multipliers={"province": 2, "national": 5})
    y = lambda mo, day: dt.date(2024, mo, day)  # noqa: E731
    items = [
        # forwarded by this office: 省办 10 × 2 = 20, 国办 50 × 5 = 250 → 270
        Item("f1", "甲县", y(1, 1), adoptions=[Adoption("up_regular", y(1, 5), via_office=True), Adoption("national", y(2, 1), via_office=True)]),
        # reported directly: no multiplier → 10
        Item("f2", "乙县", y(1, 1), adoptions=[Adoption("up_regular", y(1, 5))]),
    ]
    s = by_id(score_items(items, qz))
    assert (s["f1"].total, s["f2"].total) == (D(270), D(10))
    assert "×2" in s["f1"].events[0].explanation


def test_penalties_and_zero_year_rule(default):
    strict = default.copy_for_year(2024, zero_year_after_missed_commissions=2)
    y = lambda mo, day: dt.date(2024, mo, day)  # noqa: E731
    # 甲县: own 专报 10 + 调研 20 = 30, then two 约稿 missed (−10 each) → 10 on the ledger
    scores = score_items(
        [Item("z1", "甲县", y(1, 1), adoptions=[Adoption("own_special", y(1, 2)), Adoption("own_research", y(3, 2))])],
        strict,
    )
    pens = score_penalties(
        [Penalty("commission_missed", y(2, 1), unit="甲县"), Penalty("commission_missed", y(5, 1), unit="甲县"),
         Penalty("emergency_late", y(6, 1), unit="乙县", note="7月暴雨灾情迟报")],
        strict,
    )
    assert "并通报" in pens[2].explanation
    lines = scores + pens
    # January (one ledger line: 10) is not affected by the year rule
    assert ranking(rank_units(lines, "month", year=2024, number=1, units=["甲县"])) == [(1, "甲县", D(10))]
    # the year: 甲县 missed 2 约稿 → zero; 乙县 −10; so 甲县 0 ranks above 乙县
    rows = rank_units(lines, "year", year=2024, rule_set=strict)
    assert ranking(rows) == [(1, "甲县", D(0)), (2, "乙县", D(-10))]
    assert "年度得分为零" in rows[0].note
    # without the option (the default) the ledger total stands: 30 − 20 = 10
    assert ranking(rank_units(lines, "year", year=2024, rule_set=default))[0] == (1, "甲县", D(10))


def test_events_use_the_rule_set_of_their_year():
    rs2018 = recommended_default(2018)
    data = rs2018.to_dict()
    data["year"] = 2019
    data["publications"][0]["points"]["base"] = "4"  # own_regular 3 → 4 in 2019
    from info_reporting.rule_sets import RuleSet

    book = RuleSetBook([rs2018, RuleSet.from_dict(data)])
    item = Item(
        "y", "甲县", dt.date(2018, 12, 20),
        adoptions=[Adoption("own_regular", dt.date(2018, 12, 28)), Adoption("own_regular", dt.date(2019, 1, 3), issue="2019年第1期")],
    )
    (s,) = score_items([item], book)
    # 3 (2018 set) + 4 (2019 set)
    assert [(ln.points, ln.rule_set_year) for ln in s.lines] == [(D(3), 2018), (D(4), 2019)]
    assert ranking(rank_units([s], "year", year=2019)) == [(1, "甲县", D(4))]
    late = Item("z", "甲县", dt.date(2019, 12, 1), adoptions=[Adoption("own_regular", dt.date(2020, 1, 2))])
    with pytest.raises(MissingRuleSet, match="2020年度"):
        score_items([late], book)


def test_scoring_input_errors_are_chinese(default):
    y = dt.date(2024, 1, 1)
    with pytest.raises(ScoringError, match="没有该刊物"):
        score_items([Item("a", "甲县", y, adoptions=[Adoption("nope", y)])], default)
    with pytest.raises(ScoringError, match="没有被该刊物采用"):
        score_items([Item("a", "甲县", y, instructions=[Instruction("city", y, "own_regular")])], default)
    with pytest.raises(ScoringError, match="类型"):
        score_items([Item("a", "甲县", y, kind="杂谈")], default)
    with pytest.raises(ScoringError, match="重复"):
        score_items([Item("a", "甲县", y), Item("a", "乙县", y)], default)
    with pytest.raises(ScoringError, match="本级"):
        score_items([Item("a", "甲县", y, forwardings=[Forwarding("city", y)])], default)
    with pytest.raises(ScoringError, match="类别"):
        quota_fulfilment([], default, {"甲县": "五类"}, 2024)
    with pytest.raises(ScoringError, match="季度"):
        rank_units([], "quarter", year=2024, number=5)
    with pytest.raises(ScoringError, match="单位"):
        score_penalties([Penalty("commission_missed", y)], default)
