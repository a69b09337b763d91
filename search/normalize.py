"""文本规范化：检索的唯一分析约定（索引时与查询时完全相同）。

This module is the single normalisation contract of the search design
(``/work/shared/domain/search.md`` §3 and §4).  Every backend (the SQLite FTS5
subclass, Elasticsearch/OpenSearch, the fallback scan) receives text that went
through :func:`normalize` at index time and queries that went through the same
function at query time, so the match sets are identical across engines.

Steps of :func:`normalize`, in this order (search.md §4):

0. Clean-up: lone surrogates and invisible format characters (zero-width
   space, BOM, soft hyphen, bidi marks) are dropped; C0/C1 control characters
   become spaces.  (Not listed in §4; needed so that messy data and hostile
   queries can never crash the converter or split a word invisibly.)
1. Unicode NFKC, then lower-case.  Full-width Latin/digits/brackets become
   ASCII, ``﹝﹞`` becomes ``〔〕``, ``①`` becomes ``1``, the ideographic space a
   normal space.
2. Traditional → simplified with OpenCC ``t2s`` (character level plus OpenCC's
   own phrase table; the converter is a lazily built module singleton).
3. Chinese numerals, targeted only: ``第 + 数字 + 条/章/款/节/项`` → Arabic
   (第一百零五条 → 第105条) and four-digit years written with 〇–九 → Arabic
   (二〇二四年 → 2024年).  Nothing else: 一网通办, 三年行动计划, 十四五 and
   第十二届 are left alone.
4. Whitespace collapsed to single spaces and stripped.

文号 canonicalisation (§4 step 4) lives in :mod:`policies.doc_number`, and
synonym expansion (§4 step 6) in :mod:`search.query`; both build on this
function.

Index form (§3.2): :func:`spaced_for_index` writes every Han character as a
separate token while ASCII words and numbers stay whole, so SQLite's stock
``unicode61`` tokenizer yields one token per Han character, like
Elasticsearch's ``standard`` tokenizer.  :func:`tokenize` returns the tokens
that an index built from that form contains; the query compiler uses it so that
query phrases consist of exactly the tokens the index holds.

For display, :func:`normalize_with_map` returns the same normalised text plus,
for every normalised character, the span of raw text it came from, so a
highlighter can match on normalised text and slice the raw text.

Plain Python: no Django imports (CONVENTIONS.md).
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable

__all__ = [
    "HAN_CHAR_CLASS",
    "NormalizedText",
    "cn_numeral_to_int",
    "get_t2s_converter",
    "index_text",
    "is_han",
    "normalize",
    "normalize_with_map",
    "spaced_for_index",
    "strip_invisible",
    "token_spans",
    "tokenize",
]

# ---------------------------------------------------------------------------
# Character classes
# ---------------------------------------------------------------------------

#: Characters written as one token each in the index: CJK unified ideographs
#: (BMP, extension A, extensions B–H), compatibility ideographs, and the
#: ideographic zero 〇.
_HAN_RANGES = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_CHAR_CLASS = "[" + _HAN_RANGES + "]"
_HAN_RE = re.compile(HAN_CHAR_CLASS)

# A token is one Han character, or a maximal run of other letters/digits
# (Python's ``[^\W_]`` = Unicode letters and numbers; private-use characters
# are included because FTS5's unicode61 treats them as token characters).
_TOKEN_RE = re.compile(
    "(" + HAN_CHAR_CLASS + ")"
    "|((?:(?!" + HAN_CHAR_CLASS + ")(?:[^\\W_]|[\ue000-\uf8ff]))+)"
)

# Step 0: characters removed outright (lone surrogates; invisible format
# characters) and control characters turned into spaces.
_DROP_CLASS = "[\ud800-\udfff\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
_DROP_RE = re.compile(_DROP_CLASS)
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_DIRTY_RE = re.compile(_DROP_CLASS + "|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

_WS_RE = re.compile(r"\s+")

# Step 3 patterns.
_CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "◯": 0,
    "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUMERAL_CHARS = "".join(_CN_DIGITS) + "十百千万"
_ARTICLE_RE = re.compile("第([" + _CN_NUMERAL_CHARS + "]+)([条章款节项])")
# Years 1000–2999 written digit by digit (一九九八年, 二〇二四年, 二○二四年).
# The "not preceded by another numeral" check is done in the callback because
# a look-behind makes the scan five times slower.
_YEAR_RE = re.compile("([一二][〇○◯零一二三四五六七八九]{3})年")
_YEAR_DIGITS = {"〇": "0", "○": "0", "◯": "0", "零": "0", "一": "1", "二": "2",
                "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8",
                "九": "9"}


def is_han(ch: str) -> bool:
    """True if ``ch`` (one character) is indexed as a token of its own."""
    return bool(_HAN_RE.fullmatch(ch))


# ---------------------------------------------------------------------------
# Lazily built singletons
# ---------------------------------------------------------------------------

_t2s_lock = threading.Lock()
_t2s_converter = None


def get_t2s_converter():
    """Return the shared OpenCC ``t2s`` converter, building it on first use.

    Building an ``OpenCC`` object loads its dictionaries (tens of
    milliseconds), so one instance is shared by the whole process.  The
    converter object is stateless, so sharing across threads is safe.
    """
    global _t2s_converter
    conv = _t2s_converter
    if conv is None:
        with _t2s_lock:
            conv = _t2s_converter
            if conv is None:
                import opencc  # the official binding; see search.md §4 step 2

                conv = opencc.OpenCC("t2s")
                _t2s_converter = conv
    return conv


class _NfkcTable(dict):
    """``str.translate`` table mapping each character to its own NFKC form.

    Filled lazily: the first time a code point is seen its NFKC form is
    computed and cached.  Translating per character and then (only if the
    result is still not NFKC, i.e. when combining sequences are present)
    running a whole-string NFKC gives exactly ``NFKC(text)``, because NFKC of
    a string equals NFKC of the concatenated per-character NFKC forms.  It is
    about twice as fast as ``unicodedata.normalize`` on Chinese text.
    """

    def __missing__(self, key: int):
        ch = chr(key)
        norm = unicodedata.normalize("NFKC", ch)
        value = key if norm == ch else norm
        self[key] = value
        return value


_NFKC_TABLE = _NfkcTable()


class _SpacedTable(dict):
    """``str.translate`` table surrounding each Han character with spaces (lazy)."""

    def __missing__(self, key: int):
        ch = chr(key)
        value = f" {ch} " if _HAN_RE.match(ch) else key
        self[key] = value
        return value


_SPACED_TABLE = _SpacedTable()


# The full-width punctuation that makes almost every Chinese text
# non-NFKC.  Replacing these with ``str.replace`` (C speed) first lets the
# quick ``is_normalized`` check succeed for most texts, which is five times
# faster than translating every character.
_COMMON_NFKC = (
    ("\uff0c", ","), ("\uff1b", ";"), ("\uff08", "("), ("\uff09", ")"),
    ("\uff1a", ":"), ("\u3000", " "), ("\uff01", "!"), ("\uff1f", "?"),
)


def _nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, computed faster."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    for full, half in _COMMON_NFKC:
        if full in text:
            text = text.replace(full, half)
    if unicodedata.is_normalized("NFKC", text):
        return text
    text = text.translate(_NFKC_TABLE)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text


# ---------------------------------------------------------------------------
# Chinese numerals
# ---------------------------------------------------------------------------


def cn_numeral_to_int(text: str) -> int | None:
    """Value of a Chinese numeral, or ``None`` if ``text`` is not one.

    Handles positional (一百零五 → 105, 十二 → 12, 两千 → 2000, 一万零一 → 10001)
    and digit-by-digit forms (一〇五 → 105, 二〇二四 → 2024).  Arabic digits
    are accepted too (``"105"`` → 105).
    """
    if not text:
        return None
    if text.isdigit() and text.isascii():
        return int(text)
    if any(ch not in _CN_DIGITS and ch not in _CN_UNITS and ch != "万" for ch in text):
        return None
    if all(ch in _CN_DIGITS for ch in text):
        if len(text) == 1:
            return _CN_DIGITS[text]
        if "两" in text:
            return None
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total = 0
    section = 0
    digit: int | None = None
    last_unit = 10**9
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None and digit != 0 and _CN_DIGITS[ch] != 0:
                return None  # two significant digits in a row: 一二百
            digit = _CN_DIGITS[ch]
        elif ch == "万":
            if digit is not None:
                section += digit
            if section == 0 or total:
                return None
            total = section * 10000
            section = 0
            digit = None
            last_unit = 10**9
        else:
            unit = _CN_UNITS[ch]
            if unit >= last_unit:
                return None  # 十百, 百百: not a numeral
            if digit is None or digit == 0:
                if digit is None and unit == 10 and section == 0:
                    digit = 1  # 十二 = 12
                else:
                    return None
            section += digit * unit
            digit = None
            last_unit = unit
    if digit is not None:
        section += digit
    return total + section


@functools.lru_cache(maxsize=4096)
def _article_number(numeral: str) -> str | None:
    value = cn_numeral_to_int(numeral)
    return None if value is None else str(value)


def _article_repl(match: re.Match) -> str:
    value = _article_number(match.group(1))
    if value is None:
        return match.group(0)
    return f"第{value}{match.group(2)}"


def _year_repl_factory(text: str) -> Callable[[re.Match], str]:
    def repl(match: re.Match) -> str:
        start = match.start()
        if start and text[start - 1] in _CN_NUMERAL_CHARS:
            return match.group(0)  # part of a longer numeral run
        return "".join(_YEAR_DIGITS[ch] for ch in match.group(1)) + "年"

    return repl


# ---------------------------------------------------------------------------
# The normalisation function
# ---------------------------------------------------------------------------


def strip_invisible(text: str) -> str:
    """Step 0 alone: drop lone surrogates and format characters, controls → spaces.

    Useful for anything shown to users from raw text (snippets), so it can
    always be encoded as UTF-8 and holds no invisible characters.
    """
    if text and _DIRTY_RE.search(text):
        return _CONTROL_RE.sub(" ", _DROP_RE.sub("", text))
    return text


def normalize(text: str | None) -> str:
    """Normalise ``text`` for indexing or querying (search.md §4).

    Never raises for any ``str`` input (lone surrogates, control characters and
    emoji included); ``None`` gives ``""``.  Idempotent:
    ``normalize(normalize(x)) == normalize(x)``.

    >>> normalize("國務院辦公廳關於印發《政府信息公開條例》的通知")
    '国务院办公厅关于印发《政府信息公开条例》的通知'
    >>> normalize("第一百零五条　ＧＤＰ  二〇二四年")
    '第105条 gdp 2024年'
    """
    if not text:
        return ""
    text = _nfkc(strip_invisible(text)).lower()
    text = get_t2s_converter().convert(text)
    if "第" in text:
        text = _ARTICLE_RE.sub(_article_repl, text)
    if "年" in text:
        text = _YEAR_RE.sub(_year_repl_factory(text), text)
    return _WS_RE.sub(" ", text).strip()


def spaced_for_index(normalized: str) -> str:
    """Index form of already-normalised text (search.md §3.2).

    Every Han character becomes a separate space-delimited token; ASCII words,
    numbers and punctuation are left as they are.  Punctuation is kept because
    every engine's tokenizer treats it as a separator anyway.

    >>> spaced_for_index("国办发〔2024〕12号 covid-19疫情")
    '国 办 发 〔2024〕12 号 covid-19 疫 情'
    """
    if not normalized:
        return ""
    return " ".join(normalized.translate(_SPACED_TABLE).split())


def index_text(raw: str | None) -> str:
    """``spaced_for_index(normalize(raw))``: what goes into a search field."""
    return spaced_for_index(normalize(raw))


def token_spans(normalized: str) -> list[tuple[str, int, int]]:
    """``(token, start, end)`` for each index token of normalised text."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(normalized)]


def tokenize(normalized: str) -> list[str]:
    """Index tokens of normalised text: one per Han character, else letter/digit runs.

    This is what FTS5 ``unicode61`` produces from :func:`spaced_for_index`
    output (and, for Han text, what Elasticsearch's ``standard`` tokenizer
    produces); punctuation, spaces and symbols (emoji) are separators.

    >>> tokenize("国办发〔2024〕12号 5g")
    ['国', '办', '发', '2024', '12', '号', '5g']
    """
    return [han or word for han, word in _TOKEN_RE.findall(normalized)]


# ---------------------------------------------------------------------------
# Normalisation with an offset map (for highlighting raw text)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NormalizedText:
    """Normalised text plus, per character, the raw span it came from.

    ``starts[i]``/``ends[i]`` delimit the raw characters that produced
    normalised character ``i``.  A character produced by a many-to-one step
    (第一百零五条 → 第105条) maps to the whole source span.
    """

    raw: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``(start, end)`` covering normalised characters ``start:end``."""
        if not self.text:
            return (0, 0)
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.raw)
            return (pos, pos)
        return (self.starts[start], self.ends[end - 1])


class _Mapped:
    """Working string with per-character raw spans (internal)."""

    __slots__ = ("text", "starts", "ends")

    def __init__(self, text: str, starts: list[int], ends: list[int]):
        self.text = text
        self.starts = starts
        self.ends = ends

    @classmethod
    def identity(cls, text: str) -> "_Mapped":
        n = len(text)
        return cls(text, list(range(n)), list(range(1, n + 1)))

    def replace_pieces(self, pieces: Iterable[str]) -> "_Mapped":
        """Replace character i by pieces[i] (any length, possibly empty)."""
        text_parts: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        for piece, s, e in zip(pieces, self.starts, self.ends):
            if not piece:
                continue
            text_parts.append(piece)
            if len(piece) == 1:
                starts.append(s)
                ends.append(e)
            else:
                starts.extend([s] * len(piece))
                ends.extend([e] * len(piece))
        return _Mapped("".join(text_parts), starts, ends)

    def same_length(self, new_text: str) -> "_Mapped":
        return _Mapped(new_text, self.starts, self.ends)

    def replace_spans(self, replacements: list[tuple[int, int, str]]) -> "_Mapped":
        """Apply ``(start, end, new)`` replacements (sorted, non-overlapping).

        Every character of ``new`` maps to the union of the replaced span.
        """
        if not replacements:
            return self
        text_parts: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        pos = 0
        for start, end, new in replacements:
            text_parts.append(self.text[pos:start])
            starts.extend(self.starts[pos:start])
            ends.extend(self.ends[pos:start])
            if new:
                if end > start:
                    s, e = self.starts[start], self.ends[end - 1]
                else:  # pure insertion: anchor on the neighbour
                    s = e = self.starts[start] if start < len(self.starts) else (
                        self.ends[-1] if self.ends else 0)
                text_parts.append(new)
                starts.extend([s] * len(new))
                ends.extend([e] * len(new))
            pos = end
        text_parts.append(self.text[pos:])
        starts.extend(self.starts[pos:])
        ends.extend(self.ends[pos:])
        return _Mapped("".join(text_parts), starts, ends)

    def sub_group(self, pattern: re.Pattern, repl: Callable[[re.Match], str]) -> "_Mapped":
        """Like ``pattern.sub(repl, text)`` where ``repl`` only rewrites group 1.

        The replacement must keep the text around group 1 unchanged; only
        group 1's span is replaced, so the surrounding characters keep exact
        offsets.
        """
        reps = []
        for m in pattern.finditer(self.text):
            new = repl(m)
            if new != m.group(0):
                prefix = m.start(1) - m.start()
                suffix = m.end() - m.end(1)
                reps.append((m.start(1), m.end(1), new[prefix:len(new) - suffix]))
        return self.replace_spans(reps)


# Split points for the chunked fallbacks: NFKC never composes across a
# whitespace or Han character, and OpenCC phrases never span whitespace.
_CHUNK_RE = re.compile(r"\s+|" + HAN_CHAR_CLASS + r"|[^\s" + _HAN_RANGES + "]+")


def _chunked(m: _Mapped, func: Callable[[str], str]) -> _Mapped:
    """Apply ``func`` chunk by chunk where whole-string application changed length."""
    reps = []
    for chunk in _CHUNK_RE.finditer(m.text):
        new = func(chunk.group())
        if new != chunk.group():
            if len(new) == len(chunk.group()):
                # keep the per-character alignment
                for i, (a, b) in enumerate(zip(chunk.group(), new)):
                    if a != b:
                        reps.append((chunk.start() + i, chunk.start() + i + 1, b))
            else:
                reps.append((chunk.start(), chunk.end(), new))
    return m.replace_spans(reps)


def normalize_with_map(raw: str | None) -> NormalizedText:
    """Like :func:`normalize`, also returning the raw span of every character.

    ``normalize_with_map(x).text == normalize(x)`` for ordinary text (checked
    in the tests on the laws corpus); in exotic cases (combining sequences
    that only compose across a Han character) the texts may differ slightly,
    which only affects highlighting.
    """
    raw = raw or ""
    m = _Mapped.identity(raw)
    # 0. clean-up
    if _DIRTY_RE.search(raw):
        m = m.replace_pieces(
            "" if _DROP_RE.match(ch) else (" " if _CONTROL_RE.match(ch) else ch)
            for ch in m.text
        )
    # 1. NFKC (per character, then per chunk if combining sequences remain)
    if not unicodedata.is_normalized("NFKC", m.text):
        translated = m.text.translate(_NFKC_TABLE)
        if len(translated) == len(m.text):
            m = m.same_length(translated)
        else:
            m = m.replace_pieces(
                ch.translate(_NFKC_TABLE) for ch in m.text
            )
        if not unicodedata.is_normalized("NFKC", m.text):
            m = _chunked(m, lambda s: unicodedata.normalize("NFKC", s))
    # 1b. lower-case (whole string when length-preserving: keeps final sigma)
    lowered = m.text.lower()
    if len(lowered) == len(m.text):
        m = m.same_length(lowered)
    else:
        m = m.replace_pieces(ch.lower() for ch in m.text)
    # 2. traditional → simplified
    conv = get_t2s_converter()
    converted = conv.convert(m.text)
    if len(converted) == len(m.text):
        m = m.same_length(converted)
    else:
        m = _chunked(m, conv.convert)
    # 3. targeted numerals
    # (only the numeral itself is replaced, so 第/条/年 keep their own spans)
    if "第" in m.text:
        m = m.sub_group(_ARTICLE_RE, _article_repl)
    if "年" in m.text:
        m = m.sub_group(_YEAR_RE, _year_repl_factory(m.text))
    # 4. whitespace
    reps = []
    text = m.text
    for ws in _WS_RE.finditer(text):
        if ws.start() == 0 or ws.end() == len(text):
            reps.append((ws.start(), ws.end(), ""))
        elif ws.group() != " ":
            reps.append((ws.start(), ws.end(), " "))
    m = m.replace_spans(reps)
    return NormalizedText(raw, m.text, tuple(m.starts), tuple(m.ends))
