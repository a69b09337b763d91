"""OFD text extraction (cms_pages/ofd.py) on real OFD packages built here (GB/T 33190 layout)."""
import io
import zipfile

import pytest

from cms_pages import ofd


def test_text_of_every_page_in_order_with_lines(make_ofd):
    data = make_ofd([
        [["关于做好", "政务公开"], ["工作的通知"]],
        [["国办发〔2024〕12号"]],
    ])
    text = ofd.extract_text(data)
    assert text.splitlines() == ["关于做好政务公开", "工作的通知", "国办发〔2024〕12号"]


def test_pages_follow_the_document_not_the_file_names(make_ofd):
    data = make_ofd([[["第一页"]]] + [[[f"第{n}页"]] for n in range(2, 12)])
    lines = ofd.extract_text(data).splitlines()
    assert lines[0] == "第一页" and lines[1] == "第2页" and lines[-1] == "第11页"


def test_missing_ofd_xml_falls_back_to_the_conventional_layout(make_ofd):
    data = make_ofd([[["备用路径"]]], drop=["OFD.xml"])
    assert ofd.extract_text(data) == "备用路径"


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x03\x04truncated", "cut"])
def test_broken_packages_raise_a_chinese_error(data, make_ofd):
    if data == "cut":
        data = make_ofd([[["x"]]])[:200]
    with pytest.raises(ofd.OFDBroken) as info:
        ofd.extract_text(data)
    assert "OFD" in str(info.value) and "损坏" in str(info.value)


@pytest.mark.parametrize("name, content", [
    ("OFD.xml", "<ofd:OFD xmlns:ofd='x'><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml"),  # bad XML
    ("word/document.xml", "<w/>"),  # a zip, but no OFD parts
])
def test_zip_that_is_not_a_readable_ofd_is_broken(name, content):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(name, content)
    with pytest.raises(ofd.OFDBroken):
        ofd.extract_text(buf.getvalue())


def test_encrypted_package_is_reported(make_ofd):
    with pytest.raises(ofd.OFDEncrypted) as info:
        ofd.extract_text(make_ofd([[["机密"]]], encrypted=True))
    assert "加密" in str(info.value)


def test_page_without_text_gives_empty_string(make_ofd):
    assert ofd.extract_text(make_ofd([[]])) == ""
