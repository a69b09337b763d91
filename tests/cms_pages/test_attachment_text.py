"""The one attachment-text extractor (search indexing, review checks, notice PII scan): where
each piece of text is, and a clear Chinese reason — never a crash — when a file cannot be read."""
import io

import pytest

from cms_pages.attachment_text import MAX_BYTES, Unreadable, extract_sections, extract_text


def test_pdf_text_by_page(files):
    sections = extract_sections("a.pdf", files.pdf("first page", "second 13812345678"))
    assert [s.location for s in sections] == ["第1页", "第2页"]
    assert "13812345678" in sections[1].text


def test_docx_paragraphs_and_table_cells_are_located():
    import docx

    document = docx.Document()
    document.add_paragraph("第一段")
    document.add_paragraph("")
    document.add_paragraph("第三段 联系电话")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "张三"
    table.rows[0].cells[1].text = "13812345678"
    out = io.BytesIO()
    document.save(out)
    sections = extract_sections("a.docx", out.getvalue())
    assert [(s.location, s.text) for s in sections] == [
        ("第1段", "第一段"), ("第3段", "第三段 联系电话"),
        ("表格1第1行第1列", "张三"), ("表格1第1行第2列", "13812345678"),
    ]


def test_xlsx_cells_keep_the_digits_of_numbers(files):
    sections = extract_sections("a.xlsx", files.xlsx([("手机",), (13812345678,)], title="名单"))
    assert ("工作表“名单”A2单元格", "13812345678") in [(s.location, s.text) for s in sections]


def test_ofd_pages_in_page_order(make_ofd):
    sections = extract_sections("a.ofd", make_ofd([[["第一页"]], [["电话", "13812345678"], ["第二行"]]]))
    assert [(s.location, s.text) for s in sections] == [("第1页", "第一页"), ("第2页", "电话13812345678\n第二行")]


def test_encrypted_ofd_needs_a_person(make_ofd):
    with pytest.raises(Unreadable, match="OFD 文件已加密") as caught:
        extract_sections("a.ofd", make_ofd([[["x"]]], encrypted=True))
    assert caught.value.kind == "encrypted"


def test_plain_text_in_gb18030_and_joined_text(make_ofd):
    assert extract_text("a.txt", "电话13812345678".encode("gb18030")) == "电话13812345678"
    assert extract_text("a.ofd", make_ofd([[["甲"]], [["乙"]]])) == "甲\n乙"


@pytest.mark.parametrize("name, data, reason", [
    ("a.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 50, "DOC格式无法自动提取文字"),
    ("a.zip", b"PK\x05\x06" + b"\0" * 18, "压缩包无法自动提取文字"),
    ("a.pdf", b"%PDF-1.4 broken", "PDF 文件无法读取"),
    ("a.docx", b"not a zip at all", "不是有效的 DOCX 文件"),
    ("a.ofd", b"PK\x03\x04 truncated", "OFD 文件已损坏"),
    ("noext", b"text", "无扩展名的格式无法自动提取文字"),
])
def test_unreadable_files_say_why(name, data, reason):
    with pytest.raises(Unreadable, match=reason):
        extract_sections(name, data)


def test_image_only_pdf_needs_a_person(files):
    with pytest.raises(Unreadable, match="扫描图片"):
        extract_sections("scan.pdf", files.pdf(""))


def test_encrypted_pdf_needs_a_person(files):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(files.pdf("secret 13812345678"))))
    writer.encrypt(user_password="open-sesame", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(Unreadable, match="已加密"):
        extract_sections("locked.pdf", out.getvalue())


def test_size_and_length_limits():
    with pytest.raises(Unreadable, match="文件超过 30 MB"):
        extract_sections("big.txt", b"x" * (MAX_BYTES + 1))
    sections = extract_sections("a.txt", b"x" * 1000, max_chars=100)
    assert sum(len(s.text) for s in sections) == 100
