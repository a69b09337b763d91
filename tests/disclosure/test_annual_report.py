"""Annual report tables (disclosure.md §7.3–7.5): labels, derivation from records, and every rule.

All expected numbers are counted by hand from the records listed in each test.
"""

import copy
import datetime as dt
from decimal import Decimal

import pytest

from disclosure.annual_report import (
    APPLICANT_TYPES,
    CARRIED_IN,
    CARRIED_OUT,
    COMMERCIAL,
    LEGAL_SERVICES,
    NATURAL_PERSON,
    NEW,
    OTHER_ORG,
    PUBLIC_INTEREST,
    REPORT_ROW_LABELS,
    RESEARCH,
    RESULT_CODES,
    RESULTS_TOTAL,
    SECTION2_BLOCKS,
    SECTION3_COLUMNS,
    SECTION3_NOTE,
    SECTION3_ROWS,
    SECTION3_RULES,
    SECTION4_COLUMNS,
    SECTION4_GROUPS,
    TOTAL,
    NormativeDocRecord,
    RedressCase,
    ReportDataError,
    RequestRecord,
    Section3Table,
    build_section2,
    build_section3,
    build_section4,
    check,
)

D = dt.date


# -- labels ---------------------------------------------------------------------------------

def test_section3_labels_exact():
    assert [label for _, label in SECTION3_COLUMNS] == [
        "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"
    ]
    assert SECTION3_NOTE == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert [r.label for r in SECTION3_ROWS] == [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "3.危及“三安全一稳定”",
        "4.保护第三方合法权益",
        "5.属于三类内部事务信息",
        "6.属于四类过程性信息",
        "7.属于行政执法案卷",
        "8.属于行政查询事项",
        "1.本机关不掌握相关政府信息",
        "2.没有现成信息需要另行制作",
        "3.补正后申请内容仍不明确",
        "1.信访举报投诉类申请",
        "2.重复申请",
        "3.要求提供公开出版物",
        "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
        "（七）总计",
        "四、结转下年度继续办理",
    ]
    assert len(SECTION3_ROWS) == 25
    assert sum(r.in_results for r in SECTION3_ROWS) == 22  # 1 + 1 + 8 + 3 + 5 + 3 + 1
    assert len(RESULT_CODES) == 21
    groups = [r.group for r in SECTION3_ROWS if r.group]
    assert groups.count("（三）不予公开") == 8 and groups.count("（四）无法提供") == 3
    assert groups.count("（五）不予处理") == 5 and groups.count("（六）其他处理") == 3
    assert REPORT_ROW_LABELS["R3-3"] == "3.危及“三安全一稳定”"
    assert [rule for rule, _ in SECTION3_RULES] == ["规则1", "规则2", "规则3", "规则4", "规则5"]


def test_section2_and_4_labels_exact():
    assert [(b.header, b.columns, [label for _, label in b.rows]) for b in SECTION2_BLOCKS] == [
        ("第二十条第（一）项", ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"), ["规章", "行政规范性文件"]),
        ("第二十条第（五）项", ("信息内容", "本年处理决定数量"), ["行政许可"]),
        ("第二十条第（六）项", ("信息内容", "本年处理决定数量"), ["行政处罚", "行政强制"]),
        ("第二十条第（八）项", ("信息内容", "本年收费金额（单位：万元）"), ["行政事业性收费"]),
    ]
    assert [b.value_span for b in SECTION2_BLOCKS] == [1, 3, 3, 3]
    assert [label for _, label in SECTION4_GROUPS] == ["行政复议", "未经复议直接起诉", "复议后起诉"]
    assert [label for _, label in SECTION4_COLUMNS] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


# -- Section 三 from records ---------------------------------------------------------------

RECORDS_2025 = [
    # carried in from 2024 (received before 2025-01-01, open on that day)
    RequestRecord(NATURAL_PERSON, D(2024, 12, 20), D(2025, 1, 10), "R1", "a"),
    RequestRecord(COMMERCIAL, D(2024, 12, 25), D(2025, 1, 15), "R4-1", "b"),
    RequestRecord(NATURAL_PERSON, D(2024, 11, 1), D(2024, 12, 1), "R1", "c"),  # closed in 2024: not counted
    RequestRecord(NATURAL_PERSON, D(2024, 12, 30), D(2026, 1, 5), "R1", "d"),  # carried in AND carried out
    # received in 2025
    RequestRecord(NATURAL_PERSON, D(2025, 1, 6), D(2025, 2, 10), "R1", "e"),
    RequestRecord(NATURAL_PERSON, D(2025, 3, 3), D(2025, 4, 18), "R2", "f"),
    RequestRecord(NATURAL_PERSON, D(2025, 5, 6), D(2025, 5, 30), "R3-6", "g"),
    RequestRecord(NATURAL_PERSON, D(2025, 6, 9), D(2025, 7, 17), "R5-2", "h"),
    RequestRecord(NATURAL_PERSON, D(2025, 7, 1), D(2025, 7, 20), "R6-1", "i"),
    RequestRecord(COMMERCIAL, D(2025, 8, 1), D(2025, 8, 20), "R1", "j"),
    RequestRecord(RESEARCH, D(2025, 9, 1), D(2025, 9, 25), "R4-2", "k"),
    RequestRecord(PUBLIC_INTEREST, D(2025, 9, 10), D(2025, 10, 10), "R3-4", "l"),
    RequestRecord(LEGAL_SERVICES, D(2025, 10, 15), D(2025, 11, 10), "R6-2", "m"),
    RequestRecord(OTHER_ORG, D(2025, 11, 3), D(2025, 11, 28), "R6-3", "n"),
    RequestRecord(LEGAL_SERVICES, D(2025, 12, 22), None, None, "o"),  # open at year end
    RequestRecord(NATURAL_PERSON, D(2025, 12, 29), D(2026, 1, 20), "R1", "p"),  # closed next year
    RequestRecord(NATURAL_PERSON, None, None, None, "q"),  # awaiting 受理确认: never counted
    RequestRecord(COMMERCIAL, D(2026, 1, 2), None, None, "r"),  # next year
]

# Hand count (columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计)
#   一  new in 2025: natural e f g h i p = 6; commercial j = 1; research k = 1; public l = 1; legal m o = 2; other n = 1 → 12
#   二  carried in: natural a d = 2; commercial b = 1 → 3
#   R1  a e (natural 2), j (commercial 1) → 3
#   R2  f natural; R3-4 l public; R3-6 g natural; R4-1 b commercial; R4-2 k research;
#   R5-2 h natural; R6-1 i natural; R6-2 m legal; R6-3 n other
#   （七）总计: natural a e f g h i = 6; commercial b j = 2; research 1; public 1; legal 1; other 1 → 12
#   四  open on 12-31: natural d p = 2; legal o = 1 → 3
EXPECTED_NONZERO = {
    NEW: [6, 1, 1, 1, 2, 1, 12],
    CARRIED_IN: [2, 1, 0, 0, 0, 0, 3],
    "R1": [2, 1, 0, 0, 0, 0, 3],
    "R2": [1, 0, 0, 0, 0, 0, 1],
    "R3-4": [0, 0, 0, 1, 0, 0, 1],
    "R3-6": [1, 0, 0, 0, 0, 0, 1],
    "R4-1": [0, 1, 0, 0, 0, 0, 1],
    "R4-2": [0, 0, 1, 0, 0, 0, 1],
    "R5-2": [1, 0, 0, 0, 0, 0, 1],
    "R6-1": [1, 0, 0, 0, 0, 0, 1],
    "R6-2": [0, 0, 0, 0, 1, 0, 1],
    "R6-3": [0, 0, 0, 0, 0, 1, 1],
    RESULTS_TOTAL: [6, 2, 1, 1, 1, 1, 12],
    CARRIED_OUT: [2, 0, 0, 0, 1, 0, 3],
}


@pytest.fixture
def table_2025():
    return build_section3(RECORDS_2025, 2025)


def test_every_cell_of_section3(table_2025):
    cols = [c for c, _ in SECTION3_COLUMNS]
    for r in SECTION3_ROWS:
        expected = EXPECTED_NONZERO.get(r.key, [0] * 7)
        assert [table_2025.get(r.key, c) for c in cols] == expected, r.full_label
    assert table_2025.grid()[0] == ("一、本年新收政府信息公开申请数量", [6, 1, 1, 1, 2, 1, 12])


def test_built_table_satisfies_every_rule(table_2025):
    # rule 1 by hand, 总计 column: 12 + 3 = 15 = 12 + 3; 自然人: 6 + 2 = 8 = 6 + 2; 法律服务机构: 2 + 0 = 1 + 1
    assert check(table_2025) == []
    prev = Section3Table.empty(2024)
    prev.cells[CARRIED_OUT].update({NATURAL_PERSON: 2, COMMERCIAL: 1, TOTAL: 3})
    assert check(table_2025, previous=prev) == []


def test_real_report_example_balances():
    # disclosure.md §7.4: 14069 + 560 = 13810 + 819
    t = Section3Table.empty(2024)
    t.cells[NEW].update({NATURAL_PERSON: 14069, TOTAL: 14069})
    t.cells[CARRIED_IN].update({NATURAL_PERSON: 560, TOTAL: 560})
    t.cells["R1"].update({NATURAL_PERSON: 13810, TOTAL: 13810})
    t.cells[RESULTS_TOTAL].update({NATURAL_PERSON: 13810, TOTAL: 13810})
    t.cells[CARRIED_OUT].update({NATURAL_PERSON: 819, TOTAL: 819})
    assert check(t) == []


def test_inconsistent_section3_reports_each_rule(table_2025):
    t = copy.deepcopy(table_2025)
    t.cells[NEW][NATURAL_PERSON] = 7  # breaks rule 1 (自然人) and rule 3 (row 一)
    t.cells["R3-1"][COMMERCIAL] = -1  # rule 4; rule 2 (商业企业) and rule 3 (row R3-1) then skipped
    t.cells["R5-1"][RESEARCH] = None  # rule 4 (blank)
    t.cells[RESULTS_TOTAL][OTHER_ORG] = 2  # rule 1 (其他), rule 2 (其他), rule 3 (row （七）总计)
    assert check(t) == [
        "规则4（非负整数）：“（三）不予公开 1.属于国家秘密”行“商业企业”列的值“-1”不是非负整数",
        "规则4（非负整数）：“（五）不予处理 1.信访举报投诉类申请”行“科研机构”列为空白，应填0",
        "规则1（勾稽关系）：“自然人”列 一（7）+ 二（2）= 9，不等于 三（七）总计（6）+ 四（2）= 8",
        "规则1（勾稽关系）：“其他”列 一（1）+ 二（0）= 1，不等于 三（七）总计（2）+ 四（0）= 2",
        "规则2（办理结果合计）：“其他”列（七）总计为2，但（一）至（六）各项之和为1",
        "规则3（行合计）：“一、本年新收政府信息公开申请数量”行总计为12，但各类申请人之和为13",
        "规则3（行合计）：“（七）总计”行总计为12，但各类申请人之和为13",
    ]


def test_rule2_alone():
    # a table that balances rule 1 and rule 3 but whose （七）总计 is not the sum of the result rows
    t = Section3Table.empty(2025)
    t.cells[NEW].update({NATURAL_PERSON: 2, TOTAL: 2})
    t.cells["R1"].update({NATURAL_PERSON: 1, TOTAL: 1})
    t.cells[RESULTS_TOTAL].update({NATURAL_PERSON: 2, TOTAL: 2})
    assert check(t) == [
        "规则2（办理结果合计）：“自然人”列（七）总计为2，但（一）至（六）各项之和为1",
        "规则2（办理结果合计）：“总计”列（七）总计为2，但（一）至（六）各项之和为1",
    ]


def test_rule5_cross_year(table_2025):
    prev = Section3Table.empty(2024)
    prev.cells[CARRIED_OUT].update({NATURAL_PERSON: 1, COMMERCIAL: 1, TOTAL: 2})
    assert check(table_2025, previous=prev) == [
        "规则5（跨年衔接，提示）：本年“二、上年结转”“自然人”列为2，与2024年“四、结转下年度继续办理”的1不一致",
        "规则5（跨年衔接，提示）：本年“二、上年结转”“总计”列为3，与2024年“四、结转下年度继续办理”的2不一致",
    ]


def test_bad_records_rejected():
    with pytest.raises(ReportDataError, match="申请人类型“person”无效"):
        build_section3([RequestRecord("person", D(2025, 1, 1))], 2025)
    with pytest.raises(ReportDataError, match="统计项“R9”无效"):
        build_section3([RequestRecord(NATURAL_PERSON, D(2025, 1, 1), D(2025, 2, 1), "R9", "x")], 2025)
    with pytest.raises(ReportDataError, match="统计项“None”无效"):
        build_section3([RequestRecord(NATURAL_PERSON, D(2025, 1, 1), D(2025, 2, 1))], 2025)
    with pytest.raises(ReportDataError, match="早于收到日期"):
        build_section3([RequestRecord(NATURAL_PERSON, D(2025, 3, 1), D(2025, 2, 1), "R1")], 2025)
    assert set(APPLICANT_TYPES) == {NATURAL_PERSON, COMMERCIAL, RESEARCH, PUBLIC_INTEREST, LEGAL_SERVICES, OTHER_ORG}


# -- Section 二 --------------------------------------------------------------------------------

DOCS = [
    NormativeDocRecord("regulation", D(2023, 5, 1)),  # A: in force
    NormativeDocRecord("regulation", D(2025, 3, 1)),  # B: issued 2025
    NormativeDocRecord("regulation", D(2020, 1, 1), repealed_on=D(2025, 6, 30)),  # C: repealed 2025
    NormativeDocRecord("normative_doc", D(2025, 2, 1)),  # D: issued 2025
    NormativeDocRecord("normative_doc", D(2025, 4, 1), expired_on=D(2025, 10, 1)),  # E: issued and expired 2025
    NormativeDocRecord("normative_doc", D(2024, 1, 1), expired_on=D(2024, 12, 1)),  # F: gone before 2025
    NormativeDocRecord("normative_doc", D(2026, 1, 5)),  # G: next year
    NormativeDocRecord("normative_doc", D(2019, 6, 1)),  # H: in force
]


def test_section2_from_records():
    t = build_section2(2025, DOCS, licensing=120, penalty=8, enforcement=0, fees_wan_yuan=Decimal("3.25"))
    # 规章: issued B = 1; repealed C = 1; in force A B = 2
    # 行政规范性文件: issued D E = 2; repealed (incl. expired) E = 1; in force D H = 2
    assert t.documents == {
        "regulations": {"issued": 1, "repealed": 1, "in_force": 2},
        "normative_docs": {"issued": 2, "repealed": 1, "in_force": 2},
    }
    assert t.grid() == [
        ("第二十条第（一）项", "规章", [1, 1, 2]),
        ("第二十条第（一）项", "行政规范性文件", [2, 1, 2]),
        ("第二十条第（五）项", "行政许可", [120]),
        ("第二十条第（六）项", "行政处罚", [8]),
        ("第二十条第（六）项", "行政强制", [0]),
        ("第二十条第（八）项", "行政事业性收费", [Decimal("3.25")]),
    ]
    # 2024: 规章 in force A C = 2; 规范性文件 issued F = 1, expired F = 1, in force H = 1
    prev = build_section2(2024, DOCS, licensing=0, penalty=0, enforcement=0, fees_wan_yuan=0)
    assert prev.documents["normative_docs"] == {"issued": 1, "repealed": 1, "in_force": 1}
    # plausibility: 规章 2 + 1 − 1 = 2 ✓; 规范性文件 1 + 2 − 1 = 2 ✓
    assert check(t, previous=prev) == []


def test_section2_violations():
    t = build_section2(2025, DOCS, licensing=-1, penalty=8, enforcement=0, fees_wan_yuan=1.5)
    prev = build_section2(2024, DOCS, licensing=0, penalty=0, enforcement=0, fees_wan_yuan=0)
    t.documents["regulations"]["in_force"] = 3  # 2 + 1 − 1 = 2 ≠ 3
    assert check(t, previous=prev) == [
        "规则1（非负整数）：“行政许可”的“本年处理决定数量”为“-1”，应为非负整数",
        "规则1（非负金额）：“行政事业性收费”的“本年收费金额（单位：万元）”为“1.5”，应为非负数（Decimal，单位万元）",
        "规则2（提示，非官方格式要求）：“规章”上年现行有效件数2 + 本年制发1 − 本年废止1 = 2，与本年现行有效件数3不一致",
    ]


def test_section2_expired_not_counted_as_repealed_when_asked():
    t = build_section2(2025, DOCS, licensing=0, penalty=0, enforcement=0, fees_wan_yuan=0, count_expired_as_repealed=False)
    assert t.documents["normative_docs"] == {"issued": 2, "repealed": 0, "in_force": 2}
    with pytest.raises(ReportDataError, match="文件类型“rule”无效"):
        build_section2(2025, [NormativeDocRecord("rule", D(2025, 1, 1))], licensing=0, penalty=0, enforcement=0, fees_wan_yuan=0)


# -- Section 四 --------------------------------------------------------------------------------

CASES = [
    RedressCase("review", D(2025, 2, 1), D(2025, 4, 1), "upheld"),
    RedressCase("review", D(2025, 3, 1), D(2025, 5, 1), "corrected"),
    RedressCase("review", D(2024, 11, 1), D(2025, 1, 20), "other"),  # pending on 2025-01-01: counted
    RedressCase("review", D(2024, 6, 1), D(2024, 9, 1), "upheld"),  # concluded 2024: not counted
    RedressCase("review", D(2025, 11, 1)),  # pending
    RedressCase("litigation_direct", D(2025, 5, 1), D(2026, 2, 1), "upheld"),  # pending on 2025-12-31
    RedressCase("litigation_direct", D(2025, 6, 1), D(2025, 10, 1), "upheld"),
    RedressCase("litigation_after_review", D(2025, 7, 1), D(2025, 9, 1), "corrected"),
    RedressCase("litigation_after_review", D(2026, 1, 10)),  # next year
]


def test_section4_every_cell():
    t = build_section4(CASES, 2025)
    # 行政复议: 维持 1, 纠正 1, 其他 1, 尚未审结 1, 总计 4
    # 未经复议直接起诉: 维持 1, 尚未审结 1, 总计 2; 复议后起诉: 纠正 1, 总计 1
    assert t.row() == [1, 1, 1, 1, 4, 1, 0, 0, 1, 2, 0, 1, 0, 0, 1]
    assert check(t) == []


def test_section4_violations():
    t = build_section4(CASES, 2025)
    t.cells["review"]["total"] = 5
    t.cells["litigation_after_review"]["pending"] = -2
    assert check(t) == [
        "规则2（非负整数）：“复议后起诉”的“尚未审结”为“-2”，应为非负整数",
        "规则1（分组合计）：“行政复议”总计为5，但结果维持、结果纠正、其他结果、尚未审结之和为4",
    ]
    with pytest.raises(ReportDataError, match="结果“None”无效"):
        build_section4([RedressCase("review", D(2025, 1, 1), D(2025, 2, 1))], 2025)
    with pytest.raises(ReportDataError, match="案件类型“appeal”无效"):
        build_section4([RedressCase("appeal", D(2025, 1, 1))], 2025)


def test_check_rejects_unknown_table():
    with pytest.raises(TypeError):
        check({"a": 1})
