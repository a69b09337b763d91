"""索引号 (catalogue index number) templates — plain Python, no Django.

disclosure.md §4.2: there is no national format, so the number is built from a
configurable template. Tokens:

=================  ==========================================================
``{org}``          organisation code: 9-character 组织机构代码 or 18-character
                   统一社会信用代码 (per publishing organisation)
``{year}``         4-digit year, e.g. ``2026``
``{yearmonth}``    year and month, ``YYYYMM`` (宁国 style)
``{date}``         full date ``YYYYMMDD`` (宁波 style)
``{class}``        catalogue class code (白银 style 分类号), letters/digits
``{serial:N}``     zero-padded serial of width N (1–12), e.g. ``{serial:5}``
=================  ==========================================================

Everything else is a literal separator (no spaces, no braces). ``{org}`` and
``{serial:N}`` are required; each token may appear once.

Default template ``{org}/{year}-{serial:5}`` → ``000014349/2026-00071``.

Counter scope (Design, §4.2): the serial runs per organisation per year, plus
per class when ``{class}`` is a token. Finer date tokens (``{yearmonth}``,
``{date}``) do **not** narrow the scope: the serial still runs through the
year, which keeps numbers unique whatever the template. A template without any
date token runs one counter per organisation for ever.

The number is assigned once at first publication and never changes or is
reused — enforced by the caller (unique DB constraint); this module only
formats and checks.

Check characters:

* 18-character credit codes are checked per GB 32100-2015 (character set
  ``0-9A-Z`` without I, O, Z, S, V; weights 3^i mod 31; check = 31 − Σ mod 31).
  Verified against the real codes quoted in disclosure.md §4.2.
* 9-character organisation codes are checked for shape only by default: the
  doc asks for "exactly 9 digits" (we also accept the GB 11714 check
  character ``X`` in the last place, e.g. 怒江's ``01527918X``, and letters in
  the body as GB 11714 allows). The GB 11714 check digit can be verified with
  ``verify_org_check=True``. That the gov.cn prefix ``000014349`` is the State
  Council General Office's old 组织机构代码 is **[unverified]** in the doc; it
  does satisfy the GB 11714 check digit.
* Not supported: the old hyphenated organisation code (``0142768-8``).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

DEFAULT_TEMPLATE = "{org}/{year}-{serial:5}"

TOKENS = ("org", "year", "yearmonth", "date", "class", "serial")
DATE_TOKENS = ("year", "yearmonth", "date")
_TOKEN_HELP = "{org}、{year}、{yearmonth}、{date}、{class}、{serial:位数}"
MAX_SERIAL_WIDTH = 12

CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015, 31 characters
_CREDIT_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714-1997
_ORG9_RE = re.compile(r"[0-9A-Z]{8}[0-9X]")
_CREDIT_RE = re.compile(f"[{CREDIT_CODE_CHARS}]{{18}}")
_CLASS_RE = re.compile(r"[0-9A-Z]{1,20}")


class IndexNumberTemplateError(ValueError):
    """The template string is malformed (message in Chinese)."""


class IndexNumberError(ValueError):
    """A value or an index number does not fit the template (message in Chinese)."""


# -- organisation codes ---------------------------------------------------------------


def credit_code_check_char(first17: str) -> str:
    """GB 32100-2015 check character for the first 17 characters of a credit code."""
    first17 = first17.upper()
    if len(first17) != 17 or any(c not in CREDIT_CODE_CHARS for c in first17):
        raise IndexNumberError("统一社会信用代码前17位只能由数字和除 I、O、Z、S、V 外的大写字母组成")
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    """GB 11714-1997 check character for the 8-character body of an organisation code."""
    first8 = first8.upper()
    if not re.fullmatch(r"[0-9A-Z]{8}", first8):
        raise IndexNumberError("组织机构代码本体应为8位数字或大写字母")
    values = [int(c) if c.isdigit() else ord(c) - ord("A") + 10 for c in first8]
    r = 11 - sum(v * w for v, w in zip(values, _ORG_WEIGHTS)) % 11
    return {10: "X", 11: "0"}.get(r, str(r))


def check_org_code(code: str, *, verify_org_check: bool = False) -> str:
    """Normalise (strip, upper-case) and check an organisation code; return it.

    18 characters: GB 32100-2015 credit code with check character.
    9 characters: organisation code, shape only unless ``verify_org_check``.
    """
    if not isinstance(code, str):
        raise IndexNumberError(f"机构代码必须是文本，收到：{code!r}")
    c = code.strip().upper()
    if len(c) == 18:
        if not _CREDIT_RE.fullmatch(c):
            raise IndexNumberError(
                f"统一社会信用代码“{code}”含有无效字符：只能使用数字和除 I、O、Z、S、V 外的大写字母"
            )
        expected = credit_code_check_char(c[:17])
        if c[17] != expected:
            raise IndexNumberError(
                f"统一社会信用代码“{code}”校验码错误：第18位应为“{expected}”，请核对代码（GB 32100-2015）"
            )
        return c
    if len(c) == 9:
        if not _ORG9_RE.fullmatch(c):
            raise IndexNumberError(
                f"组织机构代码“{code}”格式错误：应为9位，前8位为数字或大写字母，第9位为数字或 X"
            )
        if verify_org_check:
            expected = org_code_check_char(c[:8])
            if c[8] != expected:
                raise IndexNumberError(
                    f"组织机构代码“{code}”校验码错误：第9位应为“{expected}”（GB 11714）"
                )
        return c
    raise IndexNumberError(
        f"机构代码“{code}”长度为{len(c)}位：应为9位组织机构代码或18位统一社会信用代码（不含连字符）"
    )


# -- template -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Part:
    kind: str  # "literal" or a token name
    text: str = ""  # literal text
    width: int = 0  # serial width


@dataclass(frozen=True)
class CounterScope:
    """Key of the serial counter. ``None`` fields are not part of the key."""

    org: str
    year: int | None
    class_code: str | None

    def as_tuple(self) -> tuple:
        return (self.org, self.year, self.class_code)


@dataclass(frozen=True)
class IndexNumberParts:
    """A parsed index number."""

    number: str
    org: str
    serial: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    class_code: str | None = None


class IndexNumberTemplate:
    """A parsed 索引号 template. Build with :meth:`parse`."""

    def __init__(self, source: str, parts: tuple[_Part, ...]):
        self.source = source
        self.parts = parts

    # -- parsing ---------------------------------------------------------------
    @classmethod
    def parse(cls, template: str) -> "IndexNumberTemplate":
        if not isinstance(template, str) or not template.strip():
            raise IndexNumberTemplateError("索引号模板不能为空，例如：" + DEFAULT_TEMPLATE)
        if any(ch.isspace() for ch in template):
            raise IndexNumberTemplateError(f"索引号模板“{template}”不能包含空格或换行")
        parts: list[_Part] = []
        seen: set[str] = set()
        i = 0
        literal = ""
        while i < len(template):
            ch = template[i]
            if ch == "}":
                raise IndexNumberTemplateError(f"索引号模板“{template}”第{i + 1}个字符处有多余的“}}”")
            if ch != "{":
                literal += ch
                i += 1
                continue
            end = template.find("}", i + 1)
            if end < 0:
                raise IndexNumberTemplateError(f"索引号模板“{template}”第{i + 1}个字符处的“{{”没有闭合")
            inner = template[i + 1 : end]
            if "{" in inner:
                raise IndexNumberTemplateError(f"索引号模板“{template}”第{i + 1}个字符处的“{{”没有闭合")
            name, _, spec = inner.partition(":")
            if name not in TOKENS:
                raise IndexNumberTemplateError(f"未知的占位符“{{{inner}}}”，可用的占位符：{_TOKEN_HELP}")
            if name in seen:
                raise IndexNumberTemplateError(f"占位符“{{{name}}}”在模板中重复出现")
            seen.add(name)
            width = 0
            if name == "serial":
                if not spec:
                    raise IndexNumberTemplateError("流水号须指定位数，例如 {serial:5}")
                if not spec.isdigit() or not 1 <= int(spec) <= MAX_SERIAL_WIDTH:
                    raise IndexNumberTemplateError(
                        f"流水号位数“{spec}”无效：应为1到{MAX_SERIAL_WIDTH}之间的整数，例如 {{serial:5}}"
                    )
                width = int(spec)
            elif ":" in inner:
                raise IndexNumberTemplateError(f"占位符“{{{name}}}”不接受格式参数“{spec}”，只有 {{serial:位数}} 可以指定位数")
            if literal:
                parts.append(_Part("literal", literal))
                literal = ""
            parts.append(_Part(name, width=width))
            i = end + 1
        if literal:
            parts.append(_Part("literal", literal))
        if "org" not in seen:
            raise IndexNumberTemplateError("索引号模板必须包含机构代码占位符 {org}")
        if "serial" not in seen:
            raise IndexNumberTemplateError("索引号模板必须包含流水号占位符，例如 {serial:5}")
        for a, b in zip(parts, parts[1:]):
            if a.kind == "class" and b.kind != "literal":
                raise IndexNumberTemplateError("分类号 {class} 后面必须有分隔符（如“-”），否则无法从索引号中分辨分类号")
            if b.kind == "class" and a.kind == "org":
                raise IndexNumberTemplateError("机构代码 {org} 与分类号 {class} 之间必须有分隔符")
        return cls(template, tuple(parts))

    @property
    def tokens(self) -> list[str]:
        return [p.kind for p in self.parts if p.kind != "literal"]

    @property
    def serial_width(self) -> int:
        return next(p.width for p in self.parts if p.kind == "serial")

    @property
    def has_class(self) -> bool:
        return "class" in self.tokens

    @property
    def has_date(self) -> bool:
        return any(t in DATE_TOKENS for t in self.tokens)

    def __repr__(self) -> str:
        return f"IndexNumberTemplate({self.source!r})"

    # -- rendering -----------------------------------------------------------------
    def _class(self, class_code: str | None) -> str | None:
        if not self.has_class:
            return None
        if class_code is None or not str(class_code).strip():
            raise IndexNumberError("该索引号模板包含分类号 {class}，请提供分类号")
        c = str(class_code).strip().upper()
        if not _CLASS_RE.fullmatch(c):
            raise IndexNumberError(f"分类号“{class_code}”无效：只能由数字和字母组成，最多20位")
        return c

    def counter_scope(self, org_code: str, date: _dt.date, class_code: str | None = None) -> CounterScope:
        """The key the serial counter runs under: org + year (if a date token) + class (if a token)."""
        org = check_org_code(org_code)
        return CounterScope(org, date.year if self.has_date else None, self._class(class_code))

    def render(self, org_code: str, date: _dt.date, serial: int, class_code: str | None = None) -> str:
        """Build the number. ``date`` is the first-publication date (Asia/Shanghai)."""
        if isinstance(date, _dt.datetime) or not isinstance(date, _dt.date):
            raise IndexNumberError("日期必须是 date（首次发布日期，北京时间），不能是日期时间")
        org = check_org_code(org_code)
        cls_ = self._class(class_code)
        if isinstance(serial, bool) or not isinstance(serial, int) or serial < 1:
            raise IndexNumberError(f"流水号必须是正整数，收到：{serial!r}")
        width = self.serial_width
        if serial >= 10**width:
            raise IndexNumberError(
                f"流水号 {serial} 超出模板的{width}位宽度（最大 {10**width - 1}），请加大 {{serial:位数}}"
            )
        if not 1 <= date.year <= 9999:
            raise IndexNumberError("年份必须是4位数")
        out = []
        for p in self.parts:
            if p.kind == "literal":
                out.append(p.text)
            elif p.kind == "org":
                out.append(org)
            elif p.kind == "year":
                out.append(f"{date.year:04d}")
            elif p.kind == "yearmonth":
                out.append(f"{date.year:04d}{date.month:02d}")
            elif p.kind == "date":
                out.append(date.strftime("%Y%m%d"))
            elif p.kind == "class":
                out.append(cls_)
            elif p.kind == "serial":
                out.append(f"{serial:0{width}d}")
        return "".join(out)

    # -- checking ----------------------------------------------------------------------
    def validate(self, number: str, *, verify_org_check: bool = False) -> IndexNumberParts:
        """Parse ``number`` against the template or raise :class:`IndexNumberError` saying what is wrong."""
        if not isinstance(number, str) or not number:
            raise IndexNumberError("索引号不能为空")
        s = number
        pos = 0
        fields: dict = {}

        def fail(msg: str):
            raise IndexNumberError(f"索引号“{number}”不符合模板“{self.source}”：{msg}")

        def next_literal(idx: int) -> str | None:
            if idx + 1 < len(self.parts) and self.parts[idx + 1].kind == "literal":
                return self.parts[idx + 1].text
            return None

        for idx, p in enumerate(self.parts):
            rest = s[pos:]
            if p.kind == "literal":
                if not rest.startswith(p.text):
                    fail(f"第{pos + 1}位起应为分隔符“{p.text}”")
                pos += len(p.text)
            elif p.kind == "org":
                lit = next_literal(idx)
                if lit is not None:
                    cut = rest.find(lit)
                    cand = rest if cut < 0 else rest[:cut]
                elif (fixed := self._fixed_width(idx + 1)) is not None:
                    # everything after the code has a fixed width: the code is what is left
                    cand = rest[: max(len(rest) - fixed, 0)]
                elif len(rest) >= 18 and _CREDIT_RE.fullmatch(rest[:18].upper()) and (
                    credit_code_check_char(rest[:17]) == rest[17].upper()
                ):
                    cand = rest[:18]
                else:
                    cand = rest[:9]
                try:
                    fields["org"] = check_org_code(cand, verify_org_check=verify_org_check)
                except IndexNumberError as e:
                    fail(str(e))
                if cand != cand.upper():
                    fail("机构代码中的字母应为大写")
                pos += len(cand)
            elif p.kind in ("year", "yearmonth", "date"):
                n = {"year": 4, "yearmonth": 6, "date": 8}[p.kind]
                label = {"year": "4位年份", "yearmonth": "6位年月（YYYYMM）", "date": "8位日期（YYYYMMDD）"}[p.kind]
                chunk = rest[:n]
                if len(chunk) != n or not chunk.isdigit():
                    fail(f"第{pos + 1}位起应为{label}")
                year = int(chunk[:4])
                if fields.get("year") not in (None, year):
                    fail("模板中的年份前后不一致")
                fields["year"] = year
                if p.kind in ("yearmonth", "date"):
                    month = int(chunk[4:6])
                    if not 1 <= month <= 12:
                        fail(f"月份“{chunk[4:6]}”无效")
                    fields["month"] = month
                if p.kind == "date":
                    try:
                        _dt.date(year, fields["month"], int(chunk[6:8]))
                    except ValueError:
                        fail(f"日期“{chunk}”无效")
                    fields["day"] = int(chunk[6:8])
                pos += n
            elif p.kind == "class":
                lit = next_literal(idx)  # guaranteed by parse()
                cut = rest.find(lit)
                cand = rest if cut < 0 else rest[:cut]
                if not _CLASS_RE.fullmatch(cand):
                    fail(f"分类号“{cand}”无效：只能由大写字母和数字组成")
                fields["class_code"] = cand
                pos += len(cand)
            elif p.kind == "serial":
                chunk = rest[: p.width]
                if len(chunk) != p.width or not chunk.isdigit():
                    fail(f"第{pos + 1}位起应为{p.width}位数字流水号")
                if int(chunk) == 0:
                    fail("流水号不能为全0，应从1开始")
                fields["serial"] = int(chunk)
                pos += p.width
        if pos != len(s):
            fail(f"末尾有多余字符“{s[pos:]}”")
        return IndexNumberParts(number=number, **fields)

    def _fixed_width(self, start: int) -> int | None:
        """Total width of parts[start:], or None if one of them has a variable width."""
        widths = {"year": 4, "yearmonth": 6, "date": 8}
        total = 0
        for p in self.parts[start:]:
            if p.kind == "literal":
                total += len(p.text)
            elif p.kind == "serial":
                total += p.width
            elif p.kind in widths:
                total += widths[p.kind]
            else:
                return None
        return total

    def is_valid(self, number: str, *, verify_org_check: bool = False) -> bool:
        try:
            self.validate(number, verify_org_check=verify_org_check)
        except IndexNumberError:
            return False
        return True


DEFAULT = IndexNumberTemplate.parse(DEFAULT_TEMPLATE)


def validate(number: str, *, verify_org_check: bool = False) -> IndexNumberParts:
    """Validate against the default template: 9-character code or 18-character credit
    code, “/”, 4-digit year, “-”, 5-digit serial. Raises :class:`IndexNumberError`."""
    return DEFAULT.validate(number, verify_org_check=verify_org_check)


def is_valid(number: str, *, verify_org_check: bool = False) -> bool:
    return DEFAULT.is_valid(number, verify_org_check=verify_org_check)
