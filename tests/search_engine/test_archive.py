"""archive_search on the engine: the contract cases (search/contract.py) against a real node."""
import datetime

import pytest

from search.contract import FACETS, ArchiveQuery

pytestmark = [pytest.mark.engine, pytest.mark.django_db]

DOCS = [
    # title, body, doc_number, authority, validity, doc_kind, published
    ("国务院办公厅关于印发《政府信息公开条例》实施办法的通知", "<p>各省、自治区、直辖市人民政府：现印发实施办法。</p>",
     "国办发〔2023〕27号", "国务院办公厅", "in_force", "通知", datetime.date(2023, 5, 1)),
    ("中华人民共和国政府信息公开条例（2019年修订）", "<p>第一条 为了保障公民依法获取政府信息，制定本条例。二十个工作日内答复。</p>",
     "国务院令第711号", "国务院", "in_force", "条例", datetime.date(2019, 4, 3)),
    ("关于做好2024年政务公开工作的通知", "<p>国办发〔2024〕12号 要求推进一网通办。</p>",
     "", "国务院办公厅", "in_force", "通知", datetime.date(2024, 3, 1)),
    ("市发展和改革委员会2023年度信息公开工作年度报告", "<p>市发改委全年主动公开信息，规范停车收费。</p>",
     "", "示范市发展和改革委员会", "lapsed", "报告", datetime.date(2024, 1, 20)),
    ("关于数据安全管理办法公开征求意见的通知", "<p>税务部门意见征集。</p>",
     "国函（2009）117号", "国家互联网信息办公室", "repealed", "通知", datetime.date(2021, 7, 1)),
]


@pytest.fixture
def corpus(engine, make_policy, refresh):
    pages = []
    for title, body, number, authority, validity, kind, published in DOCS:
        pages.append(make_policy(title=title, body=body, doc_number=number, issuing_authority=authority,
                                 validity=validity, doc_kind=kind, published_date=published))
    refresh()
    return pages


def search(engine, text, **kwargs):
    return engine.archive_search(ArchiveQuery(text=text, **kwargs))


def titles(result):
    return {h.title for h in result.hits}


def ids(result):
    return {h.page_id for h in result.hits}


@pytest.mark.parametrize("query,expected", [
    ("信息公开", {0, 1, 3}),
    ("公开", {0, 1, 2, 3, 4}),
    ("政府信息公开条例", {0, 1}),
    ("发改委", {3}),
    ("政府 信息", {0, 1}),
    ("工作的通知", {2}),
    ("国办发 2024", {2}),
    ("税", {4}),                 # single character
    ("二十个工作日", {1}),
    ("政府信息公開條例", {0, 1}),   # traditional
    ("ＧＤＰ 公开", set()),
])
def test_strict_substring_matches(engine, corpus, query, expected):
    result = search(engine, query, page_size=50)
    if not expected:  # strict finds nothing: the relaxed OR of 2-character phrases answers instead
        assert result.mode == "relaxed"
        return
    assert ids(result) == {corpus[i].pk for i in expected}
    assert result.count == len(expected)
    assert result.mode in {"strict", "doc_number"}


@pytest.mark.parametrize("query", ["国办发〔2023〕27号", "国办发[2023]27号", "国办发（2023）27号", "国办发2023年27号",
                                   "国办发〔２０２３〕２７号"])
def test_doc_number_variants_find_the_document_first(engine, corpus, query):
    result = search(engine, query)
    assert result.mode == "doc_number"
    assert result.doc_number_count == 1
    assert result.hits[0].page_id == corpus[0].pk
    assert result.hits[0].doc_number == "国办发〔2023〕27号"


def test_doc_number_inside_body_text(engine, corpus):
    result = search(engine, "国办发〔2024〕12号")
    assert corpus[2].pk in ids(result)


def test_relaxed_mode_when_strict_finds_nothing(engine, corpus):
    result = search(engine, "怎么申请政府信息公开")
    assert result.mode == "relaxed"
    assert result.notice
    assert corpus[1].pk in ids(result)


def test_facets_and_filters_combine(engine, corpus):
    result = search(engine, "公开", page_size=50)
    assert set(result.facets) == set(FACETS)
    assert ("policy", "政策文件", 5) in result.facets["type"]
    assert [(v, label, c) for v, label, c in result.facets["year"]] == [
        ("2024", "2024年", 2), ("2023", "2023年", 1), ("2021", "2021年", 1), ("2019", "2019年", 1)]
    validity = {v: (label, c) for v, label, c in result.facets["validity"]}
    assert validity["in_force"] == ("现行有效", 3)
    assert validity["lapsed"] == ("已失效", 1)
    # AND across facets, OR within one facet
    narrowed = search(engine, "公开", filters={"year": ("2024", "2023"), "doc_kind": ("通知",)})
    assert ids(narrowed) == {corpus[0].pk, corpus[2].pk}
    # a facet's counts ignore its own selection (so other values can be added), not the others'
    years = {v: c for v, _, c in narrowed.facets["year"]}
    assert years == {"2024": 1, "2023": 1, "2021": 1}
    kinds = {v: c for v, _, c in narrowed.facets["doc_kind"]}
    assert kinds == {"通知": 2, "报告": 1}
    narrowed = search(engine, "公开", filters={"validity": ("in_force",), "issuing_authority": ("国务院办公厅",)})
    assert ids(narrowed) == {corpus[0].pk, corpus[2].pk}
    assert search(engine, "公开", filters={"year": ("1900",)}).count == 0


def test_unknown_facet_values_and_names_are_harmless(engine, corpus):
    result = search(engine, "公开", filters={"nope": ("x",), "validity": ("<script>",)})
    assert result.count == 0
    assert search(engine, "公开", filters={"nope": ("x",)}).count == 5
    assert search(engine, "公开", filters={"year": ("二〇二四",)}).count == 0


def test_pagination_and_sorting(engine, corpus):
    first = search(engine, "公开", page=1, page_size=2)
    second = search(engine, "公开", page=2, page_size=2)
    third = search(engine, "公开", page=3, page_size=2)
    assert first.count == second.count == third.count == 5
    assert [len(first.hits), len(second.hits), len(third.hits)] == [2, 2, 1]
    assert len(ids(first) | ids(second) | ids(third)) == 5
    by_date = search(engine, "公开", sort="date", page_size=50)
    dates = [h.published_date for h in by_date.hits]
    assert dates == sorted(dates, reverse=True)
    relevance = search(engine, "政府信息公开条例", page_size=50)
    assert relevance.hits[0].page_id == corpus[1].pk  # title match ranks first


@pytest.mark.parametrize("kwargs", [
    {"text": ""}, {"text": "   "}, {"text": "🙂🙂"}, {"text": "\x00\x01"}, {"text": "\ud800"},
    {"text": "公" * 1500}, {"text": '" * : ( ) NEAR AND OR NOT ^'}, {"text": "'; DROP TABLE wagtailcore_page; --"},
    {"text": "公开", "page": -1}, {"text": "公开", "page": 99999}, {"text": "公开", "page_size": 10000},
    {"text": "公开", "page_size": 0}, {"text": "公开", "sort": "nonsense"},
])
def test_bad_input_never_raises(engine, corpus, kwargs):
    result = engine.archive_search(ArchiveQuery(**kwargs))
    assert result.count >= 0
    assert len(result.hits) <= 100
    if kwargs.get("page") == 99999:
        assert result.hits == [] and result.count == 5


def test_snippets_are_highlighted_on_raw_text(engine, corpus):
    result = search(engine, "二十个工作日")
    hit = result.hits[0]
    assert "<mark>二十个工作日</mark>" in hit.snippet
    assert hit.url.endswith("/")
    assert hit.type == "policy"


def test_visibility_public_and_internal(engine, corpus, refresh):
    from wagtail.models import PageViewRestriction

    secret = corpus[3]
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    public = search(engine, "发改委")
    assert public.count == 0
    staff_without_rights = search(engine, "发改委", include_internal=True, allowed_internal_ids=frozenset())
    assert staff_without_rights.count == 0
    staff = search(engine, "发改委", include_internal=True, allowed_internal_ids=frozenset({secret.pk}))
    assert ids(staff) == {secret.pk}


def test_unpublished_and_deleted_pages_leave_the_results(engine, corpus, refresh):
    corpus[3].unpublish()
    refresh()
    assert search(engine, "发改委").count == 0
    corpus[4].delete()
    refresh()
    assert search(engine, "税").count == 0


def test_moved_page_is_reindexed_with_its_new_path(engine, corpus, refresh, site_tree):
    from policies.models import PolicyLibraryPage
    from wagtail.models import Page

    second_library = PolicyLibraryPage(title="第二文件库", slug="library-2")
    site_tree["home"].add_child(instance=second_library)
    second_library.save_revision().publish()
    page = corpus[4]
    page.move(second_library, pos="last-child")
    refresh()
    page.refresh_from_db()
    doc = engine.es.get(index=engine.get_index_for_model(Page).name, id=str(page.pk))["_source"]
    assert doc["gk_path"] == page.path
    assert search(engine, "税").hits[0].url.startswith("/library-2/")


def test_public_search_degrades_to_the_database_with_a_notice(settings, db, corpus):
    from modelsearch.backends import get_search_backend

    settings.WAGTAILSEARCH_BACKENDS = {
        **settings.WAGTAILSEARCH_BACKENDS,
        "default": {**settings.WAGTAILSEARCH_BACKENDS["default"], "URLS": ["http://127.0.0.1:9"], "TIMEOUT": 2},
    }
    down = get_search_backend("default")
    result = down.archive_search(ArchiveQuery(text="公开"))
    assert "不可用" in result.notice
    fallback = get_search_backend("fallback")
    if hasattr(fallback, "archive_search"):
        assert result.count == 5


def test_doc_number_brings_other_records_of_the_same_document(engine, corpus, make_policy):
    copy = make_policy(title=DOCS[0][0], body="<p>目录记录，无正文</p>", published_date=datetime.date(2023, 5, 2))
    result = search(engine, "国办发〔2023〕27号")
    assert result.mode == "doc_number" and result.doc_number_count == 1
    assert [h.page_id for h in result.hits[:2]] == [corpus[0].pk, copy.pk]
    from search.engine.archive import match_ids

    assert match_ids(engine, ArchiveQuery(text="国办发〔2023〕27号")) == {corpus[0].pk, copy.pk}
