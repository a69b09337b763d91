import datetime as dt

import pytest

from governance.checks import pii
from governance.checks.findings import Finding

# --- fixtures --------------------------------------------------------------
# Check digits worked out by hand (GB 11643: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2,
# sum mod 11 indexes "10X98765432"):
#   11010519491231002?: 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 -> "X"
#   35010219900307123?: 21+45+0+5+0+8+2+9+54+0+0+27+0+35+8+8+6 = 228; 228 mod 11 = 8 -> "4"
ID_BEIJING = "11010519491231002X"
ID_FUJIAN = "350102199003071234"
ID_FUJIAN_BAD_CHECK = "350102199003071235"  # same, check digit off by one
# Luhn by hand for 6222021234567890128: undoubled (from the right, even positions)
# 8+1+9+7+5+3+1+0+2+6 = 42; doubled positions 2,0,8,6,4,2,2,2,2 -> 4+0+7+3+8+4+4+4+4 = 38;
# 42 + 38 = 80, divisible by 10.
CARD_19 = "6222021234567890128"
CARD_16 = "4111111111111111"  # the well-known Luhn-valid test number
MOBILE = "13812345678"


def _ref_check_digit(first17):
    """Independent reference implementation used to double-check fixtures."""
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    s = sum(int(c) * w for c, w in zip(first17, weights))
    return "10X98765432"[s % 11]


def _ref_luhn(number):
    digits = [int(c) for c in number][::-1]
    return sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(digits)) % 10 == 0


def test_fixtures_are_what_they_claim():
    assert _ref_check_digit(ID_BEIJING[:17]) == "X"
    assert _ref_check_digit(ID_FUJIAN[:17]) == "4"
    assert _ref_luhn(CARD_19) and _ref_luhn(CARD_16)
    assert not _ref_luhn("6222021234567890123")


def checks(text, **kw):
    return [(f.check, f.severity, f.start, f.end) for f in pii.scan(text, **kw)]


# --- ID numbers ------------------------------------------------------------


def test_valid_id_number_is_an_error_with_position_line_and_masked_excerpt():
    text = "第一行\n申请人身份证号：" + ID_FUJIAN + "。"
    (f,) = pii.scan(text, field="attachment:名单.xlsx")
    assert isinstance(f, Finding)
    start = text.index(ID_FUJIAN)
    assert (f.check, f.severity, f.start, f.end, f.line) == ("pii.id_number", "error", start, start + 18, 2)
    assert text[f.start : f.end] == ID_FUJIAN
    assert f.field == "attachment:名单.xlsx"
    assert f.suggestion == "35*************234"
    assert ID_FUJIAN not in f.excerpt and "35*************234" in f.excerpt
    assert "身份证" in f.message


def test_lowercase_x_and_id_numbers_in_a_table():
    text = f"序号\t姓名\t身份证号\t电话\n1\t张三\t{ID_BEIJING.lower()}\t{MOBILE}\n"
    assert [(c, s) for c, s, _, _ in checks(text)] == [("pii.id_number", "error"), ("pii.mobile", "error")]
    assert [f.line for f in pii.scan(text)] == [2, 2]


def test_failed_check_digit_is_suspicious_not_clean():
    (f,) = pii.scan("身份证：" + ID_FUJIAN_BAD_CHECK)
    assert (f.check, f.severity) == ("pii.id_number_suspicious", "warning")
    assert "校验位" in f.message
    assert f.suggestion == "35*************235"


def test_valid_check_digit_but_impossible_birth_date_is_suspicious():
    # 1990-02-30 does not exist; check digit computed for it
    first17 = "35010219900230123"
    number = first17 + _ref_check_digit(first17)
    (f,) = pii.scan(number)
    assert (f.check, f.severity) == ("pii.id_number_suspicious", "warning")
    assert "出生日期" in f.message


def test_birth_date_in_the_future_and_unknown_region_are_suspicious():
    future = "35010220990307123"
    future += _ref_check_digit(future)
    assert checks(future, today=dt.date(2024, 1, 1))[0][:2] == ("pii.id_number_suspicious", "warning")
    region = "99010219900307123"
    region += _ref_check_digit(region)
    assert checks(region)[0][:2] == ("pii.id_number_suspicious", "warning")


def test_eighteen_digit_serial_failing_everything_is_not_reported():
    # check digit should be 7, birth-date part 78901234 is impossible, Luhn fails
    assert _ref_check_digit("12345678901234567") == "7"
    assert not _ref_luhn("123456789012345678")
    assert pii.scan("订单号123456789012345678") == []


def test_id_number_inside_a_longer_digit_run_is_not_an_id():
    assert checks("1" + ID_FUJIAN) == []
    assert checks(ID_FUJIAN + "9") == []


@pytest.mark.parametrize(
    "written",
    ["110105 19491231 002X", "110105-19491231-002X", "110105 1949 1231 002X"],
)
def test_grouped_id_numbers(written):
    text = "证件号码 " + written + " 。"
    (f,) = pii.scan(text)
    assert (f.check, f.severity) == ("pii.id_number", "error")
    assert text[f.start : f.end] == written
    # separators are kept, 13 of the 18 characters are masked
    assert f.suggestion.replace(" ", "").replace("-", "") == "11*************02X"


def test_full_width_digits_are_detected_with_original_positions():
    full = "１１０１０５１９４９１２３１００２Ｘ"
    text = "身份证：" + full + "，手机：１３８１２３４５６７８"
    found = pii.scan(text)
    assert [(f.check, f.start, f.end) for f in found] == [
        ("pii.id_number", 4, 22),
        ("pii.mobile", 26, 37),
    ]
    assert text[4:22] == full
    masked = pii.mask_all(text)
    assert len(masked) == len(text)
    assert masked == "身份证：１１*************０２Ｘ，手机：１３８****５６７８"


def test_circled_digits_are_not_digits():
    # ① is a list marker; NFKC would turn it into "1" and hide the mobile number
    assert checks("①" + MOBILE) == [("pii.mobile", "error", 1, 12)]


# --- mobile numbers --------------------------------------------------------


@pytest.mark.parametrize(
    "written", ["13812345678", "138-1234-5678", "138 1234 5678", "1381234 5678"]
)
def test_mobile_numbers(written):
    text = "联系电话：" + written + "（王先生）"
    (f,) = pii.scan(text)
    assert (f.check, f.severity, f.start, f.end) == ("pii.mobile", "error", 5, 5 + len(written))


def test_mobile_mask_format():
    assert pii.mask_mobile("13812341234") == "138****1234"
    assert pii.mask_mobile("138-1234-5678") == "138-****-5678"
    (f,) = pii.scan("电话13812345678联系")
    assert f.suggestion == "138****5678"


def test_mobile_with_country_code_and_two_in_a_row():
    assert checks("+86 13812345678") == [("pii.mobile", "error", 4, 15)]
    assert checks("+8613812345678") == [("pii.mobile", "error", 3, 14)]
    assert checks("13812345678 13912345678") == [
        ("pii.mobile", "error", 0, 11),
        ("pii.mobile", "error", 12, 23),
    ]


def test_mobile_not_inside_longer_digit_runs():
    assert checks("2" + MOBILE) == []
    assert checks(MOBILE + "0") == []
    assert checks("编号20213812345678999") == []


# --- bank cards ------------------------------------------------------------


@pytest.mark.parametrize("written", [CARD_19, CARD_16, "6222 0212 3456 7890 128", "4111-1111-1111-1111"])
def test_bank_cards_with_valid_luhn(written):
    text = "开户账号：" + written
    (f,) = pii.scan(text)
    assert (f.check, f.severity, f.start, f.end) == ("pii.bank_card", "error", 5, 5 + len(written))
    digits = written.replace(" ", "").replace("-", "")
    assert f.suggestion.replace(" ", "").replace("-", "") == digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


def test_bank_card_luhn_failure_and_longer_runs_are_clean():
    assert checks("6222021234567890123") == []
    assert checks("6222 0212 3456 7890 123") == []  # 19 digits, Luhn fails
    assert checks("9" + CARD_19) == []  # 20-digit run


def test_eighteen_digit_card_that_is_not_an_id_is_a_card():
    # 622202123456789012: Luhn-valid; as an ID the check digit would be 3 and the
    # "birth date" 12345678 is impossible, so it is reported as a bank card only
    assert _ref_luhn("622202123456789012")
    assert _ref_check_digit("62220212345678901") == "3"
    assert [c for c, *_ in checks("622202123456789012")] == ["pii.bank_card"]


def test_valid_id_that_happens_to_pass_luhn_is_only_an_id():
    found = [c for c, *_ in checks(ID_FUJIAN)]
    assert found == ["pii.id_number"]


def test_bank_card_mask():
    assert pii.mask_bank_card(CARD_19) == "6222***********0128"
    assert pii.mask_bank_card("6222 0212 3456 7890 128") == "6222 **** **** ***0 128"


# --- no false positives ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "国办发〔2018〕23号",
        "湖政办函〔2018〕9号",
        "2023年12月01日", "2023-12-01", "20231201", "2023-12-01 09:30",
        "联系电话：0571-88888888", "010-12345678", "（0571）8765 4321", "400-800-1234", "12345",
        "邮编：310000", "邮政编码 100017",
        "京ICP备05070218号", "京公网安备 11010502030143号",
        "网站标识码1304000009", "索引号：000014349/2018-00123",
        "第12345678901号",  # 11 digits but second digit 2
        "金额：19,876,543,210.00元",
        "35*************234", "138****5678", "6222***********0128",
        "11**************2X", "身份证号：3501**********1234",
    ],
)
def test_not_personal_data(text):
    assert pii.scan(text) == []
    assert pii.mask_all(text) == text


# --- masking ---------------------------------------------------------------


def test_id_mask_keeps_first_two_and_last_three():
    assert pii.mask_id_number(ID_FUJIAN) == "35*************234"
    assert len(pii.mask_id_number(ID_FUJIAN)) == 18
    assert pii.mask_id_number(ID_FUJIAN).count("*") == 13


def test_mask_helpers_refuse_wrong_lengths_with_chinese_message():
    with pytest.raises(pii.PiiValueError, match="18位"):
        pii.mask_id_number("12345")
    with pytest.raises(ValueError, match="11位"):
        pii.mask_mobile("1381234")


def test_mask_all_masks_everything_and_keeps_length():
    text = (
        f"张三，身份证{ID_FUJIAN}，电话138-1234-5678；"
        f"李四，身份证{ID_FUJIAN_BAD_CHECK}，卡号{CARD_19}。"
    )
    masked = pii.mask_all(text)
    assert len(masked) == len(text)
    assert masked == (
        "张三，身份证35*************234，电话138-****-5678；"
        "李四，身份证35*************235，卡号6222***********0128。"
    )
    assert pii.scan(masked) == []
    # suspicious values can be left for the reviewer
    only_errors = pii.mask_all(text, include_suspicious=False)
    assert ID_FUJIAN_BAD_CHECK in only_errors and ID_FUJIAN not in only_errors


def test_excerpt_never_shows_neighbouring_personal_data():
    text = f"{ID_FUJIAN} {MOBILE}"
    for f in pii.scan(text):
        assert ID_FUJIAN not in f.excerpt
        assert "12345678" not in f.excerpt


def test_empty_text():
    assert pii.scan("") == []
    assert pii.mask_all("") == ""


# --- form validation -------------------------------------------------------


def test_is_valid_id_number():
    assert pii.is_valid_id_number(ID_BEIJING)
    assert pii.is_valid_id_number(ID_BEIJING.lower())
    assert pii.is_valid_id_number(" １１０１０５１９４９１２３１００２ｘ ")
    assert not pii.is_valid_id_number(ID_FUJIAN_BAD_CHECK)
    assert not pii.is_valid_id_number("35010219900307123")
    assert not pii.is_valid_id_number("")
    assert not pii.is_valid_id_number("3501021990030712X4")


def test_is_valid_id_number_checks_birth_date_against_today():
    assert pii.is_valid_id_number(ID_FUJIAN, today=dt.date(2024, 1, 1))
    assert not pii.is_valid_id_number(ID_FUJIAN, today=dt.date(1990, 3, 6))


def test_validate_id_number_explains_in_chinese():
    assert pii.validate_id_number(ID_BEIJING.lower()) == ID_BEIJING
    with pytest.raises(pii.InvalidIdNumber, match="校验位"):
        pii.validate_id_number(ID_FUJIAN_BAD_CHECK)
    with pytest.raises(pii.InvalidIdNumber, match="应为18位"):
        pii.validate_id_number("3501021990")
    with pytest.raises(pii.InvalidIdNumber, match="出生日期"):
        pii.validate_id_number("350102199002301237")
    with pytest.raises(ValueError):
        pii.validate_id_number("35010219900307123A")


def test_luhn():
    assert pii.luhn_valid(CARD_19)
    assert not pii.luhn_valid("6222021234567890123")
    assert not pii.luhn_valid("")
    assert not pii.luhn_valid("12a4")
