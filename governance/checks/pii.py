"""Personal-data (个人信息) detection and masking for content and attachments.

Rules: ``site_rules.md`` §4 and ``notices.md`` §2.3/§4. Plain Python, no Django.

Detected:

* 居民身份证号码: 17 digits + digit/X (GB 11643). Valid check digit and plausible
  region/birth date → ``error``; a failed check digit with a plausible birth date,
  or a valid check digit with an implausible region/birth date → ``warning``
  ("suspicious", never "clean"); if both the check digit and the region/birth date
  fail, the run is not treated as an ID number (unless it ends in X) and may still
  be reported as a bank card.
* 手机号码: 11 digits, ``1[3-9]…``, not part of a longer digit run (a ``+86``
  prefix is allowed) → ``error``.
* 银行卡号: 16–19 digits with a valid Luhn checksum, not part of a longer run and
  not already reported as an ID number → ``error``.

Numbers may be written with full-width digits (normalised with NFKC for
detection) and grouped with single spaces or hyphens (``138-1234-5678``,
``6222 0212 3456 7890 123``, ``110105 19491231 002X``). Normalisation maps each
character to exactly one character, so every offset reported refers to the
original text. Already masked values (``35*************123``, ``138****1234``)
contain no digit run long enough to match and are clean.

Masking (site_rules.md §4): ID → first 2 and last 3 kept, 13 asterisks
(``35*************123``); mobile → ``138****1234``; bank card → first 4 and last 4
kept. Separators inside a grouped number are kept (``138-****-5678``), so a masked
text always has the same length as the original.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass

from .findings import Finding, line_number, make_excerpt, sort_findings

__all__ = [
    "CHECK_ID_NUMBER",
    "CHECK_ID_NUMBER_SUSPICIOUS",
    "CHECK_MOBILE",
    "CHECK_BANK_CARD",
    "InvalidIdNumber",
    "PiiValueError",
    "id_check_digit",
    "is_valid_id_number",
    "validate_id_number",
    "luhn_valid",
    "mask_id_number",
    "mask_mobile",
    "mask_bank_card",
    "mask_all",
    "normalize",
    "scan",
]

CHECK_ID_NUMBER = "pii.id_number"
CHECK_ID_NUMBER_SUSPICIOUS = "pii.id_number_suspicious"
CHECK_MOBILE = "pii.mobile"
CHECK_BANK_CARD = "pii.bank_card"


class PiiValueError(ValueError):
    """A value handed to a masking helper is not of the expected kind."""


class InvalidIdNumber(PiiValueError):
    """A resident ID number failed validation (message says why, in Chinese)."""


# --------------------------------------------------------------------------
# normalisation


def normalize(text: str) -> str:
    """NFKC, character by character, keeping the length unchanged.

    Full-width digits, letters, hyphens and spaces become ASCII. A character is
    left as it is when its NFKC form is longer than one character, and when NFKC
    would turn a non-decimal character into a digit (circled ①, superscript ²):
    those are list markers and exponents, not digits of a number.
    """
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
            continue
        n = unicodedata.normalize("NFKC", ch)
        if len(n) != 1 or (n.isdigit() and not ch.isdecimal()):
            out.append(ch)
        else:
            out.append(n)
    return "".join(out)


# --------------------------------------------------------------------------
# ID numbers (GB 11643-1999)

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"  # indexed by (weighted sum mod 11)

# first two digits of GB/T 2260 province-level codes; 81/82/83 are used by the
# residence permits of Hong Kong, Macao and Taiwan residents
_PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)


def id_check_digit(first17: str) -> str:
    """GB 11643 check character for the first 17 digits of an ID number."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise InvalidIdNumber("计算校验位需要身份证号码的前17位数字")
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS))
    return _ID_CHECK_CHARS[total % 11]


def _checksum_ok(id18: str) -> bool:
    return id_check_digit(id18[:17]) == id18[17].upper()


def _birth_date(id18: str):
    try:
        return _dt.date(int(id18[6:10]), int(id18[10:12]), int(id18[12:14]))
    except ValueError:
        return None


def _id_problems(id18: str, today: _dt.date | None) -> list[str]:
    """Plausibility problems of the region and birth-date parts (empty = plausible)."""
    today = today or _dt.date.today()
    problems = []
    if id18[:2] not in _PROVINCE_CODES:
        problems.append(f"前两位“{id18[:2]}”不是有效的省级行政区划代码")
    born = _birth_date(id18)
    if born is None:
        problems.append(f"第7至14位“{id18[6:14]}”不是有效的出生日期")
    elif born.year < 1900 or born > today:
        problems.append(f"出生日期 {born.isoformat()} 不合理")
    return problems


def validate_id_number(value: str, *, today: _dt.date | None = None) -> str:
    """Validate a resident ID number typed into a form; return it normalised.

    Full-width characters, surrounding spaces and a lower-case x are accepted;
    the result is 18 ASCII characters with an upper-case X. Raises
    ``InvalidIdNumber`` with a Chinese message saying what to fix.
    """
    s = normalize(value or "").strip().replace(" ", "").upper()
    if len(s) != 18:
        raise InvalidIdNumber(f"身份证号码应为18位，当前为{len(s)}位，请核对")
    if not s[:17].isdigit() or not (s[17].isdigit() or s[17] == "X"):
        raise InvalidIdNumber("身份证号码前17位应为数字，最后一位应为数字或X，请核对")
    problems = _id_problems(s, today)
    if problems:
        raise InvalidIdNumber("身份证号码" + "；".join(problems) + "，请核对")
    if not _checksum_ok(s):
        raise InvalidIdNumber("身份证号码校验位不正确，请核对是否输错")
    return s


def is_valid_id_number(value: str, *, today: _dt.date | None = None) -> bool:
    """True when ``value`` is a well-formed 18-character resident ID number with a
    valid GB 11643 check digit, a known province code and a plausible birth date."""
    try:
        validate_id_number(value, today=today)
    except InvalidIdNumber:
        return False
    return True


# --------------------------------------------------------------------------
# Luhn


def luhn_valid(digits: str) -> bool:
    """Luhn (mod 10) check used by bank card numbers."""
    if not digits or not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


# --------------------------------------------------------------------------
# masking


def _significant(ch: str) -> bool:
    n = normalize(ch)
    return n in "0123456789Xx" and n != ""


def _mask_span(value: str, keep_head: int, keep_tail: int) -> str:
    """Replace the significant characters of ``value`` (digits, X) by ``*``,
    except the first ``keep_head`` and last ``keep_tail``; separators are kept."""
    count = sum(1 for ch in value if _significant(ch))
    out = []
    i = 0
    for ch in value:
        if _significant(ch):
            out.append(ch if i < keep_head or i >= count - keep_tail else "*")
            i += 1
        else:
            out.append(ch)
    return "".join(out)


def _significant_chars(value: str) -> str:
    return "".join(normalize(ch) for ch in value if _significant(ch))


def mask_id_number(value: str) -> str:
    """``350102199001011234`` → ``35*************234`` (first 2 and last 3 kept)."""
    sig = _significant_chars(value)
    if len(sig) != 18:
        raise PiiValueError(f"身份证号码应为18位，收到{len(sig)}位，无法按规定格式遮盖")
    return _mask_span(value, 2, 3)


def mask_mobile(value: str) -> str:
    """``13812341234`` → ``138****1234`` (first 3 and last 4 kept)."""
    sig = _significant_chars(value)
    if len(sig) != 11 or not sig.isdigit():
        raise PiiValueError(f"手机号码应为11位数字，收到{len(sig)}位，无法按规定格式遮盖")
    return _mask_span(value, 3, 4)


def mask_bank_card(value: str) -> str:
    """``6222021234567890123`` → ``6222***********0123`` (first 4 and last 4 kept)."""
    sig = _significant_chars(value)
    if not (12 <= len(sig) <= 19) or not sig.isdigit():
        raise PiiValueError(f"银行卡号应为12至19位数字，收到{len(sig)}位，无法按规定格式遮盖")
    return _mask_span(value, 4, 4)


# --------------------------------------------------------------------------
# detection

_SEP = r"[ \-\u2010\u2011\u2012\u2013]"

_ID_RE = re.compile(
    r"(?<![0-9])(?:"
    r"[0-9]{17}[0-9Xx]"
    rf"|[0-9]{{6}}(?P<s1>{_SEP})[0-9]{{8}}(?P=s1)[0-9]{{3}}[0-9Xx]"
    rf"|[0-9]{{6}}(?P<s2>{_SEP})[0-9]{{4}}(?P=s2)[0-9]{{4}}(?P=s2)[0-9]{{3}}[0-9Xx]"
    r")(?![0-9])"
)

_MOBILE_RE = re.compile(
    r"(?:(?<![0-9])|(?<=\+86)|(?<=\+86[ \-]))"
    rf"1[3-9][0-9]{_SEP}?[0-9]{{4}}{_SEP}?[0-9]{{4}}"
    r"(?![0-9])"
)

_BANK_RE = re.compile(
    r"(?<![0-9])(?:"
    r"[0-9]{16,19}"
    rf"|[0-9]{{4}}(?P<s>{_SEP})[0-9]{{4}}(?P=s)[0-9]{{4}}(?P=s)[0-9]{{4}}(?:(?P=s)[0-9]{{1,3}})?"
    r")(?![0-9])"
)


@dataclass(frozen=True)
class _Hit:
    check: str
    severity: str
    start: int
    end: int
    message: str
    masked: str


def _digits_of(s: str) -> str:
    return "".join(c for c in s if c in "0123456789Xx").upper()


def _overlaps(start: int, end: int, hits) -> bool:
    return any(start < h.end and h.start < end for h in hits)


def _find(text: str, today: _dt.date | None) -> list[_Hit]:
    norm = normalize(text)
    hits: list[_Hit] = []

    # 1. ID numbers
    for m in _ID_RE.finditer(norm):
        raw = text[m.start() : m.end()]
        id18 = _digits_of(m.group())
        checksum = _checksum_ok(id18)
        problems = _id_problems(id18, today)
        if checksum and not problems:
            hits.append(
                _Hit(
                    CHECK_ID_NUMBER,
                    "error",
                    m.start(),
                    m.end(),
                    "发现居民身份证号码，发布前须去标识化（保留前2位和后3位，中间13位以*代替）",
                    mask_id_number(raw),
                )
            )
        elif checksum:
            hits.append(
                _Hit(
                    CHECK_ID_NUMBER_SUSPICIOUS,
                    "warning",
                    m.start(),
                    m.end(),
                    "疑似居民身份证号码（校验位正确，但" + "；".join(problems) + "），请人工核对，如属个人信息须遮盖",
                    mask_id_number(raw),
                )
            )
        elif not problems or id18.endswith("X"):
            hits.append(
                _Hit(
                    CHECK_ID_NUMBER_SUSPICIOUS,
                    "warning",
                    m.start(),
                    m.end(),
                    "疑似居民身份证号码（校验位不符，可能是录入有误的身份证号），请人工核对，如属个人信息须遮盖",
                    mask_id_number(raw),
                )
            )
        # else: neither the check digit nor region/birth date fit: not an ID number

    # 2. bank card numbers (not where an ID number was reported)
    for m in _BANK_RE.finditer(norm):
        if _overlaps(m.start(), m.end(), hits):
            continue
        if not luhn_valid(_digits_of(m.group())):
            continue
        raw = text[m.start() : m.end()]
        hits.append(
            _Hit(
                CHECK_BANK_CARD,
                "error",
                m.start(),
                m.end(),
                "发现银行卡号（Luhn校验通过），发布前须去标识化（保留前4位和后4位）",
                mask_bank_card(raw),
            )
        )

    # 3. mobile numbers
    for m in _MOBILE_RE.finditer(norm):
        if _overlaps(m.start(), m.end(), hits):
            continue
        raw = text[m.start() : m.end()]
        hits.append(
            _Hit(
                CHECK_MOBILE,
                "error",
                m.start(),
                m.end(),
                "发现手机号码，发布前须去标识化（保留前3位和后4位，如138****1234）",
                mask_mobile(raw),
            )
        )

    hits.sort(key=lambda h: (h.start, h.end))
    return hits


def _apply(text: str, hits) -> str:
    out = []
    pos = 0
    for h in sorted(hits, key=lambda h: h.start):
        out.append(text[pos : h.start])
        out.append(h.masked)
        pos = h.end
    out.append(text[pos:])
    return "".join(out)


def scan(text: str, field: str = "body", *, today: _dt.date | None = None) -> list[Finding]:
    """Personal data found in ``text``, in reading order.

    Offsets refer to ``text`` as given. Each finding's ``suggestion`` is the
    masked value; its ``excerpt`` is taken from the fully masked text, so it never
    shows personal data. ``today`` bounds plausible birth dates (default: today).
    """
    if not text:
        return []
    hits = _find(text, today)
    masked_text = _apply(text, hits)  # same length as text
    findings = [
        Finding(
            check=h.check,
            severity=h.severity,
            message=h.message,
            field=field,
            start=h.start,
            end=h.end,
            line=line_number(text, h.start),
            excerpt=make_excerpt(masked_text, h.start, h.end, h.masked),
            suggestion=h.masked,
        )
        for h in hits
    ]
    return sort_findings(findings)


def mask_all(
    text: str, *, include_suspicious: bool = True, today: _dt.date | None = None
) -> str:
    """``text`` with every detected ID number, mobile and bank card number masked.

    Suspicious ID numbers (warnings) are masked too unless ``include_suspicious``
    is False. The result has the same length as ``text``.
    """
    if not text:
        return text
    hits = _find(text, today)
    if not include_suspicious:
        hits = [h for h in hits if h.severity == "error"]
    return _apply(text, hits)
