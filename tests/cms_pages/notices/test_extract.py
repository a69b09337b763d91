"""Attachment text extraction for the personal-data scan."""
import io
import zipfile

import pytest

from cms_pages.notices.extract import Unscannable, extract_sections


def _ofd(pages):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("OFD.xml", "<ofd:OFD/>")
        for i, text in enumerate(pages):
            z.writestr(f"Doc_0/Pages/Page_{i}/Content.xml",
                       f'<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:TextObject>'
                       f'<ofd:TextCode X="0" Y="0">{text}</ofd:TextCode></ofd:TextObject></ofd:Page>')
    return out.getvalue()


def test_pdf_pages(files):
    sections = extract_sections("a.pdf", files.pdf("first page", "second 13812345678"))
    assert [s.location for s in sections] == ["第1页", "第2页"]
    assert "13812345678" in sections[1].text


def test_docx_paragraphs_and_tables():
    import docx

    document = docx.Document()
    document.add_paragraph("第一段")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "张三"
    table.rows[0].cells[1].text = "13812345678"
    out = io.BytesIO()
    document.save(out)
    (section,) = extract_sections("a.docx", out.getvalue())
    assert section.text.splitlines() == ["第一段", "张三\t13812345678"]


def test_xlsx_numbers_typed_as_numbers_keep_their_digits(files):
    (section,) = extract_sections("a.xlsx", files.xlsx([("手机",), (13812345678,), (6.222021234567890e18,)]))
    assert "13812345678" in section.text.splitlines()[1]
    assert ".0" not in section.text


def test_ofd_pages_in_order():
    sections = extract_sections("a.ofd", _ofd(["第一页", "电话&#49;3812345678"]))
    assert [(s.location, s.text) for s in sections] == [("第1页", "第一页"), ("第2页", "电话13812345678")]


def test_txt_in_gb18030():
    (section,) = extract_sections("a.txt", "电话13812345678".encode("gb18030"))
    assert section.text == "电话13812345678"


@pytest.mark.parametrize("name, data, reason", [
    ("a.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 50, "无法自动提取文字"),
    ("a.zip", b"PK\x05\x06" + b"\0" * 18, "无法自动提取文字"),
    ("a.pdf", b"%PDF-1.4 broken", "无法读取"),
])
def test_unreadable_formats_say_why(name, data, reason):
    with pytest.raises(Unscannable, match=reason):
        extract_sections(name, data)


def test_image_only_pdf_is_unscannable(files):
    with pytest.raises(Unscannable, match="扫描图片"):
        extract_sections("scan.pdf", files.pdf(""))


def test_extraction_is_capped(files):
    sections = extract_sections("a.txt", b"x" * 1000, max_chars=100)
    assert sum(len(s.text) for s in sections) == 100
