"""Plain text and link positions from rich text (no database)."""
from governance.checks.html_text import html_to_text


def test_paragraphs_become_lines_and_entities_decode():
    text, links = html_to_text("<p>第一段&amp;内容</p><p>第二段</p>")
    assert text == "第一段&内容\n第二段"
    assert links == []


def test_links_keep_kind_target_and_anchor_span():
    html = '<p>详见<a linktype="page" id="42">实施细则</a>和<a href="/zcwjk/abc/">附表</a>，' \
           '下载<a linktype="document" id="7">表格</a>。</p>'
    text, links = html_to_text(html)
    kinds = [(lk.kind, lk.target) for lk in links]
    assert kinds == [("page", "42"), ("url", "/zcwjk/abc/"), ("document", "7")]
    for lk in links:
        assert text[lk.start:lk.end] == lk.text
    assert links[0].text == "实施细则"


def test_br_and_tables():
    text, _ = html_to_text("<p>甲<br/>乙</p><table><tr><td>1</td><td>2</td></tr></table>")
    assert text.split("\n")[:2] == ["甲", "乙"]
    assert "1\t2" in text


def test_empty():
    assert html_to_text("") == ("", [])
