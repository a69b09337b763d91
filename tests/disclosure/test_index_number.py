"""索引号 template tests (disclosure.md §4.2). Real examples come from the doc's table."""

import datetime as dt

import pytest

from disclosure.index_number import (
    DEFAULT_TEMPLATE,
    CounterScope,
    IndexNumberError,
    IndexNumberTemplate,
    IndexNumberTemplateError,
    check_org_code,
    credit_code_check_char,
    is_valid,
    org_code_check_char,
    validate,
)

D = dt.date


# -- parsing --------------------------------------------------------------------------

def test_default_template_tokens():
    t = IndexNumberTemplate.parse(DEFAULT_TEMPLATE)
    assert DEFAULT_TEMPLATE == "{org}/{year}-{serial:5}"
    assert t.tokens == ["org", "year", "serial"] and t.serial_width == 5
    assert not t.has_class and t.has_date


@pytest.mark.parametrize(
    "template, message",
    [
        ("", "不能为空"),
        ("{org}/{year}-{serial}", "须指定位数"),
        ("{org}/{year}-{serial:0}", "位数“0”无效"),
        ("{org}/{year}-{serial:x}", "位数“x”无效"),
        ("{org}/{yr}-{serial:5}", "未知的占位符“{yr}”"),
        ("{org}/{year}-{serial:5", "没有闭合"),
        ("{org}/{year}}-{serial:5}", "多余的“}”"),
        ("{year}-{serial:5}", "必须包含机构代码"),
        ("{org}/{year}", "必须包含流水号"),
        ("{org}/{year}-{year}-{serial:5}", "重复出现"),
        ("{org}/{year:2}-{serial:5}", "不接受格式参数"),
        ("{org} / {year}-{serial:5}", "不能包含空格"),
        ("{org}-{class}{serial:5}", "后面必须有分隔符"),
        ("{org}{class}-{serial:5}", "之间必须有分隔符"),
    ],
)
def test_bad_templates_give_chinese_errors(template, message):
    with pytest.raises(IndexNumberTemplateError, match=message):
        IndexNumberTemplate.parse(template)


def test_template_error_is_value_error():
    assert issubclass(IndexNumberTemplateError, ValueError) and issubclass(IndexNumberError, ValueError)


# -- rendering ------------------------------------------------------------------------

def test_render_default():
    t = IndexNumberTemplate.parse(DEFAULT_TEMPLATE)
    assert t.render("000014349", D(2026, 3, 5), 71) == "000014349/2026-00071"
    assert t.render("11441700007280420y", D(2021, 6, 1), 50) == "11441700007280420Y/2021-00050"


def test_render_other_tokens():
    ym = IndexNumberTemplate.parse("{org}/{yearmonth}-{serial:5}")
    assert ym.render("11341702486344515H", D(2021, 10, 8), 13) == "11341702486344515H/202110-00013"
    baiyin = IndexNumberTemplate.parse("{org}-{class}-{year}-{serial:4}")
    assert baiyin.render("000014349", D(2024, 1, 2), 7, class_code="01001") == "000014349-01001-2024-0007"
    ningbo = IndexNumberTemplate.parse("{org}-{class}-{date}-{serial:4}")
    assert ningbo.render("000014349", D(2024, 1, 2), 12, class_code="a1") == "000014349-A1-20240102-0012"


def test_render_errors():
    t = IndexNumberTemplate.parse(DEFAULT_TEMPLATE)
    with pytest.raises(IndexNumberError, match="超出模板的5位宽度"):
        t.render("000014349", D(2026, 1, 1), 100000)
    with pytest.raises(IndexNumberError, match="正整数"):
        t.render("000014349", D(2026, 1, 1), 0)
    with pytest.raises(IndexNumberError, match="长度为8位"):
        t.render("00001434", D(2026, 1, 1), 1)
    with pytest.raises(IndexNumberError, match="第18位应为“Y”"):
        t.render("11441700007280420X", D(2026, 1, 1), 1)
    with pytest.raises(IndexNumberError, match="不能是日期时间"):
        t.render("000014349", dt.datetime(2026, 1, 1, 8), 1)
    c = IndexNumberTemplate.parse("{org}-{class}-{year}-{serial:4}")
    with pytest.raises(IndexNumberError, match="请提供分类号"):
        c.render("000014349", D(2024, 1, 2), 7)
    with pytest.raises(IndexNumberError, match="分类号“01-001”无效"):
        c.render("000014349", D(2024, 1, 2), 7, class_code="01-001")


# -- counter scope ----------------------------------------------------------------------

def test_counter_scope():
    t = IndexNumberTemplate.parse(DEFAULT_TEMPLATE)
    # class given but not a token: ignored; per org + year
    assert t.counter_scope("000014349", D(2026, 3, 5), "01001") == CounterScope("000014349", 2026, None)
    c = IndexNumberTemplate.parse("{org}-{class}-{year}-{serial:4}")
    assert c.counter_scope("000014349", D(2026, 3, 5), "01001").as_tuple() == ("000014349", 2026, "01001")
    # finer date tokens still use a yearly counter
    ym = IndexNumberTemplate.parse("{org}/{yearmonth}-{serial:5}")
    assert ym.counter_scope("000014349", D(2026, 3, 5)) == CounterScope("000014349", 2026, None)
    # no date token: one counter per organisation
    nodate = IndexNumberTemplate.parse("{org}-{serial:8}")
    assert nodate.counter_scope("000014349", D(2026, 3, 5)) == CounterScope("000014349", None, None)


# -- validation ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "number",
    [
        "000014349/2017-00110",
        "000014349/2024-00094",
        "000013338/2023-00079",
        "11441700007280420Y/2021-00050",
        "1137078555222300XQ/2015-00020",
    ],
)
def test_real_default_numbers_valid(number):
    assert is_valid(number)


def test_validate_returns_parts():
    p = validate("11441700007280420Y/2021-00050")
    assert (p.org, p.year, p.serial, p.class_code) == ("11441700007280420Y", 2021, 50, None)


@pytest.mark.parametrize(
    "number, message",
    [
        ("11341702486344515H/202110-00013", "第24位起应为分隔符“-”"),  # year+month format is not the default
        ("00001434/2017-00110", "长度为8位"),
        ("000014349-2017-00110", "长度为20位"),  # no slash: whole string taken as the code
        ("000014349/17-00110", "应为4位年份"),
        ("000014349/2017/00110", "应为分隔符“-”"),
        ("000014349/2017-0110", "应为5位数字流水号"),
        ("000014349/2017-001100", "末尾有多余字符“0”"),
        ("000014349/2017-00000", "不能为全0"),
        ("11441700007280420X/2021-00050", "第18位应为“Y”"),
        ("1144170000728042OY/2021-00050", "含有无效字符"),  # letter O
        ("00001434a/2017-00110", "格式错误"),
        ("", "不能为空"),
    ],
)
def test_invalid_default_numbers(number, message):
    with pytest.raises(IndexNumberError, match=message):
        validate(number)
    assert not is_valid(number)


def test_validate_other_templates_and_roundtrip():
    ym = IndexNumberTemplate.parse("{org}/{yearmonth}-{serial:5}")
    p = ym.validate("11341702486344515H/202110-00013")
    assert (p.year, p.month, p.serial) == (2021, 10, 13)
    with pytest.raises(IndexNumberError, match="月份“13”无效"):
        ym.validate("11341702486344515H/202113-00013")
    nujiang = IndexNumberTemplate.parse("{org}-{year}-{serial:6}")
    assert nujiang.validate("01527918X-2020-153077").org == "01527918X"
    ningbo = IndexNumberTemplate.parse("{org}-{class}-{date}-{serial:4}")
    n = ningbo.render("000014349", D(2024, 2, 29), 12, class_code="A1")
    p = ningbo.validate(n)
    assert (p.class_code, p.year, p.month, p.day, p.serial) == ("A1", 2024, 2, 29, 12)
    with pytest.raises(IndexNumberError, match="日期“20230229”无效"):
        ningbo.validate("000014349-A1-20230229-0012")
    # no separators at all (云南-style fixed widths): credit code detected by its shape
    packed = IndexNumberTemplate.parse("{org}{year}{serial:5}")
    assert packed.validate("11441700007280420Y202100050").org == "11441700007280420Y"
    assert packed.validate("000014349202100050").serial == 50  # 18 digits, but the code is the first 9
    with pytest.raises(IndexNumberError, match="长度为10位"):
        packed.validate("0000143491202100050")


# -- check characters ---------------------------------------------------------------------

def test_credit_code_check_chars_from_real_codes():
    assert credit_code_check_char("11441700007280420") == "Y"
    assert credit_code_check_char("1137078555222300X") == "Q"
    assert credit_code_check_char("11341702486344515") == "H"
    with pytest.raises(IndexNumberError, match="前17位"):
        credit_code_check_char("1134170248634451I")


def test_org_code_check_digit_optional():
    # GB 11714 by hand: 0·3+0·7+0·9+0·10+1·5+4·8+3·4+4·2 = 57; 57 mod 11 = 2; 11 − 2 = 9 → "000014349" ✓
    assert org_code_check_char("00001434") == "9"
    # 0·3+1·7+5·9+2·10+7·5+9·8+1·4+8·2 = 199; 199 mod 11 = 1; 11 − 1 = 10 → "X"
    assert org_code_check_char("01527918") == "X"
    assert check_org_code("000014348") == "000014348"  # shape only by default
    with pytest.raises(IndexNumberError, match="第9位应为“9”"):
        check_org_code("000014348", verify_org_check=True)
    assert validate("000014349/2017-00110", verify_org_check=True).org == "000014349"
