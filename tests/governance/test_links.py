"""Dead-link findings from resolved statuses (no database)."""
import pytest

from governance.checks.html_text import html_to_text
from governance.checks.links import LinkStatus, check, internal_path


def test_internal_path():
    assert internal_path("/zcwjk/a/?x=1#top") == "/zcwjk/a/"
    assert internal_path("https://www.example.gov.cn/zcwjk/a/", ["www.example.gov.cn"]) == "/zcwjk/a/"
    assert internal_path("https://other.gov.cn/zcwjk/a/", ["www.example.gov.cn"]) is None
    assert internal_path("mailto:a@b.cn") is None
    assert internal_path("#top") is None


def test_statuses_become_findings_with_positions():
    html = ('<p>见<a linktype="page" id="1">旧文件</a>。</p>'
            '<p>另见<a href="/tzgg/draft/">草稿通知</a>和<a linktype="page" id="3">正常页</a>'
            '及<a linktype="page" id="4">审核中</a></p>')
    text, links = html_to_text(html)
    statuses = {
        ("page", "1"): LinkStatus("missing"),
        ("url", "/tzgg/draft/"): LinkStatus("unpublished", "草稿通知"),
        ("page", "3"): LinkStatus("ok", "正常页"),
        ("page", "4"): LinkStatus("in_review", "审核中的页"),
    }
    findings = check(text, links, statuses)
    by_check = {f.check: f for f in findings}
    assert set(by_check) == {"links.missing", "links.unpublished", "links.in_review"}
    dead = by_check["links.missing"]
    assert dead.severity == "error" and text[dead.start:dead.end] == "旧文件" and dead.line == 1
    draft = by_check["links.unpublished"]
    assert draft.severity == "error" and draft.line == 2 and "草稿通知" in draft.message
    assert by_check["links.in_review"].severity == "warning"


def test_external_links_are_not_reported():
    text, links = html_to_text('<a href="https://www.gov.cn/">中国政府网</a>')
    assert check(text, links, {}) == []


def test_invalid_status():
    with pytest.raises(ValueError):
        LinkStatus("broken")
