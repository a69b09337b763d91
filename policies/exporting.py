"""Excel (.xlsx) export of a result list, in constant memory.

Rows are read from the database in chunks (``QuerySet.iterator``) and written with
openpyxl's write-only workbook, which spools each row to a temporary file instead of
keeping cells in memory; the finished workbook is written to a temporary file and sent
with ``FileResponse`` (streamed in blocks). 30k rows take a few seconds and a few MB.
"""
from __future__ import annotations

import datetime as _dt
import tempfile
from typing import Iterable, Sequence

MAX_EXPORT_ROWS = 200_000

COLUMNS = (
    ("标题", 60), ("发文字号", 24), ("发文机关", 28), ("成文日期", 12), ("发布日期", 12),
    ("施行日期", 12), ("有效性", 10), ("公文种类", 10), ("效力级别", 12), ("主题分类", 20), ("链接", 50),
)


def write_xlsx(rows: Iterable[Sequence], handle, *, title: str = "政策文件", note: str = "") -> int:
    """Write ``rows`` (tuples in COLUMNS order) as an .xlsx workbook into ``handle``; returns the row count."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3" if note else "A2"
    if note:
        sheet.append([note])
    bold = Font(bold=True)
    header = []
    for name, _ in COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append([_cell(v) for v in row])
        count += 1
    workbook.save(handle)
    return count


def _cell(value):
    if isinstance(value, _dt.date):
        return value.isoformat()  # text, so every spreadsheet shows it the same way
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # never let a title run as a formula
    return value


def export_response(rows: Iterable[Sequence], filename: str, *, note: str = ""):
    """A streamed download of ``rows`` as .xlsx (the workbook is built in a temporary file)."""
    from django.http import FileResponse

    handle = tempfile.TemporaryFile(suffix=".xlsx")
    write_xlsx(rows, handle, note=note)
    handle.seek(0)
    response = FileResponse(
        handle, as_attachment=True, filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return response


def document_rows(queryset, base_url: str, *, chunk_size: int = 2000):
    """Plain row tuples of a PolicyDocumentPage queryset, read in chunks (no model instances)."""
    from .vocabulary import Validity

    labels = dict(Validity.choices)
    fields = ("title", "doc_number", "issuing_authority", "lead_authority", "formed_date", "published_date",
              "effective_date", "validity", "doc_kind", "legal_level", "topic__name", "topic__parent__name",
              "url_path")
    for (title, number, authority, lead, formed, published, effective, validity, kind, level,
         topic, topic_parent, url_path) in queryset.values_list(*fields).iterator(chunk_size=chunk_size):
        topic_path = f"{topic_parent}\\{topic}" if topic_parent else (topic or "")
        yield (title, number, authority or lead, formed, published, effective, labels.get(validity, validity),
               kind, level, topic_path, base_url + url_path.rstrip("/").rsplit("/", 1)[-1] + "/")
