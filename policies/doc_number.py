"""发文字号 (document number) parsing and canonicalisation.

Rules: ``/work/shared/domain/policy_library.md`` §3 (GB/T 9704-2012 §7.2.5).

Three shapes are recognised:

``standard``  机关代字 + 〔年份〕 + 顺序号 + 号, e.g. ``国办发〔2023〕27号``.
    Canonical form: code, ``〔``, 4-digit year, ``〕``, serial without leading
    zeros, ``号``, no spaces.  Accepted variants (after NFKC, which also turns
    full-width digits and brackets into ASCII and ``﹝﹞`` into ``〔〕``): any of
    the brackets ``〔〕 [] () 【】 〖〗 ⦗⦘ {} 〘〙 「」`` (even mismatched or only
    one of the pair), no bracket with ``年`` or a space, ``第`` before the
    serial, leading zeros, missing ``号`` when the year is bracketed, stray
    spaces, traditional characters (國辦發 … 號).

``order``  机关 + 令 + 第N号, e.g. ``国令第711号``, ``中华人民共和国国务院令第711号``,
    ``财政部令第 98 号``, ``主席令（第十二号）``, ``国务院第711号令``,
    ``交通运输部令2019年第1号``.  Canonical form keeps ``第`` and has no
    bracket: ``国令第711号``, ``交通运输部令2019年第1号``.  The prefix
    ``中华人民共和国`` is dropped, ``国务院令`` is aliased to ``国令`` (gov.cn's
    spelling) and ``中央军委`` to ``中央军事委员会`` so every spelling gets
    the same key.  Serials may be written in Chinese numerals (第十二号).

``announcement``  机关 + 公告/通告 + [年份] + 第N号, e.g.
    ``国家税务总局公告2018年第31号``.  Canonical form ``…公告2018年第31号``.

Two-digit years (国发〔98〕3号), several numbers in one string and free text
around a number are *not* parsed: :func:`parse` returns ``None`` (it never
raises) and the caller keeps the printed form and flags it for an editor.
Do not use this module to find numbers inside running text (in
"关于印发国办发…" the prefix is ambiguous); it parses a whole field or query.

Public API::

    parse(text) -> DocNumber | None
    canonical(text) -> str | None
    search_key(text) -> str | None
    looks_like_doc_number(query) -> bool

Plain Python: no Django imports (CONVENTIONS.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.normalize import cn_numeral_to_int, normalize

__all__ = [
    "DocNumber",
    "KIND_ANNOUNCEMENT",
    "KIND_ORDER",
    "KIND_STANDARD",
    "canonical",
    "looks_like_doc_number",
    "parse",
    "search_key",
]

KIND_STANDARD = "standard"
KIND_ORDER = "order"
KIND_ANNOUNCEMENT = "announcement"

#: Longest input considered (a 文号 field is short; longer text is prose).
MAX_INPUT_LENGTH = 80

# Prefix dropped from order/announcement issuers: 中华人民共和国公安部令 is
# the same series as 公安部令.
_STATE_PREFIX = "中华人民共和国"

# Aliases applied to order/announcement codes after the state prefix is gone.
_CODE_ALIASES = (
    ("中央军委", "中央军事委员会"),
)
_ORDER_CODE_ALIASES = {
    "国务院令": "国令",
}
# Printed spellings of an order code, besides the canonical one, that should
# find the same document in full text (see DocNumber.variants).
_ORDER_CODE_SPELLINGS = {
    "国令": ("国务院令",),
}
# Codes for which "organ第N号令" is not a real phrasing (国第711号令, 主席第12号令).
_NO_SUFFIX_SPELLING = frozenset({"国令", "主席令"})

# Brackets after NFKC.  NFKC maps ［］（）｛｝ to ASCII and ﹝﹞ to 〔〕 but
# leaves the others alone, so they are listed here.
_OPEN = "\\[({〔【〖⦗〘⟦「『〈《<"
_CLOSE = "\\])}〕】〗⦘〙⟧」』〉》>"
_O = f"[{_OPEN}]"
_C = f"[{_CLOSE}]"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f"
# Issuer / 机关代字: starts and ends with a Han character; joint issuers may be
# separated by spaces, 、 or ·.
_AGENCY = f"[{_HAN}](?:[{_HAN} 、·]*[{_HAN}])?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_ARABIC_SERIAL = r"0*(?P<serial>\d{1,6})"
_ANY_SERIAL = r"(?:0*(?P<serial>\d{1,6})|(?P<cn_serial>[零〇一二三四五六七八九十百千两]{1,8}))"

_STANDARD_RE = re.compile(
    rf"(?P<agency>{_AGENCY}) ?(?P<open>{_O})? ?{_YEAR}(?P<sep>[ 年{_CLOSE}]*)"
    rf"(?P<di>第)? ?{_ARABIC_SERIAL} ?(?P<hao>号)?"
)
_ORDER_RE = re.compile(
    rf"(?P<agency>{_AGENCY}?令) ?(?:{_O}? ?{_YEAR} ?年? ?{_C}?)? ?{_O}? ?"
    rf"(?P<di>第)? ?{_ANY_SERIAL} ?(?P<hao>号)? ?{_C}?"
)
# 国务院第711号令, 财政部第98号令
_ORDER_SUFFIX_RE = re.compile(
    rf"(?P<agency>{_AGENCY}) ?(?P<di>第) ?{_ANY_SERIAL} ?(?P<hao>号)令"
)
_ANNOUNCEMENT_RE = re.compile(
    rf"(?P<agency>{_AGENCY}?(?:公告|通告)) ?(?:{_O}? ?{_YEAR} ?年? ?{_C}?)? ?"
    rf"(?P<di>第)? ?{_ANY_SERIAL} ?(?P<hao>号)?"
)

# Labels and wrapping that may surround a number in a field or a query.
_LABEL_RE = re.compile(r"^(?:发文字号|文号|字号)\s*[:：]?\s*")
_STRIP_CHARS = " \"'“”‘’`。.,，;；:：、"


@dataclass(frozen=True)
class DocNumber:
    """A parsed 发文字号.

    ``agency_code`` is the 机关代字 (``国办发``) or, for orders and
    announcements, the issuer with its 令/公告 suffix after aliasing
    (``国令``, ``财政部令``, ``国家税务总局公告``).  ``year`` is ``None`` for
    orders without a year.  ``printed`` is the text exactly as given.
    """

    agency_code: str
    year: int | None
    serial: int
    kind: str
    printed: str

    @property
    def canonical(self) -> str:
        """Canonical printed form: ``国办发〔2023〕27号``, ``国令第711号``."""
        if self.kind == KIND_STANDARD:
            return f"{self.agency_code}〔{self.year}〕{self.serial}号"
        year = f"{self.year}年" if self.year is not None else ""
        return f"{self.agency_code}{year}第{self.serial}号"

    @property
    def key(self) -> str:
        """Compact exact-match key, identical for every spelling of the number.

        ``国办发2023-27``, ``国令-711``, ``交通运输部令2019-1``.  It contains no
        brackets, quotes or spaces, so it is safe in any keyword field.
        """
        year = str(self.year) if self.year is not None else ""
        return f"{self.agency_code}{year}-{self.serial}"

    def variants(self) -> tuple[str, ...]:
        """Printed spellings to look for in full text, canonical first.

        Besides the canonical form: alias spellings of order codes
        (国令第711号 ↔ 国务院令第711号) and the ``…第N号令`` phrasing.  Spellings
        that merely add a prefix (中华人民共和国…) are not listed because the
        shorter form already matches inside them.
        """
        out = [self.canonical]
        if self.kind == KIND_ORDER:
            year = f"{self.year}年" if self.year is not None else ""
            codes = (self.agency_code,) + _ORDER_CODE_SPELLINGS.get(self.agency_code, ())
            for code in codes:
                out.append(f"{code}{year}第{self.serial}号")
                if not year:
                    organ = code[:-1]
                    if organ and code not in _NO_SUFFIX_SPELLING:
                        out.append(f"{organ}第{self.serial}号令")
        seen: list[str] = []
        for v in out:
            if v not in seen:
                seen.append(v)
        return tuple(seen)


def _clean_code(agency: str, *, issuer: bool) -> str:
    code = agency.replace(" ", "").replace("、", "").replace("·", "")
    if issuer:
        stripped = code.replace(_STATE_PREFIX, "")
        # keep the prefix only if nothing but the suffix would remain
        if len(stripped) > 1:
            code = stripped
        for old, new in _CODE_ALIASES:
            code = code.replace(old, new)
    return code


#: Longest 机关代字 / issuer accepted (joint issuers included).
MAX_CODE_LENGTH = 30
# Words that occur in titles and sentences but never in a 机关代字.
_PROSE_MARKERS = ("关于", "的", "印发", "转发")


def _plausible_code(code: str) -> bool:
    return len(code) <= MAX_CODE_LENGTH and not any(w in code for w in _PROSE_MARKERS)


def _serial(match: re.Match) -> int | None:
    if match.group("serial") is not None:
        value = int(match.group("serial"))
    else:
        value = cn_numeral_to_int(match.group("cn_serial"))
    if not value or value > 999_999:
        return None
    return value


def _prepare(text: str) -> str:
    s = normalize(text)
    s = _LABEL_RE.sub("", s)
    return s.strip(_STRIP_CHARS)


def parse(text: object) -> DocNumber | None:
    """Parse a 发文字号; ``None`` if it cannot be parsed (never raises).

    >>> parse("国办发[2023]27号").canonical
    '国办发〔2023〕27号'
    >>> parse("中华人民共和国国务院令第711号").canonical
    '国令第711号'
    >>> parse("not a number") is None
    True
    """
    if not isinstance(text, str):
        return None
    printed = text.strip()
    if not printed or len(printed) > MAX_INPUT_LENGTH:
        return None
    try:
        s = _prepare(printed)
    except Exception:  # pragma: no cover - normalize() does not raise on str
        return None
    if not s:
        return None

    m = _ORDER_RE.fullmatch(s)
    if m and (m.group("di") or m.group("hao")):
        return _order(m, printed, KIND_ORDER)
    m = _ORDER_SUFFIX_RE.fullmatch(s)
    if m:
        return _order(m, printed, KIND_ORDER, add_suffix=True)
    m = _ANNOUNCEMENT_RE.fullmatch(s)
    if m and (m.group("di") or m.group("hao")):
        return _order(m, printed, KIND_ANNOUNCEMENT)
    m = _STANDARD_RE.fullmatch(s)
    if m:
        sep = m.group("sep")
        bracketed = bool(m.group("open")) or any(ch in _CLOSE for ch in sep)
        # Something must separate year and serial (国办发202412号 is
        # ambiguous), and without a bracket the 号 is required.
        if not (sep or m.group("di")):
            return None
        if not (bracketed or m.group("hao")):
            return None
        serial = int(m.group("serial"))
        if not serial:
            return None
        code = _clean_code(m.group("agency"), issuer=False)
        if not _plausible_code(code):
            return None
        return DocNumber(code, int(m.group("year")), serial, KIND_STANDARD, printed)
    return None


def _order(m: re.Match, printed: str, kind: str, *, add_suffix: bool = False) -> DocNumber | None:
    serial = _serial(m)
    if serial is None:
        return None
    agency = m.group("agency") + ("令" if add_suffix else "")
    code = _clean_code(agency, issuer=True)
    if kind == KIND_ORDER:
        code = _ORDER_CODE_ALIASES.get(code, code)
    if len(code) < 2 or not _plausible_code(code):
        return None  # a bare 令 / 公告 names no issuer, or it is prose
    year = m.groupdict().get("year")
    return DocNumber(code, int(year) if year else None, serial, kind, printed)


def canonical(text: object) -> str | None:
    """Canonical printed form of a 文号, or ``None`` if it cannot be parsed."""
    dn = parse(text)
    return dn.canonical if dn else None


def search_key(text: object) -> str | None:
    """Exact-match key for the search index (same for every variant), or ``None``."""
    dn = parse(text)
    return dn.key if dn else None


def looks_like_doc_number(query: object) -> bool:
    """True if the whole query is a 文号 in any accepted spelling."""
    return parse(query) is not None
