"""Real local scoring tables (info_reporting.md §5), loaded into the admin-editable rule sets
from the plain module, applied to items recorded through the services; the ranking computed
from the records must be the hand-worked one and the plain engine's. Joint submissions are
not modelled on the Django side, so the joint items of the plain tests are left out."""
import datetime
from decimal import Decimal as D

import pytest

from info_reporting import ledger, services
from info_reporting.models import ScoringRuleSet
from info_reporting.rule_sets import guangyuan_2008, huzhou_2018, lianyungang
from info_reporting.scoring import rank_units, score_items

pytestmark = pytest.mark.django_db


def d(y, m, day):
    return datetime.date(y, m, day)


@pytest.fixture
def units(info_site):
    from cms_pages.models import OrganisationUnit

    made = {}
    for name in ("吴兴区", "南浔区", "德清县", "市发改委", "赣榆区", "东海县", "灌云县", "利州区", "苍溪县"):
        made[name] = OrganisationUnit.objects.create(name=name)
    made["德清某企业直报点"] = OrganisationUnit.objects.create(name="德清某企业直报点", parent=made["德清县"])
    return made


@pytest.fixture
def record(make_item, users, units):
    """record(unit, kind, adopt=[(code, date, form)], forward=[(code, date)], instruct=[(level, date, on, leader)])"""
    editor = users["editor"]

    def make(title, unit, kind="动态", adopt=(), forward=(), instruct=(), not_adopted=False):
        item = make_item(title, user="admin", unit=units[unit], category=kind)
        item = services.submit(item, users["admin"])
        if not_adopted:
            return services.not_adopt(item, editor)
        first, *rest = adopt
        code, date, *form = first
        services.adopt(item, editor, [code], date=date, form=(form or ["full"])[0])
        for code, date, *form in rest:
            services.add_adoptions(item, editor, [code], date=date, form=(form or ["full"])[0])
        for code, date in forward:
            services.add_adoptions(item, editor, [code], date=date)
        for level, date, on, leader in instruct:
            services.record_instruction(item, editor, leader or "某领导", level, date=date, on_level_code=on)
        return item

    return make


def ranking(rows):
    return [(r.rank, r.unit, r.points) for r in rows]


def test_huzhou_2018_table_and_ranking(record, units):
    rs = ScoringRuleSet.from_plain(huzhou_2018(), direct_points=[units["德清某企业直报点"]])
    assert rs.to_rule_set().publication("zj_zhuanbao").points.base == D(40)
    # H1 吴兴区 要情: 每日要情 3 + 市领导批示 +10 (+0 for the second) + 报送省办 3 + 省办采用 10
    #   + 省领导批示 50 (+0 for the second) = 76
    record("H1 吴兴区要情", "吴兴区", "要情",
           adopt=[("hz_meiri", d(2018, 2, 2)), ("zj_adopt", d(2018, 2, 12))],
           forward=[("forward_province", d(2018, 2, 5))],
           instruct=[("city", d(2018, 2, 3), "hz_meiri", "甲"), ("city", d(2018, 2, 4), "hz_meiri", "乙"),
                     ("province", d(2018, 2, 20), None, ""), ("province", d(2018, 2, 22), None, "")])
    # H2 南浔区 专报: 专报信息 10 + 批示 +20 + 报送省办(专报) 10 + 省办专报 40 = 80
    record("H2 南浔区专报", "南浔区", "专报",
           adopt=[("hz_zhuanbao", d(2018, 3, 5)), ("zj_zhuanbao", d(2018, 3, 20))],
           forward=[("forward_province", d(2018, 3, 8))],
           instruct=[("city", d(2018, 3, 6), "hz_zhuanbao", "")])
    # H3 an enterprise 直报点 of 德清县: 每日要情 3, credited to 德清县
    record("H3 直报点", "德清某企业直报点", adopt=[("hz_meiri", d(2018, 3, 12))])
    # H5 德清县 约稿: 报送省办(约稿) 10 + 每日要情 3 = 13
    record("H5 德清县约稿", "德清县", "约稿",
           adopt=[("hz_meiri", d(2018, 4, 16))], forward=[("forward_province", d(2018, 4, 18))])
    # H6 市发改委 动态: 报送省办 3 + 省办采用 10 + 国办专报 30 = 43
    record("H6 市发改委动态", "市发改委",
           adopt=[("zj_adopt", d(2018, 5, 10)), ("guoban_zhuanbao", d(2018, 5, 30))],
           forward=[("forward_province", d(2018, 5, 4))])

    year = ledger.compute_ranking("year", 2018)
    assert year.error == ""
    assert ranking(year.rows) == [
        (1, "南浔区", D(80)), (2, "吴兴区", D(76)), (3, "市发改委", D(43)), (4, "德清县", D(16)),
    ]
    (dq,) = [r for r in year.rows if r.unit == "德清县"]
    assert any("计入“德清县”" in ln.explanation for ln in dq.lines)
    q1 = ledger.compute_ranking("quarter", 2018, 1)
    assert ranking(q1.rows) == [(1, "南浔区", D(80)), (2, "吴兴区", D(76)), (3, "德清县", D(3)), (4, "市发改委", D(0))]
    q2 = ledger.compute_ranking("quarter", 2018, 2)
    assert ranking(q2.rows)[:2] == [(1, "市发改委", D(43)), (2, "德清县", D(13))]
    assert sorted(ranking(q2.rows)[2:]) == [(3, "南浔区", D(0)), (3, "吴兴区", D(0))]  # shared rank
    # the same records through the plain engine directly give the same ranking
    book, by_year = ledger.rule_book()
    plain = rank_units(score_items(ledger.plain_items(), book, parent_units=ledger._parents(by_year)), "year", year=2018)
    assert ranking(plain) == ranking(year.rows)


def test_lianyungang_table_and_ranking(record):
    ScoringRuleSet.from_plain(lianyungang(2015))
    # L1 赣榆区: 昨日情况 3 + 转报省 2 + 市领导批示 on 昨日情况 5 + 江苏信息摘编 10 + 省领导批示 50 = 70
    record("L1", "赣榆区", adopt=[("lyg_zuori", d(2015, 3, 3)), ("js_zhaibian", d(2015, 3, 10))],
           forward=[("forward_province", d(2015, 3, 4))],
           instruct=[("city", d(2015, 3, 5), "lyg_zuori", ""), ("province", d(2015, 3, 15), None, "")])
    # L2 东海县 调研: 政务建议 20 + 批示 10 + 转报省 2 + 省办专报(调研) 30 + 选送国办 10 + 国办 50 + 国务院领导批示 100 = 222
    record("L2", "东海县", "调研",
           adopt=[("lyg_jianyi", d(2015, 4, 8)), ("js_zhuanbao", d(2015, 4, 20)), ("guoban", d(2015, 5, 6))],
           forward=[("forward_province", d(2015, 4, 10)), ("forward_national", d(2015, 4, 25))],
           instruct=[("city", d(2015, 4, 9), "lyg_jianyi", ""), ("national", d(2015, 5, 20), None, "")])
    # L3 灌云县: 昨日情况 简讯 1 + 专报信息 3 + 市领导批示 5 (+0 for the same level again) = 9
    record("L3", "灌云县", adopt=[("lyg_zuori", d(2015, 3, 10), "brief"), ("lyg_zhuanbao", d(2015, 3, 12))],
           instruct=[("city", d(2015, 3, 11), "lyg_zuori", "甲"), ("city", d(2015, 3, 12), "lyg_zuori", "乙")])
    # L5 市发改委: 专报信息 3 (+ 市领导批示 on it: no value in the table) = 3
    record("L5", "市发改委", adopt=[("lyg_zhuanbao", d(2015, 3, 21))], instruct=[("city", d(2015, 3, 22), "lyg_zhuanbao", "")])
    record("L6", "赣榆区", not_adopted=True)
    # L7 赣榆区 July: 互联网信息摘编 5; L8 灌云县 July: 昨日情况 3 + 转报省 2 = 5
    record("L7", "赣榆区", adopt=[("js_hulianwang", d(2015, 7, 3))])
    record("L8", "灌云县", adopt=[("lyg_zuori", d(2015, 7, 3))], forward=[("forward_province", d(2015, 7, 4))])

    assert ranking(ledger.compute_ranking("year", 2015).rows) == [
        (1, "东海县", D(222)), (2, "赣榆区", D(75)), (3, "灌云县", D(14)), (4, "市发改委", D(3)),
    ]
    july = ledger.compute_ranking("month", 2015, 7).rows
    # tied at 5: 赣榆区's points come from a provincial adoption, so it ranks first
    assert [(r.rank, r.unit, r.points) for r in july][:2] == [(1, "赣榆区", D(5)), (2, "灌云县", D(5))]


def test_guangyuan_2008_with_penalties(record, units, users):
    from info_reporting.models import PenaltyRecord

    ScoringRuleSet.from_plain(guangyuan_2008())
    # G1 利州区 约稿: 政务晨讯(约稿) 5 + 川政晨讯(重要) 5 + 国务院领导批示 20 = 30
    record("G1", "利州区", "约稿", adopt=[("gy_chenxun", d(2008, 5, 2)), ("sc_chenxun_zhongyao", d(2008, 5, 9))],
           instruct=[("national", d(2008, 5, 20), None, "")])
    # G2 苍溪县: 网站图片 0.5 + 政务晨讯 2 + 县级领导批示 0 − 批示反馈迟报 10 = −7.5; 约稿未报 −10
    g2 = record("G2", "苍溪县", adopt=[("gy_website", d(2008, 6, 2), "photo"), ("gy_chenxun", d(2008, 6, 3))],
                instruct=[("county", d(2008, 6, 4), None, "")])
    PenaltyRecord.objects.create(unit=units["苍溪县"], item=g2, kind="instruction_feedback_missed", date=d(2008, 6, 30))
    PenaltyRecord.objects.create(unit=units["苍溪县"], kind="commission_missed", date=d(2008, 7, 1))
    assert ranking(ledger.compute_ranking("year", 2008).rows) == [(1, "利州区", D(30)), (2, "苍溪县", D("-17.5"))]
    assert ledger.item_score(g2)[0] == D("-7.5")


def test_default_rules_quota_fulfilment_and_this_years_ranking(submitted_item, users, default_rules, unit_of):
    from info_reporting.models import RuleSetUnitClass

    year = datetime.date.today().year
    RuleSetUnitClass.objects.create(rule_set=default_rules, unit=unit_of("示范市东城区人民政府"), unit_class="四类")
    first = submitted_item("甲")
    submitted_item("乙")
    services.adopt(first, users["editor"], ["own_regular", "own_special"])
    month = datetime.date.today().month
    r = ledger.compute_ranking("month", year, month)
    (row,) = r.rows
    # 本级采用 3 + 编入刊物(专报) 10 + this month's quota met (2 items, 四类 needs 2) 10 — unless the
    # month has not ended yet, in which case its quota period is not assessed yet
    assert row.points in (D(13), D(23))
    assert row.adopted_items == 1


def test_missing_rule_set_is_reported_not_crashed(info_site):
    r = ledger.compute_ranking("year", 2001)
    assert r.error == "" and r.rows == []


def test_quota_fulfilment_for_a_past_month_is_shown_and_scored(make_item, users, unit_of, info_site, client_for):
    """Recommended default, 四类 (2 items a month): March 2025 met (2 items) → 10 base points;
    April 2025 missed (1 item) → 0."""
    from info_reporting.models import InfoReportPage, RuleSetUnitClass
    from info_reporting.rule_sets import recommended_default
    from info_reporting.setup import ensure_default_rules

    ensure_default_rules()
    rs = ScoringRuleSet.from_plain(recommended_default(2025))
    RuleSetUnitClass.objects.create(rule_set=rs, unit=unit_of("示范市东城区人民政府"), unit_class="四类")
    import zoneinfo

    tz = zoneinfo.ZoneInfo("Asia/Shanghai")
    for title, day in (("三月一", d(2025, 3, 3)), ("三月二", d(2025, 3, 20)), ("四月一", d(2025, 4, 8))):
        item = make_item(title)
        services.submit(item, users["reporter"])
        InfoReportPage.objects.filter(pk=item.pk).update(
            submitted_at=datetime.datetime.combine(day, datetime.time(9), tzinfo=tz)
        )
    march = ledger.compute_ranking("month", 2025, 3)
    (row,) = march.rows
    assert row.points == D(10) and row.quota_met == 1
    assert [(q.label, q.submitted, q.met) for q in march.quota] == [("2025年3月", 2, True)]
    april = ledger.compute_ranking("month", 2025, 4)
    assert april.rows[0].points == D(0)
    assert [(q.label, q.submitted, q.met) for q in april.quota] == [("2025年4月", 1, False)]
    html = client_for("editor").get("/admin/info-reporting/rankings/?period=month&year=2025&number=3").content.decode()
    assert "定额完成情况" in html and "2025年3月" in html
