"""Tests for search.query (query compilation, relaxed mode, highlighting) and the
default synonym table.  No database: end-to-end checks use an in-memory SQLite
FTS5 table with the stock unicode61 tokenizer, fed with search.normalize.index_text
exactly as the backend subclass will do."""

import re
import sqlite3

import pytest

from search.normalize import index_text, normalize, spaced_for_index, tokenize
from search.query import (
    MAX_ALTERNATIVES,
    MAX_QUERY_CHARS,
    STOP_CHARS,
    ParsedQuery,
    SynonymTable,
    compile_synonyms,
    highlight,
    parse_user_query,
)
from search.synonyms_default import DEFAULT_SYNONYM_GROUPS, DEFAULT_SYNONYMS

NO_SYNONYMS = {}


def tokens_of(q: ParsedQuery):
    return [[list(p) for p in alts] for alts in q.strict_terms]


# --- basic compilation ---------------------------------------------------------


def test_single_term_is_a_phrase_of_characters():
    q = parse_user_query("信息公开", NO_SYNONYMS)
    assert q.strict_terms == ((("信", "息", "公", "开"),),)
    assert q.doc_number is None and q.doc_number_key is None
    assert not q.truncated and not q.is_empty


def test_terms_split_on_whitespace_and_anded():
    q = parse_user_query("  食品安全\u3000条例  ", NO_SYNONYMS)
    assert q.strict_terms == ((("食", "品", "安", "全"),), (("条", "例"),))
    assert q.fts5_match() == '"食 品 安 全" AND "条 例"'


def test_query_is_normalised_like_the_index():
    q = parse_user_query("政府信息公開條例", NO_SYNONYMS)
    assert q.strict_terms == ((tuple("政府信息公开条例"),),)
    q = parse_user_query("ＧＤＰ　２０２４年 第一百零五条", NO_SYNONYMS)
    assert q.strict_terms == ((("gdp",),), (("2024", "年"),), (("第", "105", "条"),))


def test_mixed_ascii_tokens_stay_whole():
    q = parse_user_query("12345热线 COVID-19 5G", NO_SYNONYMS)
    assert q.strict_terms == ((("12345", "热", "线"),), (("covid", "19"),), (("5g",),))
    # engines that keep decimals whole get the text through their own analyzer
    q = parse_user_query("增长5.2%", NO_SYNONYMS)
    assert q.terms[0].phrase.tokens == ("增", "长", "5", "2")
    assert q.terms[0].phrase.spaced == "增 长 5.2"


def test_phrase_tokens_equal_index_tokens():
    doc = "关于做好2024年政务公开工作的通知 COVID-19"
    q = parse_user_query(doc, NO_SYNONYMS)
    flat = [t for term in q.strict_terms for t in term[0]]
    assert flat == tokenize(spaced_for_index(normalize(doc)))


def test_duplicate_terms_collapse():
    assert len(parse_user_query("公开 公开 公開", NO_SYNONYMS).terms) == 1


# --- hostile input ----------------------------------------------------------------

HOSTILE = [
    '"政府" AND 信息 OR NOT(公开)*',
    "NEAR(政府 信息, 5) ^title:公开",
    "title:政府 body:信息 {col1 col2}: 公开",
    "'; DROP TABLE wagtailsearch_indexentry; --",
    "1' OR '1'='1",
    "政府\" OR \"1\"=\"1",
    '""""',
    "*",
    "-公开 +信息 ~2 ^3",
    "AND OR NOT NEAR",
    "😀🇨🇳👨‍👩‍👧 政府👍",
    "\ud800\udfff政府\ud83d",
    "\x00\x01\x1b[31m信息\x7f\u200b\ufeff",
    "<script>alert(1)</script>",
    "%_%",
    "\\",
    "",
    "   ",
    "。，、；：？！",
    "x" * 5000,
    "政" * 1500,
    "政府 " * 400,
]


@pytest.mark.parametrize("raw", HOSTILE)
def test_hostile_input_gives_a_safe_query(raw):
    q = parse_user_query(raw)
    assert isinstance(q, ParsedQuery)
    assert len(q.normalized) <= MAX_QUERY_CHARS
    for term in q.terms:
        assert term.alternatives
        for phrase in term.alternatives:
            assert phrase.tokens
            for tok in phrase.tokens:
                assert re.fullmatch(r"[^\W_]+", tok), tok
            assert not re.search(r'["*:()^{}\[\]<>\\\'%]', phrase.text), phrase.text
            phrase.text.encode("utf-8")  # no lone surrogates
    for phrase in q.relaxed():
        assert all(re.fullmatch(r"[^\W_]+", tok) for tok in phrase.tokens)
    _run_fts5(q)


def _run_fts5(q: ParsedQuery):
    """The compiled expression never makes FTS5 raise."""
    con = sqlite3.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE t USING fts5(title, body)")
    con.execute("INSERT INTO t VALUES (?, ?)", (index_text("政府信息公开"), index_text("and or not near")))
    for expr in (q.fts5_match(), q.fts5_match(relaxed=True), q.fts5_match(prefix_last=True)):
        if expr:
            con.execute("SELECT rowid FROM t WHERE t MATCH ?", (expr,)).fetchall()


def test_operator_words_are_ignored_between_terms():
    q = parse_user_query('"政府" AND 信息 OR NOT(公开)*', NO_SYNONYMS)
    assert q.strict_terms == ((("政", "府"),), (("信", "息"),), (("公", "开"),))
    # alone, an operator word is just a word (lower-cased, so not FTS syntax)
    assert parse_user_query("AND", NO_SYNONYMS).strict_terms == ((("and",),),)


def test_emoji_only_and_punctuation_only_are_empty():
    for raw in ("😀😀", "。，、", "", None, "\ud800"):
        q = parse_user_query(raw)
        assert q.is_empty
        assert q.fts5_match() == ""
        assert q.relaxed_phrases() == ()


def test_long_input_is_truncated_not_rejected():
    q = parse_user_query("信息" * 600)
    assert q.truncated
    assert len(q.normalized) == MAX_QUERY_CHARS
    assert len(q.terms) == 1 and len(q.terms[0].phrase.tokens) == MAX_QUERY_CHARS
    q = parse_user_query("x" * 100_000)
    assert q.truncated
    assert parse_user_query("信息公开").truncated is False
    q = parse_user_query("abc", max_chars=2)
    assert q.normalized == "ab" and q.truncated


def test_non_string_input():
    assert parse_user_query(2024).strict_terms == ((("2024",),),)


# --- synonyms ---------------------------------------------------------------------


def test_default_table_is_normalised_and_forms_are_unique():
    seen = set()
    for group in DEFAULT_SYNONYM_GROUPS:
        assert len(group) >= 2
        for form in group:
            assert normalize(form) == form, form
            assert form not in seen, form
            seen.add(form)
    assert DEFAULT_SYNONYMS["发改委"] == ("发展改革委", "发展和改革委员会")
    assert len(SynonymTable(DEFAULT_SYNONYMS)) == len(seen)


def test_abbreviation_expands_to_full_names():
    q = parse_user_query("发改委 停车")
    assert q.strict_terms[0] == (
        tuple("发改委"),
        tuple("发展改革委"),
        tuple("发展和改革委员会"),
    )
    assert q.strict_terms[1] == (tuple("停车"),)
    assert q.fts5_match() == '("发 改 委" OR "发 展 改 革 委" OR "发 展 和 改 革 委 员 会") AND "停 车"'


def test_full_name_expands_to_abbreviation_and_prefix_is_kept():
    alts = {"".join(p) for p in parse_user_query("国家发展和改革委员会").strict_terms[0]}
    assert alts == {"国家发展和改革委员会", "国家发改委", "国家发展改革委"}
    alts = {"".join(p) for p in parse_user_query("市人社局").strict_terms[0]}
    assert alts == {"市人社局", "市人力资源社会保障局", "市人力资源和社会保障局"}


@pytest.mark.parametrize(
    "short, full",
    [
        ("人社部", "人力资源和社会保障部"),
        ("住建部", "住房和城乡建设部"),
        ("工信部", "工业和信息化部"),
        ("市场监管总局", "市场监督管理总局"),
        ("国办", "国务院办公厅"),
        ("卫健委", "卫生健康委员会"),
        ("医保局", "医疗保障局"),
        ("网信办", "互联网信息办公室"),
        ("环保部", "生态环境部"),
    ],
)
def test_curated_examples(short, full):
    alts = {"".join(p) for p in parse_user_query(short).strict_terms[0]}
    assert full in alts
    alts = {"".join(p) for p in parse_user_query(full).strict_terms[0]}
    assert short in alts


def test_custom_table_parameter_is_normalised_and_merged():
    table = {"發改委": ["国家发展改革委"], "国家发展改革委": ("ＮＤＲＣ",)}
    alts = parse_user_query("发改委", table).strict_terms[0]
    assert set(alts) == {tuple("发改委"), tuple("国家发展改革委"), ("ndrc",)}
    assert alts[0] == tuple("发改委")  # the term as typed comes first
    compiled = compile_synonyms(table)
    assert parse_user_query("ndrc", compiled).strict_terms == parse_user_query("NDRC", table).strict_terms
    assert parse_user_query("发改委", NO_SYNONYMS).strict_terms == ((tuple("发改委"),),)


def test_alternatives_are_capped():
    table = {f"甲{i}": [f"乙{i}", f"丙{i}", f"丁{i}"] for i in range(10)}
    q = parse_user_query("".join(f"甲{i}" for i in range(10)), table)
    assert len(q.terms[0].alternatives) == MAX_ALTERNATIVES


# --- 文号 queries -------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["国办发〔2023〕27号", "国办发[2023]27号", "国办发（2023）27号", "国办发【2023】27号",
     "国办发﹝2023﹞27号", "国办发 2023 27号", "国办发2023年第27号", "国辦發［２０２３］２７號"],
)
def test_doc_number_queries_share_a_key(raw):
    q = parse_user_query(raw)
    assert q.doc_number_key == "国办发2023-27"
    assert len(q.terms) == 1 and q.terms[0].is_doc_number
    # the canonical spelling is among the text alternatives
    assert tuple(tokenize("国办发〔2023〕27号")) in q.strict_terms[0]


def test_order_number_queries():
    for raw in ("国务院令第711号", "国务院令第７１１号", "中华人民共和国国务院令第711号", "国令第711号"):
        q = parse_user_query(raw)
        assert q.doc_number_key == "国令-711"
        phrases = {"".join(p) for p in q.strict_terms[0]}
        assert {"国令第711号", "国务院令第711号"} <= phrases


def test_doc_number_inside_a_multi_term_query():
    q = parse_user_query("国发(2015)49号 通知")
    assert q.doc_number_key == "国发2015-49"
    assert q.terms[0].is_doc_number and not q.terms[1].is_doc_number


def test_non_doc_number_queries_have_no_key():
    for raw in ("政府信息公开条例", "2024年", "第105条", "12345 热线"):
        assert parse_user_query(raw).doc_number_key is None


# --- relaxed mode -------------------------------------------------------------------


def test_relaxed_bigrams_drop_function_words():
    q = parse_user_query("怎么申请不动产登记", NO_SYNONYMS)
    phrases = q.relaxed_phrases()
    assert ("怎", "么") not in phrases
    assert ("申", "请") in phrases and ("不", "动") in phrases and ("登", "记") in phrases
    assert all(len(p) == 2 for p in phrases)
    assert q.fts5_match(relaxed=True).count(" OR ") == len(phrases) - 1


def test_relaxed_keeps_single_token_terms_and_skips_stop_only():
    q = parse_user_query("12345 热线 的 如何", NO_SYNONYMS)
    assert q.relaxed_phrases() == (("12345",), ("热", "线"))
    assert parse_user_query("如何的吗", NO_SYNONYMS).relaxed_phrases() == ()
    assert {"的", "吗", "怎", "么", "如", "何"} <= STOP_CHARS


def test_relaxed_uses_whole_synonym_alternatives():
    phrases = parse_user_query("发改委").relaxed_phrases()
    assert tuple("发展和改革委员会") in phrases
    assert ("员", "会") not in phrases


# --- end to end with the stock SQLite FTS5 tokenizer ----------------------------------

DOCS = {
    1: ("国务院办公厅关于印发《政府信息公开条例》实施办法的通知", ""),
    2: ("中华人民共和国政府信息公开条例（2019年修订）", ""),
    3: ("关于做好2024年政务公开工作的通知", "国办发〔2024〕12号 各省、自治区、直辖市人民政府"),
    4: ("市发展和改革委员会2023年度信息公开工作年度报告", "市发改委按照要求做好政府信息公开工作。"),
    5: ("关于公开征求《数据安全管理办法（征求意见稿）》意见的通知", ""),
    6: ("不动产登记暂行条例", "第一条 为整合不动产登记职责，规范登记行为……"),
    7: ("國務院關於印發第一百零五條的說明", "全角ＧＤＰ数据"),
}


@pytest.fixture(scope="module")
def fts():
    con = sqlite3.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE t USING fts5(title, body)")
    for rowid, (title, body) in DOCS.items():
        con.execute("INSERT INTO t(rowid, title, body) VALUES (?, ?, ?)", (rowid, index_text(title), index_text(body)))
    return con


def _search(con, raw, relaxed=False):
    expr = parse_user_query(raw).fts5_match(relaxed=relaxed)
    return {r for (r,) in con.execute("SELECT rowid FROM t WHERE t MATCH ?", (expr,))}


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("信息公开", {1, 2, 4}),
        ("公开", {1, 2, 3, 4, 5}),
        ("政府信息公开条例", {1, 2}),
        ("发改委", {4}),
        ("政府 信息", {1, 2, 4}),
        ("工作的通知", {3}),
        ("国办发 2024", {3}),
        ("国办发[2024]12号", {3}),
        ("国办发2024年第012号", {3}),
        ("数据安全", {5}),
        ("政府信息公開條例", {1, 2}),
        ("国务院 第105条", {7}),
        ("gdp", {7}),
        ("国办", {1, 3}),
        ("怎么申请不动产登记", set()),
    ],
)
def test_strict_match_sets(fts, raw, expected):
    assert _search(fts, raw) == expected


def test_relaxed_mode_finds_natural_language_questions(fts):
    assert 6 in _search(fts, "怎么申请不动产登记", relaxed=True)


# --- highlighting -----------------------------------------------------------------------


def test_highlight_marks_raw_text_for_fullwidth_and_traditional_input():
    q = parse_user_query("gdp 政府信息公开")
    raw = "全角ＧＤＰ增长，關於《政府信息公開條例》"
    assert highlight(raw, q) == "全角<mark>ＧＤＰ</mark>增长，關於《<mark>政府信息公開</mark>條例》"


def test_highlight_positions_after_length_changing_normalisation():
    q = parse_user_query("第105条 规定")
    raw = "依照本法第一百零五条的规定执行"
    assert highlight(raw, q) == "依照本法<mark>第一百零五条</mark>的<mark>规定</mark>执行"


def test_highlight_matches_across_punctuation_like_the_index():
    q = parse_user_query("信息公开")
    assert highlight("政府信息，公开目录", q) == "政府<mark>信息，公开</mark>目录"


def test_highlight_escapes_html():
    q = parse_user_query("<b>信息</b>")
    out = highlight('<script>alert("x")</script>信息&公开', q)
    assert out == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<mark>信息</mark>&amp;公开"
    assert "<script>" not in out


def test_highlight_doc_number_variant():
    q = parse_user_query("国办发[2024]12号")
    out = highlight("根据国办发〔2024〕12号文件要求", q)
    assert out == "根据<mark>国办发〔2024〕12号</mark>文件要求"


def test_highlight_window_and_ellipsis():
    q = parse_user_query("信息公开")
    raw = "甲" * 500 + "信息公开" + "乙" * 500
    out = highlight(raw, q, max_len=60)
    assert out.startswith("…") and out.endswith("…")
    assert "<mark>信息公开</mark>" in out
    plain = out.replace("<mark>", "").replace("</mark>", "").strip("…")
    assert len(plain) == 60


def test_highlight_finds_matches_far_into_long_text():
    q = parse_user_query("附则")
    raw = "正文内容。" * 5000 + "第十章 附则 本办法自发布之日起施行。"
    out = highlight(raw, q)
    assert "<mark>附则</mark>" in out and out.startswith("…")


def test_highlight_falls_back_to_relaxed_then_to_head():
    q = parse_user_query("怎么申请不动产登记")
    # no strict match: overlapping relaxed bigrams are marked as one run
    assert highlight("办理不动产登记手续", q) == "办理<mark>不动产登记</mark>手续"
    q = parse_user_query("信息公开")
    assert highlight("毫无关系的内容", q) == "毫无关系的内容"
    assert highlight("无关" * 200, q, max_len=50) == "无关" * 25 + "…"
    assert highlight("", q) == ""
    assert highlight(None, q) == ""


def test_highlight_survives_hostile_raw_text():
    q = parse_user_query("信息")
    out = highlight("\ud800信\x00息\u200b<信息>", q)
    out.encode("utf-8")
    assert "<mark>信息</mark>" in out
    assert "&lt;" in out
