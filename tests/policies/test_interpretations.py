"""政策解读 pages: linked to their documents both ways; the overdue report."""
import datetime as dt

import pytest
from django.urls import reverse

from policies.models import PolicyInterpretationPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def interpret(library):
    def make(title, documents, kind="部门解读", publish=True, **fields):
        from policies.models import PolicyInterpretationLink

        page = PolicyInterpretationPage(title=title, kind=kind, live=False, **fields)
        for document in documents:
            page.document_links.add(PolicyInterpretationLink(document=document))
        library.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        return PolicyInterpretationPage.objects.get(pk=page.pk)
    return make


def test_interpretation_and_document_link_each_other(client, doc, interpret):
    document = doc("示范市促进就业若干措施", doc_number="示政发〔2026〕2号")
    graphic = interpret("图解：示范市促进就业若干措施", [document], kind="图解")
    expert = interpret("专家解读：稳就业的新举措", [document], kind="专家解读", author="某大学 张教授")
    html = client.get(document.url).content.decode()
    assert "相关解读" in html
    assert "【图解】图解：示范市促进就业若干措施" in html and f'href="{graphic.url}"' in html
    assert "【专家解读】" in html and f'href="{expert.url}"' in html
    html = client.get(graphic.url).content.decode()
    assert "原文" in html and f'href="{document.url}"' in html and "示政发〔2026〕2号" in html


def test_draft_interpretation_is_not_shown(client, doc, interpret):
    document = doc("某文件")
    interpret("未发布的解读", [document], publish=False)
    assert "未发布的解读" not in client.get(document.url).content.decode()


def test_all_four_gov_cn_kinds_are_offered():
    from policies.vocabulary import INTERPRETATION_KINDS

    assert INTERPRETATION_KINDS[:4] == ["部门解读", "专家解读", "媒体解读", "图解"]


def test_overdue_report_lists_documents_without_interpretation_past_the_delay(client_for, doc, interpret):
    old_enough = dt.date.today() - dt.timedelta(days=30)
    missing = doc("规范性文件甲", genre="行政规范性文件", published_date=old_enough)
    covered = doc("规范性文件乙", genre="行政规范性文件", published_date=old_enough)
    interpret("乙的解读", [covered])
    doc("规范性文件丙（刚发布）", genre="行政规范性文件", published_date=dt.date.today())
    doc("普通通知", genre="其他文件", published_date=old_enough)
    response = client_for("admin").get(reverse("policies_interpretations_overdue"))
    html = response.content.decode()
    assert response.status_code == 200
    assert missing.title in html
    assert covered.title not in html and "刚发布" not in html and "普通通知" not in html


def test_reports_are_refused_to_users_without_page_rights(client_for):
    response = client_for("reader").get(reverse("policies_interpretations_overdue"))
    assert response.status_code in (302, 403)


def test_admin_requires_at_least_one_interpreted_document(client_for, library, doc):
    from wagtail.test.utils.form_data import querydict_from_html

    client = client_for("admin")
    document = doc("被解读的文件")
    url = reverse("wagtailadmin_pages:add", args=("policies", "policyinterpretationpage", library.pk))
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data.update({"title": "一图读懂", "slug": "yitu", "kind": "图解"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert not PolicyInterpretationPage.objects.filter(title="一图读懂").exists()
    data.update({"document_links-TOTAL_FORMS": "1", "document_links-0-document": str(document.pk),
                 "document_links-0-ORDER": "1", "document_links-0-DELETE": "", "document_links-0-id": "",
                 "action-publish": "action-publish"})
    response = client.post(url, data)
    assert response.status_code == 302
    page = PolicyInterpretationPage.objects.get(title="一图读懂")
    assert list(page.live_documents()) == [document]
