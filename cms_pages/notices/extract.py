"""Text of attachments for the personal-data scan (notices.md §4).

PDF (per page, pypdf), DOCX (paragraphs and tables), XLSX (per sheet, one row a line), OFD (per
page, the TextCode elements) and plain text are read. Formats that cannot be read (DOC, XLS,
WPS/ET binaries, ZIP archives, image-only scans) raise ``Unscannable`` with a Chinese reason:
the editor must then check the file by hand.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass


class Unscannable(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Section:
    location: str  # "" or e.g. "第2页", "工作表“名单”"
    text: str


def extract_sections(filename: str, data: bytes, max_chars: int = 2_000_000) -> list[Section]:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    reader = _READERS.get(ext)
    if reader is None:
        raise Unscannable(f".{ext or '（无扩展名）'} 格式的附件无法自动提取文字")
    try:
        sections = reader(data)
    except Unscannable:
        raise
    except Exception as exc:  # damaged or encrypted files: the editor must look
        raise Unscannable(f"附件无法读取（{type(exc).__name__}），可能已损坏或加密") from None
    out, total = [], 0
    for s in sections:
        if total >= max_chars:
            break
        text = s.text[: max_chars - total]
        total += len(text)
        out.append(Section(s.location, text))
    if not any(s.text.strip() for s in out):
        raise Unscannable("未能从附件中提取到文字（可能是扫描图片）")
    return out


def _pdf(data):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception:
            raise Unscannable("PDF 已加密，无法提取文字") from None
    return [Section(f"第{i}页", page.extract_text() or "") for i, page in enumerate(reader.pages, 1)]


def _docx(data):
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return [Section("", "\n".join(lines))]


def _xlsx(data):
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sections = []
    try:
        for sheet in book.worksheets:
            rows = []
            for row in sheet.iter_rows(values_only=True):
                rows.append("\t".join(_cell_text(v) for v in row))
            sections.append(Section(f"工作表“{sheet.title}”", "\n".join(rows)))
    finally:
        book.close()
    return sections


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # numbers typed into cells: 13812345678.0 → 13812345678
    return str(value)


_TEXTCODE = re.compile(rb"<(?:\w+:)?TextCode[^>]*>(.*?)</(?:\w+:)?TextCode>", re.S)


def _ofd(data):
    import html

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(
            (n for n in archive.namelist() if re.search(r"Pages/Page_\d+/Content\.xml$", n)),
            key=lambda n: int(re.search(r"Page_(\d+)", n).group(1)),
        )
        sections = []
        for i, name in enumerate(names, 1):
            parts = [html.unescape(m.decode("utf-8", "replace")) for m in _TEXTCODE.findall(archive.read(name))]
            sections.append(Section(f"第{i}页", "".join(parts)))
    return sections


def _txt(data):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return [Section("", data.decode(encoding))]
        except UnicodeDecodeError:
            continue
    raise Unscannable("文本文件编码无法识别")


_READERS = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx, "ofd": _ofd, "txt": _txt}
