"""Text of attachments: the one extractor used by search indexing, the pre-publication checks
(governance) and the notice personal-data scan.

``extract_sections(filename, data)`` returns ``Section(location, text)`` chunks so a finding can
say where it is: the page of a PDF or OFD (``第2页``), the paragraph or table cell of a DOCX
(``第3段``, ``表格1第2行第3列``), the cell of a worksheet (``工作表“名单”B2单元格``); plain
text has an empty location. ``extract_text`` joins them for indexing.

Files whose text cannot be read — legacy DOC/XLS, WPS/ET binaries, archives, image-only scans,
encrypted or damaged files, files over the size limit — raise ``Unreadable`` with a Chinese
reason: the editor is warned and a person must look; nothing crashes.
"""
from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass

MAX_BYTES = 30 * 1024 * 1024
MAX_CHARS = 2_000_000


class Unreadable(ValueError):
    """The attachment's text cannot be extracted; ``reason`` (Chinese) says why and ``kind`` is
    one of ``too_large``, ``unsupported``, ``broken``, ``encrypted``, ``empty``."""

    def __init__(self, reason, kind="broken"):
        super().__init__(reason)
        self.reason = reason
        self.kind = kind


@dataclass(frozen=True)
class Section:
    location: str
    text: str


def extension(name: str) -> str:
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def extract_sections(filename: str, data: bytes, max_chars: int = MAX_CHARS) -> list[Section]:
    ext = extension(filename)
    if len(data) > MAX_BYTES:
        raise Unreadable(f"文件超过 {MAX_BYTES // 1024 // 1024} MB，未自动提取文字", "too_large")
    reader = _READERS.get(ext)
    if reader is None:
        if ext in ("zip", "rar", "7z"):
            raise Unreadable("压缩包无法自动提取文字，请逐个文件人工确认", "unsupported")
        raise Unreadable(f"{ext.upper() or '无扩展名的'}格式无法自动提取文字，请人工检查或改传 PDF/DOCX/XLSX/OFD",
                         "unsupported")
    if ext in ("docx", "xlsx") and not zipfile.is_zipfile(io.BytesIO(data)):
        raise Unreadable(f"文件扩展名为 {ext.upper()}，但内容不是有效的 {ext.upper()} 文件（可能已损坏或加密）")
    sections, total = [], 0
    try:
        for location, text in reader(data):
            if total >= max_chars:
                break
            text = text[: max_chars - total]
            total += len(text)
            sections.append(Section(location, text))
    except Unreadable:
        raise
    except Exception as exc:  # damaged or encrypted files: a person must look
        raise Unreadable(f"{ext.upper()} 文件无法读取（{type(exc).__name__}），可能已损坏或加密", "broken") from None
    if not any(s.text.strip() for s in sections):
        raise Unreadable("未能从附件中提取到文字（可能是扫描图片），请人工检查", "empty")
    return sections


def extract_text(filename: str, data: bytes, max_chars: int = MAX_CHARS) -> str:
    return "\n".join(s.text for s in extract_sections(filename, data, max_chars) if s.text.strip())


def read_document(document) -> bytes:
    """Bytes of a Wagtail document's file (one byte past the limit, so the limit is noticed)."""
    with document.file.open("rb") as fh:
        return fh.read(MAX_BYTES + 1)


# -- readers: each yields (location, text) ---------------------------------------------------
def _txt(data):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            yield "", data.decode(encoding)
            return
        except UnicodeDecodeError:
            continue
    raise Unreadable("文本文件编码无法识别（应为 UTF-8 或 GB18030）", "broken")


def _docx(data):
    import docx

    document = docx.Document(io.BytesIO(data))
    for i, para in enumerate(document.paragraphs, start=1):
        if para.text.strip():
            yield f"第{i}段", para.text
    for t, table in enumerate(document.tables, start=1):
        for r, row in enumerate(table.rows, start=1):
            for c, cell in enumerate(row.cells, start=1):
                if cell.text.strip():
                    yield f"表格{t}第{r}行第{c}列", cell.text


def _column_letter(idx: int) -> str:
    out = ""
    while idx:
        idx, rem = divmod(idx - 1, 26)
        out = chr(65 + rem) + out
    return out


def _xlsx(data):
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                for c, value in enumerate(row, start=1):
                    if value is None:
                        continue
                    if isinstance(value, float) and value.is_integer():
                        value = int(value)  # numbers typed into cells: 13812345678.0 → 13812345678
                    text = str(value)
                    if text.strip():
                        yield f"工作表“{sheet.title}”{_column_letter(c)}{r}单元格", text
    finally:
        workbook.close()


def _pdf(data):
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")  # many PDFs are "encrypted" with an empty user password
        except Exception:
            opened = 0
        if not opened:
            raise Unreadable("PDF 已加密，无法提取文字，请人工检查或上传未加密的版本", "encrypted")
    for i, page in enumerate(reader.pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception:
            text = ""
        if text.strip():
            yield f"第{i}页", text


def _ofd(data):
    """OFD (GB/T 33190), read by cms_pages/ofd.py with the standard library."""
    from cms_pages import ofd

    try:
        pages = ofd.extract_pages(data)
    except ofd.OFDEncrypted as exc:
        raise Unreadable(str(exc), "encrypted") from None
    except ofd.OFDError as exc:
        raise Unreadable(str(exc)[:300], "broken") from None
    for i, lines in enumerate(pages, start=1):
        if lines:
            yield f"第{i}页", "\n".join(lines)


_READERS = {"txt": _txt, "csv": _txt, "docx": _docx, "xlsx": _xlsx, "pdf": _pdf, "ofd": _ofd}
