"""The engine backends keep the embedded backend's match semantics (search.md §3, §5)."""
import pytest

pytestmark = [pytest.mark.engine, pytest.mark.django_db]

BODY = "<p>为了保障公民依法获取政府信息，提高政府工作的透明度，制定本条例。市发改委负责停车收费管理。</p>"


def _analyze(engine, analyzer, text):
    from wagtail.models import Page

    index = engine.get_index_for_model(Page).name
    res = engine.es.indices.analyze(index=index, body={"analyzer": analyzer, "text": text})
    return [t["token"] for t in res["tokens"]]


@pytest.fixture
def policy(engine, make_policy, refresh):
    page = make_policy(
        title="中华人民共和国政府信息公开条例（2019年修订）", body=BODY, doc_number="国务院令第711号",
        issuing_authority="国务院",
    )
    refresh()
    return page


def test_index_settings_and_mapping(engine, policy):
    from wagtail.models import Page

    alias = engine.get_index_for_model(Page).name
    assert engine.es.indices.exists_alias(name=alias), "the index is reached through an alias"
    assert _analyze(engine, "default", "政 府 信 息 2024 gdp") == ["政", "府", "信", "息", "2024", "gdp"]
    # split like FTS5 unicode61 / search.normalize.tokenize, not like `standard` (which keeps 5.2 whole)
    assert _analyze(engine, "default", "第 5.2 条 covid-19 a_b") == ["第", "5", "2", "条", "covid", "19", "a", "b"]
    # the ranking sub-field joins the spaced characters again and makes bigrams
    assert _analyze(engine, "gk_cjk_bigram", "信 息 公 开") == ["信息", "息公", "公开"]
    mapping = next(iter(engine.es.indices.get_mapping(index=alias).values()))["mappings"]["properties"]
    assert mapping["gk_doc_key"]["type"] == "keyword"
    assert mapping["gk_type"]["type"] == "keyword"
    assert mapping["gk_date"]["type"] == "date"
    assert mapping["_all_text"]["fields"]["cjk"]["analyzer"] == "gk_cjk_bigram"
    assert mapping["gk_body"]["fields"]["cjk"]["analyzer"] == "gk_cjk_bigram"


def test_documents_hold_normalised_spaced_text(engine, policy):
    from wagtail.models import Page

    doc = engine.es.get(index=engine.get_index_for_model(Page).name, id=str(policy.pk))["_source"]
    assert doc["title"].startswith("中 华 人 民 共 和 国 政 府")
    assert doc["gk_type"] == "policy"
    assert doc["gk_doc_key"] == policy.doc_number_key != ""
    assert doc["gk_path"] == policy.path


@pytest.mark.parametrize("query,found", [
    ("信息公开", True),       # inside a longer run of Han characters
    ("公", True),             # single character
    ("政府 透明度", True),     # two terms, AND
    ("政府 火星", False),      # AND: one term missing
    ("信息,公开", True),       # punctuation ignored like the index
    ("政府信息公開", True),     # traditional → simplified
    ("国家发展改革委", False),  # synonym of 发改委 … not in this document
    ("发改委 停车", True),
    ("发展和改革委员会 停车", True),  # synonym expansion into phrase alternatives
    ("息公信", False),          # characters present but not contiguous: strict phrase, not OR
    ('" * : ( ) NEAR AND OR NOT ^', False),
])
def test_wagtail_search_uses_phrase_and_semantics(engine, policy, query, found):
    from policies.models import PolicyDocumentPage

    results = list(engine.search(query, PolicyDocumentPage))
    assert (policy in results) is found


def test_admin_autocomplete_finds_inner_substring(engine, policy):
    from wagtail.models import Page

    results = list(engine.autocomplete("信息公开", Page))
    assert policy.page_ptr in results or policy in results


def test_drafts_never_reach_the_index(engine, make_policy, refresh):
    from wagtail.models import Page

    draft = make_policy(title="草稿中的秘密文件", publish=False)
    live = make_policy(title="已发布的公开文件")
    live.title = "已发布的公开文件（修改草稿）"
    live.save_revision()  # a draft revision of a live page is not indexed either
    refresh()
    index = engine.get_index_for_model(Page).name
    assert not engine.es.exists(index=index, id=str(draft.pk))
    doc = engine.es.get(index=index, id=str(live.pk))["_source"]
    assert "草 稿" not in doc["title"]


def test_elasticsearch_backend_builds_the_same_index_and_queries(settings, db):
    """No Elasticsearch node runs in CI; the ES 9 backend must produce identical JSON."""
    from modelsearch.backends import get_search_backend

    from policies.models import PolicyDocumentPage
    settings.WAGTAILSEARCH_BACKENDS = {
        "os": {"BACKEND": "search.backends.chinese_opensearch", "URLS": ["http://127.0.0.1:1"], "INDEX_PREFIX": "x_"},
        "es": {"BACKEND": "search.backends.chinese_elasticsearch", "URLS": ["http://127.0.0.1:1"], "INDEX_PREFIX": "x_"},
    }
    os_backend, es_backend = get_search_backend("os"), get_search_backend("es")
    assert os_backend.settings == es_backend.settings
    assert (os_backend.mapping_class(PolicyDocumentPage).get_mapping()
            == es_backend.mapping_class(PolicyDocumentPage).get_mapping())
    q_os = os_backend.search("发改委 停车", PolicyDocumentPage).query_compiler.get_query()
    q_es = es_backend.search("发改委 停车", PolicyDocumentPage).query_compiler.get_query()
    assert q_os == q_es


def test_wagtail_admin_page_search_through_the_engine(engine, policy, client_for):
    client = client_for("admin")
    response = client.get("/admin/pages/search/", {"q": "信息公开"})
    assert response.status_code == 200
    assert policy.title in response.content.decode()
    response = client.get("/admin/pages/search/", {"q": "息公信"})
    assert policy.title not in response.content.decode()
