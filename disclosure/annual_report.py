"""政府信息公开工作年度报告 tables (国办公开办函〔2021〕30号 format) — plain Python, no Django.

disclosure.md §7.3–7.5. The row and column labels below are the exact labels
of the official tables and are the single source of truth for templates and
exports; do not retype them elsewhere.

* Section 二 (主动公开政府信息情况): :data:`SECTION2_BLOCKS`,
  :func:`build_section2`.
* Section 三 (收到和处理政府信息公开申请情况): :data:`SECTION3_ROWS`,
  :data:`SECTION3_COLUMNS`, :func:`build_section3`.
* Section 四 (行政复议、行政诉讼情况): :data:`SECTION4_GROUPS`,
  :data:`SECTION4_COLUMNS`, :func:`build_section4`.
* :func:`check` returns the violated arithmetic / consistency rules in
  Chinese; the rules themselves are listed in :data:`SECTION2_RULES`,
  :data:`SECTION3_RULES` and :data:`SECTION4_RULES`.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

# =============================================================================
# Section 三: 收到和处理政府信息公开申请情况 (§7.4)
# =============================================================================

SECTION3_TITLE = "三、收到和处理政府信息公开申请情况"
SECTION3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

#: Header: row 1 申请人情况 (7 columns); row 2 自然人 (2 rows) | 法人或其他组织 (5 columns) | 总计 (2 rows);
#: row 3 the five organisation types. No subtotal column for 法人或其他组织.
SECTION3_HEADER_TOP = "申请人情况"
SECTION3_HEADER_ORG_GROUP = "法人或其他组织"

NATURAL_PERSON = "natural_person"
COMMERCIAL = "commercial"
RESEARCH = "research"
PUBLIC_INTEREST = "public_interest"
LEGAL_SERVICES = "legal_services"
OTHER_ORG = "other"
TOTAL = "total"

#: The 7 numeric columns, in table order.
SECTION3_COLUMNS: tuple[tuple[str, str], ...] = (
    (NATURAL_PERSON, "自然人"),
    (COMMERCIAL, "商业企业"),
    (RESEARCH, "科研机构"),
    (PUBLIC_INTEREST, "社会公益组织"),
    (LEGAL_SERVICES, "法律服务机构"),
    (OTHER_ORG, "其他"),
    (TOTAL, "总计"),
)
#: Applicant types an application can have (every column except 总计).
APPLICANT_TYPES: tuple[str, ...] = tuple(k for k, _ in SECTION3_COLUMNS if k != TOTAL)
COLUMN_LABELS = dict(SECTION3_COLUMNS)
#: Columns under the 法人或其他组织 header.
ORG_COLUMNS: tuple[str, ...] = (COMMERCIAL, RESEARCH, PUBLIC_INTEREST, LEGAL_SERVICES, OTHER_ORG)

SECTION3_RESULTS_LABEL = "三、本年度办理结果"  # vertical group label over 22 rows

SECTION3_GROUP_LABELS = {
    "R3": "（三）不予公开",
    "R4": "（四）无法提供",
    "R5": "（五）不予处理",
    "R6": "（六）其他处理",
}


@dataclass(frozen=True)
class RowDef:
    key: str
    label: str  # exact label as printed in its cell
    in_results: bool = False  # under 三、本年度办理结果
    group: str | None = None  # （三）…（六） group label, for sub-rows

    @property
    def full_label(self) -> str:
        """Label with its group, for messages: e.g. ``（三）不予公开 1.属于国家秘密``."""
        return f"{self.group} {self.label}" if self.group else self.label


NEW = "new"
CARRIED_IN = "carried_in"
RESULTS_TOTAL = "results_total"
CARRIED_OUT = "carried_out"

_G3, _G4, _G5, _G6 = (SECTION3_GROUP_LABELS[k] for k in ("R3", "R4", "R5", "R6"))

#: The 25 data rows, in table order. Result rows are keyed by their report code (R1 … R6-3).
SECTION3_ROWS: tuple[RowDef, ...] = (
    RowDef(NEW, "一、本年新收政府信息公开申请数量"),
    RowDef(CARRIED_IN, "二、上年结转政府信息公开申请数量"),
    RowDef("R1", "（一）予以公开", True),
    RowDef("R2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", True),
    RowDef("R3-1", "1.属于国家秘密", True, _G3),
    RowDef("R3-2", "2.其他法律行政法规禁止公开", True, _G3),
    # The official table uses Chinese curly quotes here.
    RowDef("R3-3", "3.危及“三安全一稳定”", True, _G3),
    RowDef("R3-4", "4.保护第三方合法权益", True, _G3),
    RowDef("R3-5", "5.属于三类内部事务信息", True, _G3),
    RowDef("R3-6", "6.属于四类过程性信息", True, _G3),
    RowDef("R3-7", "7.属于行政执法案卷", True, _G3),
    RowDef("R3-8", "8.属于行政查询事项", True, _G3),
    RowDef("R4-1", "1.本机关不掌握相关政府信息", True, _G4),
    RowDef("R4-2", "2.没有现成信息需要另行制作", True, _G4),
    RowDef("R4-3", "3.补正后申请内容仍不明确", True, _G4),
    RowDef("R5-1", "1.信访举报投诉类申请", True, _G5),
    RowDef("R5-2", "2.重复申请", True, _G5),
    RowDef("R5-3", "3.要求提供公开出版物", True, _G5),
    RowDef("R5-4", "4.无正当理由大量反复申请", True, _G5),
    RowDef("R5-5", "5.要求行政机关确认或重新出具已获取信息", True, _G5),
    RowDef("R6-1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", True, _G6),
    RowDef("R6-2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", True, _G6),
    RowDef("R6-3", "3.其他", True, _G6),
    RowDef(RESULTS_TOTAL, "（七）总计", True),
    RowDef(CARRIED_OUT, "四、结转下年度继续办理"),
)
ROWS_BY_KEY = {r.key: r for r in SECTION3_ROWS}
#: The 22 report codes an application can be closed under (every 三 row except （七）总计).
RESULT_CODES: tuple[str, ...] = tuple(r.key for r in SECTION3_ROWS if r.in_results and r.key != RESULTS_TOTAL)
#: code → exact row label (R1 … R6-3).
REPORT_ROW_LABELS: dict[str, str] = {c: ROWS_BY_KEY[c].label for c in RESULT_CODES}

# Rule 4: whether the official format mandates "0" rather than a blank is [unverified]
# (many published reports leave blanks); we require 0 as a project rule.
# Rule 5 is a Design check (a warning), not part of the official format.
SECTION3_RULES: tuple[tuple[str, str], ...] = (
    ("规则1", "每一列：一、本年新收 + 二、上年结转 = 三、本年度办理结果（七）总计 + 四、结转下年度继续办理（表注的勾稽关系）"),
    ("规则2", "每一列：（七）总计 =（一）+（二）+（三）1至8 +（四）1至3 +（五）1至5 +（六）1至3"),
    ("规则3", "每一行：总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他"),
    ("规则4", "每个单元格都是非负整数，没有数据的填0，不留空白【待核实：格式是否强制要求填0】"),
    ("规则5", "本年“二、上年结转政府信息公开申请数量”应等于上年“四、结转下年度继续办理”（项目设计的提示性校验）"),
)


class ReportDataError(ValueError):
    """Input records cannot be counted (message in Chinese)."""


@dataclass
class Section3Table:
    """Section 三 values: ``cells[row_key][column_key]``. Row keys: see :data:`SECTION3_ROWS`."""

    year: int
    cells: dict[str, dict[str, object]]

    @classmethod
    def empty(cls, year: int) -> "Section3Table":
        return cls(year, {r.key: {c: 0 for c, _ in SECTION3_COLUMNS} for r in SECTION3_ROWS})

    def get(self, row: str, col: str):
        return self.cells.get(row, {}).get(col)

    def grid(self) -> list[tuple[str, list[object]]]:
        """(row label, 7 values) in table order, for rendering."""
        return [(r.label, [self.get(r.key, c) for c, _ in SECTION3_COLUMNS]) for r in SECTION3_ROWS]


@dataclass(frozen=True)
class RequestRecord:
    """One application, as needed for Section 三.

    ``received_on`` is the **first** receipt date (day 0 before any 补正
    restart); ``None`` while the application awaits 受理确认 — such
    applications are not counted. ``report_code`` (R1 … R6-3) is required
    once ``closed_on`` is set.
    """

    applicant_type: str
    received_on: _dt.date | None
    closed_on: _dt.date | None = None
    report_code: str | None = None
    ref: str = ""


def _ref(r: RequestRecord) -> str:
    return f"申请“{r.ref}”" if r.ref else "申请"


def build_section3(records: Iterable[RequestRecord], year: int) -> Section3Table:
    """Count applications for the report year (Design, §7.4).

    一 = first receipt in the year; 二 = received before the year and still
    open on 1 January; 三 = closed in the year, by report row; 四 = open on
    31 December. Each counted application lands in exactly one of 三/四, so
    rule 1 holds by construction.
    """
    start, end = _dt.date(year, 1, 1), _dt.date(year, 12, 31)
    t = Section3Table.empty(year)
    c = t.cells
    for r in records:
        if r.applicant_type not in APPLICANT_TYPES:
            raise ReportDataError(
                f"{_ref(r)}的申请人类型“{r.applicant_type}”无效，应为："
                + "、".join(f"{k}（{COLUMN_LABELS[k]}）" for k in APPLICANT_TYPES)
            )
        if r.received_on is None or r.received_on > end:
            continue  # awaiting 受理确认, or received after the year
        if r.closed_on is not None and r.closed_on < r.received_on:
            raise ReportDataError(f"{_ref(r)}的办结日期 {r.closed_on.isoformat()} 早于收到日期 {r.received_on.isoformat()}")
        if r.closed_on is not None and r.closed_on < start:
            continue  # closed before the year
        col = r.applicant_type
        c[NEW if r.received_on >= start else CARRIED_IN][col] += 1
        if r.closed_on is not None and r.closed_on <= end:
            if r.report_code not in RESULT_CODES:
                raise ReportDataError(
                    f"{_ref(r)}已于 {r.closed_on.isoformat()} 办结，但统计项“{r.report_code}”无效：应为 R1、R2、R3-1…R6-3 之一"
                )
            c[r.report_code][col] += 1
        else:
            c[CARRIED_OUT][col] += 1
    for col in APPLICANT_TYPES:
        c[RESULTS_TOTAL][col] = sum(c[code][col] for code in RESULT_CODES)
    for row in c.values():
        row[TOTAL] = sum(row[col] for col in APPLICANT_TYPES)
    return t


def _is_count(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def _check_section3(t: Section3Table, previous: Section3Table | None) -> list[str]:
    out: list[str] = []
    cols = [c for c, _ in SECTION3_COLUMNS]
    bad: set[tuple[str, str]] = set()
    # rule 4
    for r in SECTION3_ROWS:
        for col in cols:
            v = t.get(r.key, col)
            if v is None or v == "":
                out.append(f"规则4（非负整数）：“{r.full_label}”行“{COLUMN_LABELS[col]}”列为空白，应填0")
                bad.add((r.key, col))
            elif not _is_count(v):
                out.append(f"规则4（非负整数）：“{r.full_label}”行“{COLUMN_LABELS[col]}”列的值“{v}”不是非负整数")
                bad.add((r.key, col))

    def ok(*cells) -> bool:
        return not any(cell in bad for cell in cells)

    # rule 1
    for col in cols:
        if ok((NEW, col), (CARRIED_IN, col), (RESULTS_TOTAL, col), (CARRIED_OUT, col)):
            a, b = t.get(NEW, col), t.get(CARRIED_IN, col)
            x, y = t.get(RESULTS_TOTAL, col), t.get(CARRIED_OUT, col)
            if a + b != x + y:
                out.append(
                    f"规则1（勾稽关系）：“{COLUMN_LABELS[col]}”列 一（{a}）+ 二（{b}）= {a + b}，"
                    f"不等于 三（七）总计（{x}）+ 四（{y}）= {x + y}"
                )
    # rule 2
    for col in cols:
        cells = [(code, col) for code in RESULT_CODES]
        if ok((RESULTS_TOTAL, col), *cells):
            s = sum(t.get(code, col) for code in RESULT_CODES)
            total = t.get(RESULTS_TOTAL, col)
            if s != total:
                out.append(
                    f"规则2（办理结果合计）：“{COLUMN_LABELS[col]}”列（七）总计为{total}，"
                    f"但（一）至（六）各项之和为{s}"
                )
    # rule 3
    for r in SECTION3_ROWS:
        if ok(*[(r.key, col) for col in cols]):
            s = sum(t.get(r.key, col) for col in APPLICANT_TYPES)
            total = t.get(r.key, TOTAL)
            if s != total:
                out.append(f"规则3（行合计）：“{r.full_label}”行总计为{total}，但各类申请人之和为{s}")
    # rule 5
    if previous is not None:
        for col in cols:
            a, b = t.get(CARRIED_IN, col), previous.get(CARRIED_OUT, col)
            if _is_count(a) and _is_count(b) and a != b:
                out.append(
                    f"规则5（跨年衔接，提示）：本年“二、上年结转”“{COLUMN_LABELS[col]}”列为{a}，"
                    f"与{previous.year}年“四、结转下年度继续办理”的{b}不一致"
                )
    return out


# =============================================================================
# Section 二: 主动公开政府信息情况 (§7.3)
# =============================================================================

SECTION2_TITLE = "二、主动公开政府信息情况"


@dataclass(frozen=True)
class BlockDef:
    key: str
    header: str  # full-width header row
    columns: tuple[str, ...]  # column header labels; the value column(s) after 信息内容
    rows: tuple[tuple[str, str], ...]  # (key, label)
    value_span: int = 1  # columns spanned by each value header (3 for the one-value blocks)


REGULATIONS = "regulations"
NORMATIVE_DOCS = "normative_docs"
LICENSING = "licensing"
PENALTY = "penalty"
ENFORCEMENT = "enforcement"
FEES = "fees"
ISSUED, REPEALED, IN_FORCE = "issued", "repealed", "in_force"

SECTION2_BLOCKS: tuple[BlockDef, ...] = (
    BlockDef(
        "art20_1",
        "第二十条第（一）项",
        ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
        ((REGULATIONS, "规章"), (NORMATIVE_DOCS, "行政规范性文件")),
    ),
    BlockDef("art20_5", "第二十条第（五）项", ("信息内容", "本年处理决定数量"), ((LICENSING, "行政许可"),), 3),
    BlockDef(
        "art20_6",
        "第二十条第（六）项",
        ("信息内容", "本年处理决定数量"),
        ((PENALTY, "行政处罚"), (ENFORCEMENT, "行政强制")),
        3,
    ),
    BlockDef("art20_8", "第二十条第（八）项", ("信息内容", "本年收费金额（单位：万元）"), ((FEES, "行政事业性收费"),), 3),
)
SECTION2_DOC_COLUMNS = ((ISSUED, "本年制发件数"), (REPEALED, "本年废止件数"), (IN_FORCE, "现行有效件数"))
_S2_LABELS = {k: label for b in SECTION2_BLOCKS for k, label in b.rows}

SECTION2_RULES: tuple[tuple[str, str], ...] = (
    ("规则1", "件数、处理决定数量都是非负整数；收费金额是以万元为单位的非负小数"),
    ("规则2", "上年现行有效件数 + 本年制发件数 − 本年废止件数 = 本年现行有效件数（审核软件使用的提示性校验，非官方格式要求）"),
)

REGULATION = "regulation"  # 规章
NORMATIVE_DOC = "normative_doc"  # 行政规范性文件


@dataclass(frozen=True)
class NormativeDocRecord:
    """A 规章 or 行政规范性文件 from the policy library."""

    kind: str  # REGULATION | NORMATIVE_DOC
    issued_on: _dt.date
    repealed_on: _dt.date | None = None  # 废止
    expired_on: _dt.date | None = None  # 失效 (validity period ended / 宣布失效)


@dataclass
class Section2Table:
    year: int
    #: {REGULATIONS|NORMATIVE_DOCS: {ISSUED|REPEALED|IN_FORCE: int}}
    documents: dict[str, dict[str, object]]
    #: {LICENSING|PENALTY|ENFORCEMENT: int}
    decisions: dict[str, object]
    fees_wan_yuan: object  # Decimal, 万元

    def grid(self) -> list[tuple[str, str, list[object]]]:
        """(block header, row label, values) in table order."""
        out = []
        for b in SECTION2_BLOCKS:
            for key, label in b.rows:
                if b.key == "art20_1":
                    vals = [self.documents[key][c] for c, _ in SECTION2_DOC_COLUMNS]
                elif key == FEES:
                    vals = [self.fees_wan_yuan]
                else:
                    vals = [self.decisions[key]]
                out.append((b.header, label, vals))
        return out


def build_section2(
    year: int,
    documents: Iterable[NormativeDocRecord],
    *,
    licensing: int,
    penalty: int,
    enforcement: int,
    fees_wan_yuan: Decimal | int,
    count_expired_as_repealed: bool = True,
) -> Section2Table:
    """Section 二: 规章 / 行政规范性文件 counts from the policy library; the rest entered by staff.

    本年制发 = issued in the year; 本年废止 = repealed in the year — and, by
    default, also documents that 失效 in the year (Design: the format only says
    废止; counting 失效 too keeps 上年现行有效 + 制发 − 废止 = 现行有效 balanced);
    现行有效 = in force on 31 December. ``repealed_on`` / ``expired_on`` are the
    first day the document is no longer in force.
    """
    start, end = _dt.date(year, 1, 1), _dt.date(year, 12, 31)
    docs = {k: {ISSUED: 0, REPEALED: 0, IN_FORCE: 0} for k in (REGULATIONS, NORMATIVE_DOCS)}
    for d in documents:
        key = {REGULATION: REGULATIONS, NORMATIVE_DOC: NORMATIVE_DOCS}.get(d.kind)
        if key is None:
            raise ReportDataError(f"文件类型“{d.kind}”无效，应为 regulation（规章）或 normative_doc（行政规范性文件）")
        if start <= d.issued_on <= end:
            docs[key][ISSUED] += 1
        ends = [x for x in (d.repealed_on, d.expired_on if count_expired_as_repealed else None) if x]
        first_end = min(ends) if ends else None
        if first_end is not None and start <= first_end <= end:
            docs[key][REPEALED] += 1
        ceased = [x for x in (d.repealed_on, d.expired_on) if x]
        if d.issued_on <= end and not any(x <= end for x in ceased):
            docs[key][IN_FORCE] += 1
    return Section2Table(
        year,
        docs,
        {LICENSING: licensing, PENALTY: penalty, ENFORCEMENT: enforcement},
        fees_wan_yuan,
    )


def _check_section2(t: Section2Table, previous: Section2Table | None) -> list[str]:
    out: list[str] = []
    labels = dict(SECTION2_DOC_COLUMNS)
    for key in (REGULATIONS, NORMATIVE_DOCS):
        for col, col_label in SECTION2_DOC_COLUMNS:
            v = t.documents.get(key, {}).get(col)
            if not _is_count(v):
                out.append(f"规则1（非负整数）：“{_S2_LABELS[key]}”的“{col_label}”为“{v}”，应为非负整数")
    for key in (LICENSING, PENALTY, ENFORCEMENT):
        v = t.decisions.get(key)
        if not _is_count(v):
            out.append(f"规则1（非负整数）：“{_S2_LABELS[key]}”的“本年处理决定数量”为“{v}”，应为非负整数")
    f = t.fees_wan_yuan
    if isinstance(f, bool) or not isinstance(f, (int, Decimal)) or not Decimal(f).is_finite() or f < 0:
        out.append(f"规则1（非负金额）：“行政事业性收费”的“本年收费金额（单位：万元）”为“{f}”，应为非负数（Decimal，单位万元）")
    if previous is not None:
        for key in (REGULATIONS, NORMATIVE_DOCS):
            p = previous.documents.get(key, {}).get(IN_FORCE)
            cur = t.documents.get(key, {})
            vals = (p, cur.get(ISSUED), cur.get(REPEALED), cur.get(IN_FORCE))
            if all(_is_count(v) for v in vals) and vals[0] + vals[1] - vals[2] != vals[3]:
                out.append(
                    f"规则2（提示，非官方格式要求）：“{_S2_LABELS[key]}”上年{labels[IN_FORCE]}{vals[0]} + "
                    f"本年制发{vals[1]} − 本年废止{vals[2]} = {vals[0] + vals[1] - vals[2]}，"
                    f"与本年{labels[IN_FORCE]}{vals[3]}不一致"
                )
    return out


# =============================================================================
# Section 四: 政府信息公开行政复议、行政诉讼情况 (§7.5)
# =============================================================================

SECTION4_TITLE = "四、政府信息公开行政复议、行政诉讼情况"
SECTION4_TOP = (("行政复议", 5), ("行政诉讼", 10))  # (label, columns spanned)

REVIEW = "review"
LITIGATION_DIRECT = "litigation_direct"
LITIGATION_AFTER_REVIEW = "litigation_after_review"
#: The three blocks of five columns; the first is the whole 行政复议 group,
#: the other two sit under 行政诉讼.
SECTION4_GROUPS: tuple[tuple[str, str], ...] = (
    (REVIEW, "行政复议"),
    (LITIGATION_DIRECT, "未经复议直接起诉"),
    (LITIGATION_AFTER_REVIEW, "复议后起诉"),
)
UPHELD, CORRECTED, OTHER_RESULT, PENDING = "upheld", "corrected", "other", "pending"
SECTION4_COLUMNS: tuple[tuple[str, str], ...] = (
    (UPHELD, "结果维持"),
    (CORRECTED, "结果纠正"),
    (OTHER_RESULT, "其他结果"),
    (PENDING, "尚未审结"),
    (TOTAL, "总计"),
)
_S4_GROUP_LABELS = dict(SECTION4_GROUPS)
_S4_COL_LABELS = dict(SECTION4_COLUMNS)

SECTION4_RULES: tuple[tuple[str, str], ...] = (
    ("规则1", "行政复议、未经复议直接起诉、复议后起诉三组中，每组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结"),
    ("规则2", "每个单元格都是非负整数"),
)


@dataclass(frozen=True)
class RedressCase:
    """A 行政复议 or 行政诉讼 case about a disclosure decision.

    ``result`` (upheld / corrected / other) is required once ``concluded_on`` is set.
    """

    kind: str  # REVIEW | LITIGATION_DIRECT | LITIGATION_AFTER_REVIEW
    filed_on: _dt.date
    concluded_on: _dt.date | None = None
    result: str | None = None
    ref: str = ""


@dataclass
class Section4Table:
    year: int
    cells: dict[str, dict[str, object]]  # group → column → value

    @classmethod
    def empty(cls, year: int) -> "Section4Table":
        return cls(year, {g: {c: 0 for c, _ in SECTION4_COLUMNS} for g, _ in SECTION4_GROUPS})

    def get(self, group: str, col: str):
        return self.cells.get(group, {}).get(col)

    def row(self) -> list[object]:
        """The 15 numbers of the data row, in table order."""
        return [self.get(g, c) for g, _ in SECTION4_GROUPS for c, _ in SECTION4_COLUMNS]


# Which cases a year's Section 四 counts is not stated in the format: Design decision below.
def build_section4(cases: Iterable[RedressCase], year: int) -> Section4Table:
    """Count cases for the report year (Design — the format does not say which cases count).

    Counted: cases filed in the year, and cases filed earlier that were still
    pending on 1 January (mirroring Section 三's carry-over). A case concluded
    by 31 December goes under its result, otherwise under 尚未审结.
    """
    start, end = _dt.date(year, 1, 1), _dt.date(year, 12, 31)
    t = Section4Table.empty(year)
    for c in cases:
        if c.kind not in _S4_GROUP_LABELS:
            raise ReportDataError(
                f"案件类型“{c.kind}”无效，应为 review（行政复议）、litigation_direct（未经复议直接起诉）"
                f"或 litigation_after_review（复议后起诉）"
            )
        if c.filed_on > end or (c.concluded_on is not None and c.concluded_on < start):
            continue
        if c.concluded_on is not None and c.concluded_on < c.filed_on:
            raise ReportDataError(f"案件“{c.ref}”的审结日期早于立案/申请日期")
        if c.concluded_on is not None and c.concluded_on <= end:
            if c.result not in (UPHELD, CORRECTED, OTHER_RESULT):
                raise ReportDataError(f"案件“{c.ref}”已审结，但结果“{c.result}”无效，应为 upheld、corrected 或 other")
            col = c.result
        else:
            col = PENDING
        t.cells[c.kind][col] += 1
        t.cells[c.kind][TOTAL] += 1
    return t


def _check_section4(t: Section4Table) -> list[str]:
    out: list[str] = []
    bad = set()
    for g, g_label in SECTION4_GROUPS:
        for c, c_label in SECTION4_COLUMNS:
            v = t.get(g, c)
            if not _is_count(v):
                out.append(f"规则2（非负整数）：“{g_label}”的“{c_label}”为“{v}”，应为非负整数")
                bad.add(g)
    for g, g_label in SECTION4_GROUPS:
        if g in bad:
            continue
        parts = [t.get(g, c) for c in (UPHELD, CORRECTED, OTHER_RESULT, PENDING)]
        if sum(parts) != t.get(g, TOTAL):
            out.append(
                f"规则1（分组合计）：“{g_label}”总计为{t.get(g, TOTAL)}，"
                f"但结果维持、结果纠正、其他结果、尚未审结之和为{sum(parts)}"
            )
    return out


# =============================================================================


def check(table, previous=None) -> list[str]:
    """Violated rules of a Section 二, 三 or 四 table, in Chinese (empty list = consistent).

    ``previous`` (last year's table of the same section) enables the
    cross-year checks (Section 三 rule 5, Section 二 rule 2).
    """
    if isinstance(table, Section3Table):
        return _check_section3(table, previous)
    if isinstance(table, Section2Table):
        return _check_section2(table, previous)
    if isinstance(table, Section4Table):
        return _check_section4(table)
    raise TypeError(f"无法校验的表格类型：{type(table).__name__}")
