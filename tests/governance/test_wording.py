import pytest

from governance.checks import wording
from governance.checks.wording import DEFAULT_RULES, WordingRule, WordingRuleError


def found(text, rules=None):
    return [(text[f.start : f.end], f.check, f.severity, f.suggestion) for f in wording.scan(text, rules)]


def test_outdated_names_with_positions_lines_and_excerpt():
    text = "关于转发\n国家计委《通知》的通知，请卫计委和环保部落实。"
    fs = wording.scan(text, field="title")
    assert [(f.start, f.end, f.line) for f in fs] == [(5, 9, 2), (18, 21, 2), (22, 25, 2)]
    assert [f.suggestion for f in fs] == ["国家发展改革委", "卫生健康委", "生态环境部"]
    assert all(f.check == "wording.outdated" and f.severity == "warning" for f in fs)
    assert fs[0].field == "title"
    assert "【国家计委】" in fs[0].excerpt
    assert fs[0].message == "“国家计委”为过时表述（2003年已更名），建议改为“国家发展改革委”"


def test_historical_usage_and_generic_departments_are_not_flagged():
    assert found("原国家计委、原环保部、原国家卫生计生委印发的文件继续有效") == []
    assert found("各级环保部门、国土资源部门、农业部门要加强协作") == []
    assert found("美国农业部发布报告；美国国税局") == []


def test_longest_match_wins():
    assert found("国家卫生计生委") == [("国家卫生计生委", "wording.outdated", "warning", "国家卫生健康委")]
    assert found("国务院法制办公室") == [("国务院法制办公室", "wording.outdated", "warning", "司法部")]
    assert found("市卫生计生委") == [("卫生计生委", "wording.outdated", "warning", "卫生健康委")]


def test_serious_errors_are_errors():
    assert found("《中华人名共和国政府信息公开条例》") == [
        ("中华人名共和国", "wording.error", "error", "中华人民共和国")
    ]
    assert found("坚持和发展中国特色社会主意") == [
        ("特色社会主意", "wording.error", "error", "特色社会主义")
    ]
    assert found("中华人民共和国") == []


def test_banned_expressions():
    assert found("北朝鲜") == [("北朝鲜", "wording.banned", "error", "朝鲜")]
    assert found("残废人")[0][2] == "warning"


def test_custom_rules_as_tuples():
    rules = [
        ("某某局", "outdated", "某某中心", "error"),
        ("不准说", "banned", "", "warning"),
    ]
    text = "某某局说不准说"
    assert found(text, rules) == [
        ("某某局", "wording.outdated", "error", "某某中心"),
        ("不准说", "wording.banned", "warning", ""),
    ]
    (f,) = wording.scan("不准说", [("不准说", "banned", "")])
    assert f.severity == "error"  # default for banned
    assert f.message == "“不准说”为禁用表述，请删除或改写"


def test_regex_rule_and_exceptions():
    rule = WordingRule(r"[0-9]{4}年度报表", "error", "年度报表", regex=True)
    assert [t for t, *_ in found("2018年度报表", [rule])] == ["2018年度报表"]
    rule = WordingRule("工商局", "outdated", "市场监督管理局", ignore_before=("原",), ignore_after=("长",))
    assert found("原工商局；工商局长；县工商局", [rule]) == [
        ("工商局", "wording.outdated", "warning", "市场监督管理局")
    ]


def test_invalid_rules_are_refused_in_chinese():
    with pytest.raises(WordingRuleError, match="类型"):
        WordingRule("x", "typo", "y")
    with pytest.raises(WordingRuleError, match="严重程度"):
        WordingRule("x", "error", "y", severity="fatal")
    with pytest.raises(WordingRuleError, match="建议"):
        WordingRule("x", "outdated")
    with pytest.raises(WordingRuleError, match="正则"):
        WordingRule("(", "banned", regex=True)
    with pytest.raises(WordingRuleError, match="匹配内容"):
        WordingRule("  ", "banned")
    with pytest.raises(WordingRuleError, match="重复"):
        wording.validate_rules([("甲", "banned", ""), ("甲", "banned", "乙")])
    with pytest.raises(ValueError):
        wording.coerce_rule("甲")


def test_default_rules_are_valid_and_do_not_flag_their_own_suggestions():
    assert wording.validate_rules(DEFAULT_RULES)
    for rule in DEFAULT_RULES:
        assert found(rule.suggestion) == [], rule.suggestion


def test_empty_text():
    assert wording.scan("") == []
