"""Annual report export: XLSX (openpyxl, merged header cells) and DOCX (python-docx)."""
from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from . import annual_report as ar
from .report_layout import section2_blocks, section3_rows

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _val(v):
    return str(v) if not isinstance(v, int) else v


def _grid_section2(tables):
    """(cells, merges) — cells[(row, col)] = text, merges = [(r1, c1, r2, c2)] (0-based)."""
    cells, merges, r = {}, [], 0
    for b in section2_blocks(tables["section2"]):
        cells[(r, 0)] = b["header"]
        merges.append((r, 0, r, 3))
        r += 1
        cells[(r, 0)] = b["columns"][0]
        if b["span"] > 1:
            cells[(r, 1)] = b["columns"][1]
            merges.append((r, 1, r, 3))
        else:
            for i, h in enumerate(b["columns"][1:], start=1):
                cells[(r, i)] = h
        r += 1
        for label, values in b["rows"]:
            cells[(r, 0)] = label
            if b["span"] > 1:
                cells[(r, 1)] = _val(values[0])
                merges.append((r, 1, r, 3))
            else:
                for i, v in enumerate(values, start=1):
                    cells[(r, i)] = _val(v)
            r += 1
    return cells, merges, r, 4


def _grid_section3(tables):
    cells, merges = {}, []
    cells[(0, 0)] = ar.SECTION3_NOTE
    merges.append((0, 0, 2, 2))
    cells[(0, 3)] = ar.SECTION3_HEADER_TOP
    merges.append((0, 3, 0, 9))
    cells[(1, 3)] = "自然人"
    merges.append((1, 3, 2, 3))
    cells[(1, 4)] = ar.SECTION3_HEADER_ORG_GROUP
    merges.append((1, 4, 1, 8))
    cells[(1, 9)] = "总计"
    merges.append((1, 9, 2, 9))
    for i, (k, label) in enumerate(c for c in ar.SECTION3_COLUMNS if c[0] in ar.ORG_COLUMNS):
        cells[(2, 4 + i)] = label
    r = 3
    for row in section3_rows(tables["section3"]):
        rd = ar.ROWS_BY_KEY[row["key"]]
        for cell in row["head"]:
            if cell["text"] == ar.SECTION3_RESULTS_LABEL or not rd.in_results:
                c = 0
            elif rd.group and cell["text"] == rd.group:
                c = 1
            elif rd.group:
                c = 2
            else:
                c = 1
            cells[(r, c)] = cell["text"]
            if cell["colspan"] > 1 or cell["rowspan"] > 1:
                merges.append((r, c, r + cell["rowspan"] - 1, c + cell["colspan"] - 1))
        for i, v in enumerate(row["values"]):
            cells[(r, 3 + i)] = _val(v)
        r += 1
    return cells, merges, r, 10


def _grid_section4(tables):
    cells, merges = {}, []
    cells[(0, 0)] = "行政复议"
    merges.append((0, 0, 0, 4))
    cells[(0, 5)] = "行政诉讼"
    merges.append((0, 5, 0, 14))
    for i, (_, label) in enumerate(ar.SECTION4_COLUMNS):
        cells[(1, i)] = label
        merges.append((1, i, 2, i))
    cells[(1, 5)] = "未经复议直接起诉"
    merges.append((1, 5, 1, 9))
    cells[(1, 10)] = "复议后起诉"
    merges.append((1, 10, 1, 14))
    for g in range(2):
        for i, (_, label) in enumerate(ar.SECTION4_COLUMNS):
            cells[(2, 5 + g * 5 + i)] = label
    for i, v in enumerate(tables["section4"].row()):
        cells[(3, i)] = _val(v)
    return cells, merges, 4, 15


SECTIONS = (
    (ar.SECTION2_TITLE, _grid_section2),
    (ar.SECTION3_TITLE, _grid_section3),
    (ar.SECTION4_TITLE, _grid_section4),
)


def to_xlsx(year: int, tables) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for title, grid in SECTIONS:
        ws = wb.create_sheet(title.split("、", 1)[1][:31])
        ws.cell(row=1, column=1, value=f"{year}年 {title}").font = Font(bold=True)
        cells, merges, _, _ = grid(tables)
        for (r, c), v in cells.items():
            cell = ws.cell(row=r + 2, column=c + 1, value=v)
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center" if isinstance(v, int) else "left")
        for r1, c1, r2, c2 in merges:
            ws.merge_cells(start_row=r1 + 2, start_column=c1 + 1, end_row=r2 + 2, end_column=c2 + 1)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _richtext_paragraphs(html: str) -> list[str]:
    from cms_pages.text_format import to_plain_text

    text = to_plain_text(html or "")
    return [line.strip() for line in text.splitlines() if line.strip()]


def to_docx(page, tables) -> bytes:
    doc = Document()
    h = doc.add_paragraph()
    h.alignment = WD_ALIGN_PARAGRAPH.CENTER
    h.add_run(page.title).bold = True
    doc.add_paragraph(f"本报告统计数据的期限为{page.year}年1月1日至12月31日。")
    doc.add_heading("一、总体情况", level=2)
    for line in _richtext_paragraphs(page.overview):
        doc.add_paragraph(line)
    for title, grid in SECTIONS:
        doc.add_heading(title, level=2)
        cells, merges, nrows, ncols = grid(tables)
        table = doc.add_table(rows=nrows, cols=ncols)
        table.style = "Table Grid"
        for (r, c), v in cells.items():
            table.cell(r, c).text = str(v)
        for r1, c1, r2, c2 in merges:
            keep = table.cell(r1, c1).text
            merged = table.cell(r1, c1).merge(table.cell(r2, c2))
            merged.text = keep
    doc.add_heading("五、存在的主要问题及改进情况", level=2)
    for line in _richtext_paragraphs(page.problems):
        doc.add_paragraph(line)
    doc.add_heading("六、其他需要报告的事项", level=2)
    for line in _richtext_paragraphs(page.other_matters):
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
