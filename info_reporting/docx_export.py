"""DOCX exports (python-docx, info_reporting.md §4 and §6): a periodical issue with masthead and
contents list, and the 通报 draft with its ranking table. Callers check who may download."""
from __future__ import annotations

import html
import io
import re

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_BLOCK_END = re.compile(r"(?i)<\s*(?:/p|/h[1-6]|/li|br\s*/?|/blockquote|/div)\s*>")
_TAG = re.compile(r"<[^>]+>")


def paragraphs(rich_html: str) -> list[str]:
    """Rich text → its paragraphs as plain text (one per block or line break)."""
    from wagtail.rich_text import expand_db_html

    text = _BLOCK_END.sub("\n", expand_db_html(rich_html or ""))
    text = html.unescape(_TAG.sub("", text))
    return [line.strip() for line in text.split("\n") if line.strip()]


def _font(run, size=None, bold=False, name="仿宋", color=None):
    run.font.name = name
    run._element.rPr.rFonts.set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    run.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    return run


def _para(doc, text, size=16, bold=False, name="仿宋", align=None, color=None, indent=False):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    _font(p.add_run(text), size, bold, name, color)
    return p


def _save(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def issue_docx(issue, entries) -> bytes:
    """《刊名》YYYY年第N期: masthead, 目录, each item with its source unit(s), 分送."""
    doc = Document()
    _para(doc, issue.publication, 32, True, "宋体", WD_ALIGN_PARAGRAPH.CENTER, "C00000")
    _para(doc, f"{issue.year}年第{issue.number}期", 16, align=WD_ALIGN_PARAGRAPH.CENTER)
    date = f"{issue.issue_date.year}年{issue.issue_date.month}月{issue.issue_date.day}日" if issue.issue_date else ""
    _para(doc, f"{issue.issuing_office or ''}　　{date}".strip(), 14, align=WD_ALIGN_PARAGRAPH.CENTER)
    if not issue.is_issued:
        _para(doc, "（未签发稿）", 12, align=WD_ALIGN_PARAGRAPH.CENTER, color="C00000")
    _para(doc, "目　录", 18, True, "黑体", WD_ALIGN_PARAGRAPH.CENTER)
    for n, entry in enumerate(entries, start=1):
        _para(doc, f"{n}. {entry.display_title}", 14)
    for entry in entries:
        doc.add_page_break()
        _para(doc, entry.display_title, 20, True, "黑体", WD_ALIGN_PARAGRAPH.CENTER)
        for text in paragraphs(entry.item.body):
            _para(doc, text, 16, indent=True)
        _para(doc, f"（{entry.item.units_display}）", 14, align=WD_ALIGN_PARAGRAPH.RIGHT)
    if issue.distribution:
        _para(doc, f"分送：{issue.distribution}", 12)
    return _save(doc)


def bulletin_docx(bulletin) -> bytes:
    """The 通报 draft: title, body, and the ranking snapshot as a table."""
    doc = Document()
    _para(doc, bulletin.title, 22, True, "宋体", WD_ALIGN_PARAGRAPH.CENTER)
    for text in paragraphs(bulletin.body):
        _para(doc, text, 16, indent=True)
    _para(doc, f"{bulletin.period_label}各单位政务信息得分排名", 16, True, "黑体", WD_ALIGN_PARAGRAPH.CENTER)
    headers = ["名次", "单位", "得分", "采用条数", "备注"]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers):
        cell.text = text
    for row in bulletin.rows or []:
        cells = table.add_row().cells
        for cell, key in zip(cells, ("rank", "unit", "points", "adopted_items", "note")):
            cell.text = str(row.get(key, "") if row.get(key) is not None else "")
    if bulletin.generated_at:
        from django.utils import timezone

        _para(doc, f"（系统按记录计算，生成于{timezone.localtime(bulletin.generated_at):%Y年%m月%d日 %H:%M}）", 12,
              align=WD_ALIGN_PARAGRAPH.RIGHT)
    return _save(doc)
