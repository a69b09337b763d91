"""Tests for policies.doc_number (policy_library.md §3)."""

import gzip
import json
import random
from pathlib import Path

import pytest

from policies.doc_number import (
    KIND_ANNOUNCEMENT,
    KIND_ORDER,
    KIND_STANDARD,
    DocNumber,
    canonical,
    looks_like_doc_number,
    parse,
    search_key,
)

CORPUS = Path("/work/shared/corpus")

# Every spelling of policy_library.md §3.3's table, for three numbers.
VARIANT_TEMPLATES = [
    "{a}〔{y}〕{n}号",
    "{a}[{y}]{n}号",
    "{a}［{y}］{n}号",
    "{a}({y}){n}号",
    "{a}（{y}）{n}号",
    "{a}【{y}】{n}号",
    "{a}〖{y}〗{n}号",
    "{a}﹝{y}﹞{n}号",
    "{a}⦗{y}⦘{n}号",
    "{a}{{{y}}}{n}号",
    "{a}{y}年{n}号",
    "{a} {y} {n}号",
    "{a}〔{y}〕第{n}号",
    "{a}{y}第{n}号",
    "{a}〔{y}〕0{n}号",
    "{a}〔{y}〕{n}",
    " {a} 〔{y}〕 {n} 号 ",
    "{a}\u3000〔{y}〕{n}号",
]


def _fullwidth(s):
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in s)


@pytest.mark.parametrize(
    "agency, year, serial",
    [("国办发", 2024, 12), ("国发", 2015, 49), ("国函", 2009, 117), ("工信部联规", 2026, 109)],
)
def test_every_bracket_variant_has_the_same_key(agency, year, serial):
    expected_key = f"{agency}{year}-{serial}"
    expected_canonical = f"{agency}〔{year}〕{serial}号"
    for template in VARIANT_TEMPLATES:
        text = template.format(a=agency, y=year, n=serial)
        for candidate in (text, _fullwidth(text)):
            dn = parse(candidate)
            assert dn is not None, candidate
            assert dn.key == expected_key, candidate
            assert dn.canonical == expected_canonical, candidate
            assert dn.kind == KIND_STANDARD
            assert search_key(candidate) == expected_key
            assert canonical(candidate) == expected_canonical
            assert looks_like_doc_number(candidate)


def test_parsed_fields_and_printed_form_kept():
    dn = parse(" 国办发［２０２３］２７号 ")
    assert dn == DocNumber("国办发", 2023, 27, KIND_STANDARD, "国办发［２０２３］２７号")
    assert dn.canonical == "国办发〔2023〕27号"


def test_traditional_and_stray_spaces():
    assert canonical("國辦發〔2024〕12號") == "国办发〔2024〕12号"
    assert canonical("豫政 〔2023〕27号") == "豫政〔2023〕27号"
    assert canonical("文号：国办发〔2024〕12号") == "国办发〔2024〕12号"


def test_multi_character_codes():
    assert canonical("国办发明电〔2021〕11号") == "国办发明电〔2021〕11号"
    assert canonical("国办公开办函［2021］30号") == "国办公开办函〔2021〕30号"
    assert canonical("建办厅函(2021)531号") == "建办厅函〔2021〕531号"


@pytest.mark.parametrize(
    "text",
    [
        "国令第711号",
        "国务院令第711号",
        "中华人民共和国国务院令第711号",
        "国务院令第７１１号",
        "国令第 711 号",
        "国务院令 第711号",
        "國務院令第711號",
        "国务院第711号令",
        "中华人民共和国国务院令（第711号）",
        "国务院令第七百一十一号",
    ],
)
def test_state_council_orders_share_one_key(text):
    dn = parse(text)
    assert dn is not None
    assert dn.kind == KIND_ORDER
    assert dn.key == "国令-711"
    assert dn.canonical == "国令第711号"
    assert dn.year is None


def test_order_variants_for_full_text():
    assert parse("国令第711号").variants() == ("国令第711号", "国务院令第711号", "国务院第711号令")


@pytest.mark.parametrize(
    "text, canon",
    [
        ("财政部令第 98 号", "财政部令第98号"),
        ("中华人民共和国财政部令第98号", "财政部令第98号"),
        ("财政部第98号令", "财政部令第98号"),
        ("公安部令第１４９号", "公安部令第149号"),
        ("中华人民共和国主席令（第十二号）", "主席令第12号"),
        ("省政府令 第219号", "省政府令第219号"),
        ("交通运输部令2019年第1号", "交通运输部令2019年第1号"),
        ("中华人民共和国中央军事委员会令第128号", "中央军事委员会令第128号"),
        ("中央军委令第128号", "中央军事委员会令第128号"),
    ],
)
def test_other_orders(text, canon):
    dn = parse(text)
    assert dn is not None and dn.kind == KIND_ORDER
    assert dn.canonical == canon


def test_announcements():
    dn = parse("国家税务总局公告2018年第31号")
    assert dn.kind == KIND_ANNOUNCEMENT
    assert dn.canonical == "国家税务总局公告2018年第31号"
    assert dn.key == search_key("国家税务总局公告〔2018〕31号")
    joint = parse("财政部 税务总局 海关总署公告2019年第39号")
    assert joint.key == search_key("财政部、税务总局、海关总署公告2019年第39号")


def test_different_numbers_have_different_keys():
    keys = {
        search_key(t)
        for t in ["国办发〔2024〕12号", "国办发〔2024〕13号", "国办发〔2023〕12号", "国发〔2024〕12号",
                  "国令第12号", "国办函〔2024〕12号"]
    }
    assert len(keys) == 6


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        None,
        12,
        "无",
        "-",
        "国办发",
        "国办发〔2024〕",
        "国办发202412号",  # no separator between year and serial: ambiguous
        "国办发 2024 12",  # no bracket and no 号
        "国办发〔2024〕0号",
        "国发〔98〕3号",  # two-digit year
        "2024年12号",  # no issuer
        "令第1号",
        "关于印发国办发〔2024〕12号文件的通知",  # free text
        "关于印发国办发〔2024〕12号",
        "国办发〔2024〕12号、国办发〔2024〕13号",  # two numbers
        "政府信息公开条例",
        "\ud800\x00😀",
        "国办发〔2024〕12号" * 10,
    ],
)
def test_unparseable_returns_none(text):
    assert parse(text) is None
    assert canonical(text) is None
    assert search_key(text) is None
    assert looks_like_doc_number(text) is False


def _corpus_numbers():
    numbers = []
    for name in ("gov_policy_meta.jsonl.gz", "laws.jsonl.gz"):
        with gzip.open(CORPUS / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                value = json.loads(line).get("doc_number")
                if value:
                    numbers.append(value)
    return numbers


@pytest.mark.skipif(not (CORPUS / "laws.jsonl.gz").exists(), reason="shared corpus not available")
def test_corpus_parse_rate_and_variant_stability():
    numbers = _corpus_numbers()
    parsed = [parse(n) for n in numbers]
    rate = sum(p is not None for p in parsed) / len(numbers)
    assert rate > 0.99
    rng = random.Random(20240601)
    brackets = ["[]", "()", "【】", "﹝﹞", "［］", "（）"]
    for text, dn in rng.sample(list(zip(numbers, parsed)), 400):
        if dn is None or dn.kind != KIND_STANDARD:
            continue
        b = rng.choice(brackets)
        variant = text.replace("〔", b[0]).replace("〕", b[1])
        assert search_key(variant) == dn.key
        assert search_key(_fullwidth(variant)) == dn.key
        assert search_key(dn.canonical) == dn.key
