"""Tests for search.normalize: the shared index/query normalisation (search.md §4)."""

import gzip
import itertools
import json
import unicodedata
from pathlib import Path

import pytest

from search import normalize as N
from search.normalize import (
    cn_numeral_to_int,
    get_t2s_converter,
    index_text,
    normalize,
    normalize_with_map,
    spaced_for_index,
    tokenize,
)

LAWS = Path("/work/shared/corpus/laws.jsonl.gz")


# --- step 1: NFKC + lower ---------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("ＧＤＰ", "gdp"),
        ("２０２４年", "2024年"),
        ("第１２条", "第12条"),
        ("国办发［２０２４］１２号", "国办发[2024]12号"),
        ("国办发（2024）12号", "国办发(2024)12号"),
        ("国办发﹝2024﹞12号", "国办发〔2024〕12号"),
        ("①②", "12"),
        ("COVID-19", "covid-19"),
        ("5Ｇ网络", "5g网络"),
    ],
)
def test_nfkc_and_lowercase(raw, expected):
    assert normalize(raw) == expected


def test_nfkc_leaves_chinese_punctuation():
    assert normalize("〔2024〕【通知】《条例》、。") == "〔2024〕【通知】《条例》、。"


def test_fast_nfkc_equals_unicodedata():
    samples = [
        "，；（）：\u3000！？",
        "e\u0301 ﬁ ㎡ ℃ ½ Ⅻ ⑴ ㈠",
        "ｶﾞ 가각 \u1100\u1161",
        "普通中文，全角标点（括号）",
        "",
    ]
    for s in samples:
        assert N._nfkc(s) == unicodedata.normalize("NFKC", s)


# --- step 2: traditional -> simplified -------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("國務院辦公廳", "国务院办公厅"),
        ("政府信息公開條例", "政府信息公开条例"),
        ("國辦發〔2024〕12號", "国办发〔2024〕12号"),
        ("個人資料保護", "个人资料保护"),
    ],
)
def test_traditional_to_simplified(raw, expected):
    assert normalize(raw) == expected


def test_t2s_converter_is_a_lazy_singleton():
    assert get_t2s_converter() is get_t2s_converter()


# --- step 3: targeted numerals ---------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("第一百零五条", "第105条"),
        ("第十条", "第10条"),
        ("第二十一条第三款", "第21条第3款"),
        ("第一章 第二节 第四项", "第1章 第2节 第4项"),
        ("第一千零一条", "第1001条"),
        ("二〇二四年", "2024年"),
        ("二○二四年度报告", "2024年度报告"),
        ("一九九八年", "1998年"),
        ("第一百零五条之一", "第105条之一"),
    ],
)
def test_targeted_numerals(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    "text",
    ["一网通办", "三年行动计划", "十四五规划", "第十二届全国人民代表大会", "一二三四五年", "第三年", "百百条"],
)
def test_numerals_elsewhere_untouched(text):
    assert normalize(text) == text


@pytest.mark.parametrize(
    "text, value",
    [
        ("一百零五", 105), ("十", 10), ("十二", 12), ("二十", 20), ("一千零一", 1001),
        ("一〇五", 105), ("二〇二四", 2024), ("两千", 2000), ("十万", 100000), ("零", 0),
        ("711", 711),
    ],
)
def test_cn_numeral_to_int(text, value):
    assert cn_numeral_to_int(text) == value


@pytest.mark.parametrize("text", ["", "百百", "一二百", "十百", "abc", "一网"])
def test_cn_numeral_rejects_non_numerals(text):
    assert cn_numeral_to_int(text) is None


# --- steps 0 and 4: clean-up and whitespace --------------------------------


def test_whitespace_collapsed_and_stripped():
    assert normalize("  政府\t\n信息\u3000\u3000公开  ") == "政府 信息 公开"


def test_hostile_characters_never_raise():
    raw = "a\ud800b\udfffc\x00d\x1fe\u200bf\ufeffg😀h\U0010ffff"
    out = normalize(raw)
    assert "\ud800" not in out and "\udfff" not in out
    assert "\x00" not in out and "\u200b" not in out
    out.encode("utf-8")  # no lone surrogates left
    assert normalize(None) == ""
    assert normalize("") == ""


def test_idempotent():
    samples = ["國務院辦公廳第一百零五条", "ＧＤＰ　２０２４年", "二〇二四年 国办发﹝2024﹞12号", "e\u0301"]
    for s in samples:
        once = normalize(s)
        assert normalize(once) == once


# --- index form --------------------------------------------------------------


def test_spaced_for_index_splits_han_keeps_ascii_whole():
    assert spaced_for_index("国办发〔2024〕12号") == "国 办 发 〔2024〕12 号"
    assert spaced_for_index("5g网络 covid-19疫情") == "5g 网 络 covid-19 疫 情"
    assert spaced_for_index("") == ""


def test_index_text_combines_both():
    assert index_text("政府信息公開條例（２０１９年修订）") == "政 府 信 息 公 开 条 例 (2019 年 修 订 )"


def test_tokenize_matches_index_tokens():
    assert tokenize("国办发〔2024〕12号 5g") == ["国", "办", "发", "2024", "12", "号", "5g"]
    assert tokenize("信息,公开😀") == ["信", "息", "公", "开"]
    assert tokenize("snake_case") == ["snake", "case"]
    # the tokens of the spaced form are the same as those of the compact form
    text = normalize("关于做好2024年政务公开工作的通知 COVID-19")
    assert tokenize(spaced_for_index(text)) == tokenize(text)


# --- offset map --------------------------------------------------------------


def test_map_text_equals_normalize():
    samples = [
        "國務院辦公廳　关于第一百零五条的通知",
        "ＧＤＰ  增长（２０２４年）",
        "  a\x00b\u200bc  ",
        "e\u0301t\u00e9 ﬁ",
    ]
    for s in samples:
        assert normalize_with_map(s).text == normalize(s)


def test_map_points_back_to_raw():
    raw = "　依據第一百零五条，ＧＤＰ"
    nt = normalize_with_map(raw)
    assert nt.text == "依据第105条,gdp"
    i = nt.text.index("105")
    s, e = nt.raw_span(i, i + 3)
    assert raw[s:e] == "一百零五"
    i = nt.text.index("gdp")
    s, e = nt.raw_span(i, i + 3)
    assert raw[s:e] == "ＧＤＰ"
    i = nt.text.index("依据")
    s, e = nt.raw_span(i, i + 2)
    assert raw[s:e] == "依據"


@pytest.mark.skipif(not LAWS.exists(), reason="shared corpus not available")
def test_map_agrees_with_normalize_on_real_corpus():
    with gzip.open(LAWS, "rt", encoding="utf-8") as fh:
        bodies = [json.loads(line)["body"] for line in itertools.islice(fh, 60)]
    for body in bodies:
        nt = normalize_with_map(body)
        assert nt.text == normalize(body)
        assert len(nt.starts) == len(nt.text)
