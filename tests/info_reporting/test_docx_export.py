"""DOCX exports (info_reporting.md §4: issues exported to DOCX with a contents list; §6: DOCX
通报 draft), for the information section only."""
import io

import pytest
from django.utils import timezone
from docx import Document

from info_reporting import services
from info_reporting.docx_export import paragraphs

pytestmark = pytest.mark.django_db


def text_of(content):
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def test_rich_text_becomes_paragraphs():
    assert paragraphs("<p>第一段&amp;数据</p><p>第二段<br/>换行</p><ul><li>一</li></ul>") == ["第一段&数据", "第二段", "换行", "一"]


@pytest.fixture
def issue(submitted_item, users):
    a = submitted_item("东城区春耕进展", body="<p>春耕已完成八成。</p><p>下一步加强农资保障。</p>")
    b = submitted_item("东城区防汛准备")
    for item in (a, b):
        services.adopt(item, users["editor"], ["own_regular", "own_special"])
    return services.compile_issue(users["editor"], [b.pk, a.pk], titles={b.pk: "防汛准备有序推进"},
                                  issuing_office="示范市人民政府办公室", distribution="市领导，各区政府")


def test_issue_docx_has_masthead_contents_in_order_bodies_and_distribution(issue, client_for):
    response = client_for("editor").get(f"/admin/info-reporting/issues/{issue.pk}/issue.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    text = text_of(response.content)
    assert f"{issue.year}年第{issue.number}期" in text and "政务信息" in text and "未签发稿" in text
    contents = text.index("目　录")
    assert text.index("1. 防汛准备有序推进", contents) < text.index("2. 东城区春耕进展", contents)
    assert "春耕已完成八成。\n下一步加强农资保障。" in text
    assert "（示范市东城区人民政府）" in text and "分送：市领导，各区政府" in text


def test_signed_issue_docx_has_no_draft_mark(issue, client_for, users):
    services.sign_off_issue(issue, users["reviewer"])
    text = text_of(client_for("editor").get(f"/admin/info-reporting/issues/{issue.pk}/issue.docx").content)
    assert "未签发稿" not in text


@pytest.fixture
def bulletin(submitted_item, users, reporter2):
    a = submitted_item("东城区春耕进展")
    services.adopt(a, users["editor"], ["own_regular"])
    return services.generate_bulletin(users["editor"], "year", timezone.localdate().year)


def test_bulletin_docx_has_title_body_and_ranking_table(bulletin, client_for):
    c = client_for("editor")
    assert "下载通报 DOCX" in c.get(f"/admin/pages/{bulletin.pk}/edit/").content.decode()
    response = c.get(f"/admin/info-reporting/bulletins/{bulletin.pk}/bulletin.docx")
    assert response.status_code == 200
    text = text_of(response.content)
    assert bulletin.title in text and "通报如下" in text
    assert "名次 | 单位 | 得分 | 采用条数 | 备注" in text
    assert "1 | 示范市东城区人民政府 | 3 | 1" in text


@pytest.mark.parametrize("role", ["reporter", "reporter2", "reader"])
def test_docx_exports_are_refused_outside_the_information_section(role, issue, bulletin, client_for, users):
    from django.test import Client

    c = Client()
    c.force_login(users[role])
    for url in (f"/admin/info-reporting/issues/{issue.pk}/issue.docx",
                f"/admin/info-reporting/bulletins/{bulletin.pk}/bulletin.docx"):
        response = c.get(url)
        assert response.status_code in (302, 403), (role, url)
        assert not response["Content-Type"].startswith("application/vnd")
