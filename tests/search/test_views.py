"""/search/ and /api/search/ over HTTP: the JSON shape (FORMAT.md), permissions, 文号 jump,
and bad input answered with a valid page or a Chinese 400, never a 500."""

import pytest

pytestmark = pytest.mark.django_db

BAD_QUERIES = [
    "", " ", "x" * 1500, "信" * 5000, '"', "*", ":", "(", ")", "NEAR", "AND", "OR", "NOT", "^",
    '" * : ( ) NEAR AND OR NOT ^', "政府\" OR 1=1 --", "'; DROP TABLE wagtailcore_page; --",
    "1' UNION SELECT password FROM auth_user --", "😀", "😀信息公开😀", "\x01\x02\x1f", "\u200b\ufeff",
    "<script>alert(1)</script>", "%", "_", "\\", "{title}:公开",
]
RAW_QUERY_STRINGS = [
    "q=%ED%A0%80",              # a lone surrogate, UTF-8 encoded
    "q=%ED%B0%80%E4%BF%A1",
    "q=%FF%FE%FD",              # invalid UTF-8
    "q=%00%01",
    "q=%E5%85%AC%E5%BC%80&page=-1",
    "q=%E5%85%AC%E5%BC%80&page=99999",
    "q=%E5%85%AC%E5%BC%80&page_size=10000",
    "q=%E5%85%AC%E5%BC%80&page_size=0",
    "q=%E5%85%AC%E5%BC%80&page=abc",
    "q=%E5%85%AC%E5%BC%80&page=1e9",
    "q=%E5%85%AC%E5%BC%80&type=bogus",
    "q=%E5%85%AC%E5%BC%80&year=20xx",
    "q=%E5%85%AC%E5%BC%80&validity=nonsense",
    "q=%E5%85%AC%E5%BC%80&sort=random",
    "q=%E5%85%AC%E5%BC%80&issuing_authority=%E4%B8%8D%E5%AD%98%E5%9C%A8",
    "q=%E5%85%AC%E5%BC%80&topic=x&doc_kind=y",
    "q[]=1&q=2",
]


@pytest.fixture
def anon(client):
    return client


@pytest.mark.parametrize("path", ["/search/", "/api/search/"])
def test_bad_queries_never_500(anon, archive, path):
    for q in BAD_QUERIES:
        response = anon.get(path, {"q": q, "page": "-1", "page_size": "10000"})
        assert response.status_code == 200, q
        if path.startswith("/api"):
            body = response.json()
            assert body["page"] == 1 and body["page_size"] == 100, q


@pytest.mark.parametrize("path", ["/search/", "/api/search/"])
def test_bad_parameters_valid_page_or_chinese_400(anon, archive, path):
    for raw in RAW_QUERY_STRINGS:
        response = anon.get(f"{path}?{raw}")
        assert response.status_code in (200, 400), raw
        if response.status_code == 400:
            assert path.startswith("/api"), raw
            message = response.json()["error"]
            assert any("\u4e00" <= ch <= "\u9fff" for ch in message), raw


def test_api_shape(anon, archive):
    response = anon.get("/api/search/", {"q": "二十个工作日"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert {"count", "page", "page_size", "results", "facets"} <= set(body)
    assert body["count"] == 1 and body["page"] == 1 and body["page_size"] == 20
    hit = body["results"][0]
    assert set(hit) == {"external_id", "title", "url", "type", "doc_number", "published_date", "snippet"}
    assert hit["title"] == archive["d2"].title
    assert hit["type"] == "policy"
    assert hit["published_date"] == "2019-04-03"
    assert hit["doc_number"] == "中华人民共和国国务院令第711号"
    assert "<mark>" in hit["snippet"]
    assert {"value": "policy", "label": "政策文件", "count": 1} in body["facets"]["type"]


def test_api_filters_and_pagination(anon, archive):
    body = anon.get("/api/search/?q=公开&doc_kind=通知&doc_kind=报告&year=2024").json()
    assert {r["title"] for r in body["results"]} == {archive["d3"].title, archive["d4"].title}
    body = anon.get("/api/search/", {"q": "公开", "page_size": 2, "page": 3}).json()
    assert body["count"] == 5 and len(body["results"]) == 1
    body = anon.get("/api/search/", {"q": "公开", "type": "policy", "validity": "现行有效"}).json()
    assert body["count"] == 4


def test_api_400_messages(anon, archive):
    response = anon.get("/api/search/", {"q": "公开", "type": "bogus"})
    assert response.status_code == 400
    assert "未知的内容类型" in response.json()["error"]


def test_search_page_renders_results_facets_and_sort(anon, archive):
    response = anon.get("/search/", {"q": "公开"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "共找到 <strong>5</strong> 条结果" in html
    assert "<mark>公开</mark>" in html
    assert "内容类型" in html and "公文种类" in html
    assert "发布日期" in html
    response = anon.get("/search/", {"q": "公开", "doc_kind": "通知", "sort": "date"})
    assert "共找到 <strong>3</strong> 条结果" in response.content.decode()


def test_search_page_relaxed_notice_and_empty_state(anon, archive):
    html = anon.get("/search/", {"q": "怎么申请不动产登记"}).content.decode()
    assert "近似结果" in html and archive["d6"].title in html
    html = anon.get("/search/", {"q": "量子引力波"}).content.decode()
    assert "没有找到" in html and "也可以试试" in html


def test_doc_number_jumps_to_the_document(anon, archive):
    response = anon.get("/search/", {"q": "国办发[2024]12号"})
    assert response.status_code == 302
    assert response["Location"] == archive["d3"].url
    assert anon.get("/search/", {"q": "国办发[2024]12号", "jump": "0"}).status_code == 200


def test_page_out_of_range_shows_last_page(anon, archive):
    response = anon.get("/search/", {"q": "公开", "page": "99999"})
    assert response.status_code == 200
    assert "第 1 页" in response.content.decode()


def test_anonymous_never_sees_restricted_pages(anon, archive, restricted_doc):
    assert anon.get("/api/search/", {"q": "营商环境"}).json()["count"] == 0
    assert "内部参考" not in anon.get("/search/", {"q": "营商环境"}).content.decode()


def test_staff_see_restricted_pages_they_may_view(client_for, archive, restricted_doc):
    body = client_for("editor").get("/api/search/", {"q": "营商环境"}).json()
    assert [r["title"] for r in body["results"]] == [restricted_doc.title]


def test_logged_in_non_staff_see_public_only(archive, restricted_doc, db):
    from django.contrib.auth.models import User
    from django.test import Client

    user = User.objects.create_user("citizen", password="pw-for-tests-only")
    c = Client()
    c.force_login(user)
    assert c.get("/api/search/", {"q": "营商环境"}).json()["count"] == 0
