"""Browsing the 政策文件库: facets with combined counts, shareable URLs, 文号 lookup,
unknown filter values, sort, Excel export, print view and a constant number of queries."""
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from policies.models import PolicyDocumentPage

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def corpus(library):
    """Documents created without revisions (fast) but live, as the importer does."""
    from cms_pages.models import TopicCategory

    top = TopicCategory.objects.filter(parent=None).first()
    child = TopicCategory.objects.filter(parent=top).first()
    rows = [
        # title, number, authority, published, kind, level, override, topic
        ("国务院办公厅关于印发政府网站发展指引的通知", "国办发〔2017〕47号", "国务院办公厅", D(2017, 6, 8), "通知", "其他", "", child),
        ("国务院关于加强数字政府建设的指导意见", "国发〔2022〕14号", "国务院", D(2022, 6, 23), "意见", "其他", "", top),
        ("示范市物业管理办法", "示政发〔2015〕3号", "示范市人民政府", D(2015, 3, 1), "", "规范性文件", "lapsed", None),
        ("示范市停车管理办法", "", "示范市人民政府、示范市公安局", D(2022, 1, 5), "", "规范性文件", "repealed", None),
        ("中华人民共和国政府信息公开条例", "国务院令第711号", "国务院", D(2019, 4, 15), "条例", "行政法规", "", child),
        ("关于修改部分行政法规的决定", "国令第 711号", "国务院", D(2019, 4, 16), "决定", "行政法规", "", None),
    ]
    pages = []
    for i, (title, number, authority, published, kind, level, override, topic) in enumerate(rows):
        page = PolicyDocumentPage(
            title=title, slug=f"doc-{i}", doc_number=number, issuing_authority=authority, published_date=published,
            formed_date=published, doc_kind=kind, legal_level=level, topic=topic, live=True,
            validity_override=override, validity_override_basis="档案记录" if override else "",
        )
        library.add_child(instance=page)
        pages.append(page)
    return pages


def get(client, library, query=""):
    return client.get(library.url + ("?" + query if query else ""))


def facet(response, param):
    for group in response.context["facet_groups"]:
        if group["param"] == param:
            return {item["value"]: item["count"] for item in group["items"]}
    return {}


def titles(response):
    return [d.title for d in response.context["page_obj"]]


def test_facets_list_values_with_counts(client, library, corpus):
    response = get(client, library)
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 6
    assert facet(response, "validity") == {"in_force": 4, "lapsed": 1, "repealed": 1}
    assert facet(response, "org") == {"国务院": 3, "国务院办公厅": 1, "示范市人民政府": 2}
    assert facet(response, "year")["2019"] == 2
    assert facet(response, "level") == {"其他": 2, "规范性文件": 2, "行政法规": 2}
    assert facet(response, "kind")["条例"] == 1
    topics = facet(response, "topic")
    top_id = str(corpus[1].topic_id)
    assert topics[top_id] == 3  # the top-level class counts its sub-class's documents


def test_counts_combine_with_the_other_facets(client, library, corpus):
    response = get(client, library, "org=国务院")
    assert response.context["page_obj"].paginator.count == 3
    assert facet(response, "level") == {"其他": 1, "行政法规": 2}
    # the facet's own counts stay those of the other filters, so alternatives remain visible
    assert facet(response, "org")["示范市人民政府"] == 2
    response = get(client, library, "org=国务院&level=行政法规&year=2019")
    assert sorted(titles(response)) == sorted([corpus[4].title, corpus[5].title])


def test_validity_filter_by_label_as_in_a_shared_url(client, library, corpus):
    response = get(client, library, "validity=已失效")
    assert titles(response) == ["示范市物业管理办法"]
    response = get(client, library, "validity=lapsed&validity=repealed")
    assert sorted(titles(response)) == ["示范市停车管理办法", "示范市物业管理办法"]
    html = response.content.decode()
    assert "有效性：已废止、已失效" in html or "有效性：已失效、已废止" in html


def test_unknown_filter_values_are_ignored_with_a_notice(client, library, corpus):
    response = get(client, library, "validity=作废&year=abcd&org=不存在的机关&topic=99999&kind=报表&sort=x&page=zz&size=7")
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 6
    html = response.content.decode()
    for text in ("有效性：作废", "年份：abcd", "发文机关：不存在的机关", "主题分类：99999", "公文种类：报表"):
        assert f"筛选条件“{text}”不存在，已忽略" in html
    assert "排序方式“x”不存在" in html and "每页条数“7”不可用" in html


def test_doc_number_in_any_bracket_style_jumps_to_the_document(client, library, corpus):
    for variant in ("国办发[2017]47号", "国办发（2017）47号", "国办发【2017】47号", "国办发﹝2017﹞47号",
                    "国办发2017年47号", "国办发〔2017〕第047号", "国办发［２０１７］４７号"):
        response = get(client, library, "q=" + variant)
        assert response.status_code == 302, variant
        assert response["Location"].endswith(corpus[0].url), variant


def test_doc_number_with_several_documents_lists_them(client, library, corpus):
    response = get(client, library, "q=国务院令第７１１号")
    assert response.status_code == 200
    assert sorted(titles(response)) == sorted([corpus[4].title, corpus[5].title])
    assert "文号“国令第711号”对应 2 份文件" in response.content.decode()


def test_unknown_doc_number_falls_back_to_keywords(client, library, corpus):
    response = get(client, library, "q=国办发〔2099〕1号")
    assert response.status_code == 200
    assert "没有找到文号为“国办发〔2099〕1号”的文件" in response.content.decode()


def test_keyword_search_and_relevance_sort(client, library, corpus):
    response = get(client, library, "q=政府")
    found = titles(response)
    assert set(found) == {corpus[0].title, corpus[1].title, corpus[2].title, corpus[3].title, corpus[4].title}
    assert response.context["browse"].sort == "relevance"
    response = get(client, library, "q=政府信息公开条例")
    assert titles(response)[0] == "中华人民共和国政府信息公开条例"
    response = get(client, library, "q=政府 公開")  # traditional characters are folded
    assert titles(response) == ["中华人民共和国政府信息公开条例"]


def test_date_sorts(client, library, corpus):
    assert titles(get(client, library))[0] == "国务院关于加强数字政府建设的指导意见"
    assert titles(get(client, library, "sort=date_asc"))[0] == "示范市物业管理办法"


def test_facet_links_are_shareable_urls(client, library, corpus):
    response = get(client, library, "year=2019")
    group = next(g for g in response.context["facet_groups"] if g["param"] == "org")
    item = next(i for i in group["items"] if i["value"] == "国务院")
    again = get(client, library, item["query"])
    assert again.context["browse"].filters == {"year": ("2019",), "org": ("国务院",)}


def test_excel_export_of_the_current_result_list(client, library, corpus):
    from openpyxl import load_workbook

    response = get(client, library, "level=行政法规&format=xlsx")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "效力级别：行政法规" in rows[0][0]
    assert rows[1][:3] == ("标题", "发文字号", "发文机关")
    assert {r[0] for r in rows[2:]} == {corpus[4].title, corpus[5].title}
    assert rows[2][10].startswith("http://testserver/") and rows[2][10].endswith("/")


def test_print_view_lists_the_current_result_list(client, library, corpus):
    response = get(client, library, "validity=已失效&view=print")
    html = response.content.decode()
    assert response.status_code == 200
    assert "示范市物业管理办法" in html and "国务院关于加强数字政府建设的指导意见" not in html
    assert "有效性：已失效" in html and "window.print()" in html


def test_document_print_view(client, corpus):
    response = client.get(corpus[0].url + "?view=print")
    html = response.content.decode()
    assert "国办发〔2017〕47号" in html and "print-view" in html and "site-header" not in html


def _queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.context["page_obj"])


def test_policy_list_query_count_does_not_grow_with_the_page_size(client, library):
    from cms_pages.models import OrganisationUnit, TopicCategory

    topic = TopicCategory.objects.exclude(parent=None).first()
    unit = OrganisationUnit.objects.first()
    for i in range(60):
        library.add_child(instance=PolicyDocumentPage(
            title=f"示范文件{i}", slug=f"q-{i}", doc_number=f"示政发〔2025〕{i + 1}号", live=True,
            issuing_authority="示范市人民政府", issuing_organisation=unit, topic=topic,
            published_date=D(2025, 1, 1) + dt.timedelta(days=i), legal_level="规范性文件",
        ))
    from policies.listing import bump_facet_cache

    get(client, library)  # warm per-process caches (site root paths, settings)
    measured = {}
    for size in ("10", "20", "50"):
        bump_facet_cache()
        cold = _queries_for(client, library.url + "?size=" + size)  # facets computed
        warm = _queries_for(client, library.url + "?size=" + size)  # facets from the cache
        measured[size] = (cold, warm)
    assert [measured[s][0][1] for s in measured] == [10, 20, 50]
    colds = {cold for (cold, _), _ in measured.values()}
    warms = {warm for _, (warm, _) in measured.values()}
    assert len(colds) == 1 and len(warms) == 1, measured
    bump_facet_cache()
    filtered, _ = _queries_for(client, library.url + "?size=50&validity=现行有效&year=2025")
    assert filtered == colds.pop()
    assert max(c for (c, _), _ in measured.values()) <= 16  # budget: routing 5, restrictions 2, facets 2, rows 2, furniture 4


def test_result_list_slices_follow_the_sql_order(library):
    from policies import browse, listing

    for i in range(25):
        library.add_child(instance=PolicyDocumentPage(
            title=f"排序文件{i}", slug=f"s-{i}", live=True, published_date=D(2024, 1, 1) + dt.timedelta(days=i % 7)))
    base = library.documents()
    for params in ({}, {"sort": ["date_asc"]}, {"q": ["排序 文件"]}, {"sort": ["formed"]}):
        request = browse.parse(params, listing.normalisers(base))
        queryset = listing.results(base, request)
        expected = list(queryset.values_list("pk", flat=True))
        result = listing.ResultList(queryset)
        assert result.count() == 25
        assert [p.pk for p in result[0:10]] + [p.pk for p in result[10:20]] + [p.pk for p in result[20:30]] == expected
        assert result[5:5] == []
