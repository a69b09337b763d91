"""Text extraction from attachments for the pre-publication scan.

Each extractor yields ``(location, text)`` chunks so a finding can say where it is
(page of a PDF, paragraph of a DOCX, cell of a worksheet). Formats without a text
layer we can read (legacy DOC/XLS, WPS/ET, OFD, archives, scans) raise
``UnreadableAttachment``; the scan then asks a human to look (a warning).
"""
from __future__ import annotations

import io
import os
import zipfile

MAX_BYTES = 30 * 1024 * 1024
MAX_CHARS = 2_000_000


class UnreadableAttachment(Exception):
    """The attachment's text cannot be extracted; the message (Chinese) says why."""


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _col_letter(idx: int) -> str:
    out = ""
    while idx:
        idx, rem = divmod(idx - 1, 26)
        out = chr(65 + rem) + out
    return out


def _txt(data):
    yield "", _decode(data)


def _docx(data):
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # corrupt or not really a DOCX
        raise UnreadableAttachment(f"无法打开 DOCX 文件（{exc.__class__.__name__}）") from None
    for i, para in enumerate(document.paragraphs, start=1):
        if para.text.strip():
            yield f"第{i}段", para.text
    for t, table in enumerate(document.tables, start=1):
        for r, row in enumerate(table.rows, start=1):
            for c, cell in enumerate(row.cells, start=1):
                if cell.text.strip():
                    yield f"表格{t}第{r}行第{c}列", cell.text


def _xlsx(data):
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise UnreadableAttachment(f"无法打开 XLSX 文件（{exc.__class__.__name__}）") from None
    try:
        for sheet in workbook.worksheets:
            for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                for c, value in enumerate(row, start=1):
                    if value is None:
                        continue
                    if isinstance(value, float) and value.is_integer():
                        value = int(value)
                    text = str(value)
                    if text.strip():
                        yield f"工作表“{sheet.title}”{_col_letter(c)}{r}单元格", text
    finally:
        workbook.close()


def _pdf(data):
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        pages = list(reader.pages)
    except Exception as exc:
        raise UnreadableAttachment(f"无法打开 PDF 文件（{exc.__class__.__name__}）") from None
    found_text = False
    for i, page in enumerate(pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception:
            text = ""
        if text.strip():
            found_text = True
            yield f"第{i}页", text
    if not found_text:
        raise UnreadableAttachment("PDF 没有文字层（可能是扫描件），无法自动检查")


EXTRACTORS = {
    "txt": _txt, "csv": _txt,
    "docx": _docx,
    "xlsx": _xlsx,
    "pdf": _pdf,
}


def extension(name: str) -> str:
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def extract(name: str, data: bytes):
    """``[(location, text)]`` for an attachment file named ``name`` with content ``data``."""
    ext = extension(name)
    if len(data) > MAX_BYTES:
        raise UnreadableAttachment(f"文件超过 {MAX_BYTES // 1024 // 1024} MB，未自动检查")
    extractor = EXTRACTORS.get(ext)
    if extractor is None:
        if ext in ("zip", "rar", "7z"):
            raise UnreadableAttachment("压缩包无法自动检查，请逐个文件人工确认")
        raise UnreadableAttachment(f"{ext.upper() or '该'}格式无法自动提取文字，请人工检查或改传 PDF/DOCX/XLSX")
    if ext in ("docx", "xlsx") and not zipfile.is_zipfile(io.BytesIO(data)):
        raise UnreadableAttachment(f"文件扩展名为 {ext.upper()}，但内容不是有效的 {ext.upper()} 文件")
    chunks, total = [], 0
    for location, text in extractor(data):
        total += len(text)
        chunks.append((location, text))
        if total > MAX_CHARS:
            break
    return chunks


def read_document(document):
    """Bytes of a Wagtail document's file."""
    with document.file.open("rb") as fh:
        return fh.read(MAX_BYTES + 1)
