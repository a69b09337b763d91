"""Scoring rules per year in the admin: validated through the plain rule-set module, so
negative values and missing levels are refused with Chinese reasons before anything is saved."""
from decimal import Decimal as D

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from info_reporting.models import AdoptionLevel, ScoringRuleSet
from info_reporting.rule_sets import RuleSetError, huzhou_2018, recommended_default

pytestmark = pytest.mark.django_db
ADD = "/admin/snippets/info_reporting/scoringruleset/add/"


def form(levels, year=2027, overrides=None, rows=None, **fields):
    data = {
        "year": year, "name": "测试规则", "office_level": "city", "source": "", "notes": "",
        "combination": "cumulative", "instruction_combination": "once_per_level",
        "instruction_county": "5", "instruction_city": "10", "instruction_province": "50", "instruction_national": "100",
        "multiplier_province": "", "multiplier_national": "", "quota_period": "month", "quota_base_points": "10",
        "quota_extra_item_points": "0", "quota_miss_deduction": "0", "quota_annual_cap": "120",
        "penalty_commission_missed": "10", "penalty_instruction_feedback_missed": "", "penalty_emergency_late": "",
        "zero_year_after_missed_commissions": "",
        "level_points": inline_formset(rows if rows is not None else [
            {"level": lvl.pk, "points": (overrides or {}).get(lvl.code, "3"), "brief_points": "", "photo_points": "",
             "merged_points": "", "instruction_points": ""} for lvl in levels
        ]),
        "kind_points": inline_formset([]),
        "quota_classes": inline_formset([{"unit_class": "一类", "per_period": "6", "yearly_items": "", "target_points": ""}]),
        "unit_classes": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


@pytest.fixture
def levels(default_rules):
    return list(AdoptionLevel.objects.filter(is_active=True))


def test_admin_saves_a_complete_rule_set(client_for, levels):
    response = client_for("admin").post(ADD, form(levels))
    assert response.status_code == 302, response.content.decode()[-3000:]
    rs = ScoringRuleSet.objects.get(year=2027)
    plain = rs.to_rule_set()
    assert plain.instruction_points["province"] == D(50)
    assert plain.quota.per_class == {"一类": 6}


def test_negative_points_are_refused(client_for, levels):
    response = client_for("admin").post(ADD, form(levels, overrides={"national": "-5"}))
    assert response.status_code == 200
    assert "刊物“国办采用”的分值不能为负数（当前为-5" in response.content.decode()
    assert not ScoringRuleSet.objects.filter(year=2027).exists()


def test_missing_instruction_level_is_refused(client_for, levels):
    response = client_for("admin").post(ADD, form(levels, instruction_national=""))
    assert "批示加分缺少国家级领导批示的分值（该级批示不加分请填 0）" in response.content.decode()
    assert not ScoringRuleSet.objects.filter(year=2027).exists()


def test_missing_adoption_level_is_refused(client_for, levels):
    rows = [{"level": lvl.pk, "points": "3", "brief_points": "", "photo_points": "", "merged_points": "",
             "instruction_points": ""} for lvl in levels if lvl.code != "national"]
    response = client_for("admin").post(ADD, form(levels, rows=rows))
    assert "缺少采用级别“国办采用”的分值（该级别不计分请填 0，停用的级别可不填）" in response.content.decode()
    assert not ScoringRuleSet.objects.filter(year=2027).exists()


def test_a_level_row_without_points_and_an_unknown_unit_class_are_refused(client_for, levels, unit_of):
    response = client_for("admin").post(ADD, form(levels, overrides={"national": ""}, unit_classes=inline_formset([
        {"unit": unit_of("示范市财政局").pk, "unit_class": "五类", "direct_point": ""},
    ])))
    html = response.content.decode()
    assert "刊物“国办采用”缺少分值" in html
    assert "单位“示范市财政局”的类别“五类”不在定额表中（可选：一类）" in html


def numbers(value):
    """Compare serialised rule sets by value: "3.00" and "3" are the same points."""
    if isinstance(value, dict):
        return {k: numbers(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [numbers(v) for v in value]
    if isinstance(value, str):
        try:
            return D(value)
        except Exception:
            return value
    return value


def test_real_tables_round_trip_through_the_admin_model(info_site):
    rs = ScoringRuleSet.from_plain(huzhou_2018())
    stored, original = numbers(rs.to_rule_set().to_dict()), numbers(huzhou_2018().to_dict())
    for key in ("publications", "instruction_points", "forwarding_points", "combination", "penalties", "credit_direct_to_parent"):
        assert stored[key] == original[key], key
    assert rs.to_rule_set().forwarding_points["province"].by_kind == {"专报": D(10), "约稿": D(10)}
    with pytest.raises(RuleSetError, match="2018年度已有计分规则集"):
        ScoringRuleSet.from_plain(huzhou_2018())


def test_copy_last_years_rules(default_rules):
    new = default_rules.copy_to_year(default_rules.year + 1)
    assert numbers(new.to_rule_set().to_dict() | {"year": 0}) == numbers(default_rules.to_rule_set().to_dict() | {"year": 0})
    assert recommended_default(new.year).publication("national").points.base == new.to_rule_set().publication("national").points.base
