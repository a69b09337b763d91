"""The archive-search contract (search/contract.py), run against every backend.

Strict match sets must be identical on every backend (search.md §5); ranking is checked
only where the design requires it (title and 文号 matches first).
"""
import datetime

import pytest

from search.contract import CONTENT_TYPES, FACETS, ArchiveQuery, ArchiveResult

pytestmark = pytest.mark.django_db


def run(backend, text, **kw):
    result = backend.archive_search(ArchiveQuery(text=text, **kw))
    assert isinstance(result, ArchiveResult)
    return result


def keys(result, archive):
    by_id = {p.pk: k for k, p in archive.items()}
    return {by_id.get(h.page_id, h.page_id) for h in result.hits}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("信息公开", {"d1", "d2", "d4"}),          # a word inside a longer Han run
        ("公开", {"d1", "d2", "d3", "d4", "d5"}),
        ("政府信息公开条例", {"d1", "d2"}),
        ("政府 信息", {"d1", "d2"}),               # two terms: AND
        ("工作的通知", {"d3"}),
        ("登", {"d6"}),                            # a single character
        ("发改委", {"d4"}),                        # synonym: 发展和改革委员会
        ("政府信息公開條例", {"d1", "d2"}),         # traditional characters
        ("二十个工作日", {"d2"}),                   # body phrase
        ("信息公开 停车", {"d4"}),
    ],
)
def test_strict_match_sets(backend, indexed, text, expected):
    result = run(backend, text, page_size=100)
    assert result.mode == "strict"
    assert keys(result, indexed) == expected
    assert result.count == len(expected)


def test_title_match_ranks_first(backend, indexed):
    result = run(backend, "不动产登记暂行条例")
    assert result.hits[0].page_id == indexed["d6"].pk
    result = run(backend, "政府信息公开条例")
    assert result.hits[0].page_id in {indexed["d1"].pk, indexed["d2"].pk}


@pytest.mark.parametrize("text", ["国务院令第711号", "国务院令第７１１号", "國務院令第711號"])
def test_doc_number_exact_match(backend, indexed, text):
    result = run(backend, text)
    assert result.mode == "doc_number"
    assert result.hits[0].page_id == indexed["d2"].pk
    assert result.doc_number_count == 1


@pytest.mark.parametrize("text", ["国办发〔2024〕12号", "国办发[2024]12号", "国办发(2024)12号", "国办发（2024）12号", "国办发2024年12号"])
def test_doc_number_bracket_styles(backend, indexed, text):
    result = run(backend, text)
    assert result.mode == "doc_number"
    assert result.hits[0].page_id == indexed["d3"].pk


def test_relaxed_mode_for_natural_language(backend, indexed):
    result = run(backend, "怎么申请不动产登记")
    assert result.mode == "relaxed"
    assert result.notice
    assert result.hits and result.hits[0].page_id == indexed["d6"].pk


def test_nothing_found_is_a_valid_empty_result(backend, indexed):
    result = run(backend, "量子引力波")
    assert result.count == 0 and result.hits == []


@pytest.mark.parametrize(
    "text",
    ['"', "*", ":", "(", ")", "NEAR", "AND", "OR", "NOT", "^", '政府" OR "x', "信息 AND NOT 公开",
     "NEAR(信息 公开)", "title:政府", "'; DROP TABLE wagtailcore_page; --", "\ud800", "😀", "\x00\x01\x1f",
     "信" * 1200, "政府 " * 300, "%_\\", "{title}: 公开", "公开*", "-公开", "+公开"],
)
def test_hostile_input_never_fails(backend, indexed, text):
    result = run(backend, text)
    assert result.count >= 0
    assert result.mode in {"strict", "relaxed", "doc_number", "empty"}


def test_empty_query(backend, indexed):
    assert run(backend, "").mode == "empty"
    assert run(backend, "   ***  ").count == 0


def test_operators_are_not_syntax(backend, indexed):
    # "信息 AND 公开" means the same as "信息 公开"
    assert keys(run(backend, "信息 AND 公开", page_size=100), indexed) == keys(run(backend, "信息 公开", page_size=100), indexed)


def test_pagination_clamps(backend, indexed):
    total = run(backend, "公开").count
    assert run(backend, "公开", page=-1).hits  # page < 1 → first page
    assert run(backend, "公开", page=99999).count == total
    assert run(backend, "公开", page=99999).hits == []
    big = run(backend, "公开", page_size=10000)
    assert len(big.hits) == total <= 100
    two = run(backend, "公开", page_size=2)
    assert len(two.hits) == 2
    second = run(backend, "公开", page_size=2, page=2)
    assert {h.page_id for h in two.hits}.isdisjoint({h.page_id for h in second.hits})


def test_facets_present_and_combine(backend, indexed):
    result = run(backend, "公开")
    assert set(FACETS) <= set(result.facets)
    types = {v: c for v, label, c in result.facets["type"]}
    assert types == {"policy": 5}
    assert dict((v, label) for v, label, c in result.facets["type"])["policy"] == CONTENT_TYPES["policy"]
    kinds = {v: c for v, _, c in result.facets["doc_kind"]}
    assert kinds["通知"] == 3
    years = {v: c for v, _, c in result.facets["year"]}
    assert years == {"2019": 2, "2024": 2, "2021": 1}

    filtered = run(backend, "公开", filters={"doc_kind": ("通知",)})
    assert filtered.count == 3
    # the filtered facet keeps its own alternatives (OR within a facet) ...
    assert {v for v, _, _ in filtered.facets["doc_kind"]} >= {"通知", "条例", "报告"}
    # ... while other facets count only within the filter
    assert {v: c for v, _, c in filtered.facets["year"]} == {"2019": 1, "2024": 1, "2021": 1}

    both = run(backend, "公开", filters={"doc_kind": ("通知", "报告"), "year": ("2024",)})
    assert keys(both, indexed) == {"d3", "d4"}
    validity = run(backend, "公开", filters={"validity": ("lapsed",)})
    assert keys(validity, indexed) == {"d5"}


def test_unknown_facet_values_give_empty_results(backend, indexed):
    assert run(backend, "公开", filters={"issuing_authority": ("不存在的机关",)}).count == 0
    assert run(backend, "公开", filters={"year": ("abcd",)}).count == 0
    assert run(backend, "公开", filters={"nonsense": ("x",)}).count == 5


def test_date_sort(backend, indexed):
    result = run(backend, "公开", sort="date", page_size=100)
    dates = [h.published_date for h in result.hits]
    assert dates == sorted(dates, reverse=True)


def test_hits_carry_contract_fields(backend, indexed):
    hit = run(backend, "二十个工作日").hits[0]
    page = indexed["d2"]
    assert hit.title == page.title
    assert hit.url and hit.url.endswith("/")
    assert hit.type == "policy"
    assert hit.doc_number == "中华人民共和国国务院令第711号"
    assert hit.published_date == datetime.date(2019, 4, 3)
    assert "<mark>二十个工作日</mark>" in hit.snippet


def test_snippet_is_escaped(backend, indexed):
    snippet = run(backend, "数据安全").hits[0].snippet
    assert "<script>" not in snippet
    assert "<mark>" in snippet


def test_unpublished_pages_are_not_found(backend, indexed):
    indexed["d6"].unpublish()
    refresh = getattr(backend, "refresh_index_for_tests", None)
    if callable(refresh):
        refresh([])
    assert run(backend, "不动产").count == 0


def test_drafts_are_not_found(backend, indexed, make_policy):
    make_policy(title="草稿：营商环境优化方案", publish=False)
    assert run(backend, "营商环境优化").count == 0


def test_restricted_pages_only_for_allowed_staff(backend, indexed, restricted_doc):
    refresh = getattr(backend, "refresh_index_for_tests", None)
    if callable(refresh):
        refresh([restricted_doc])
    assert run(backend, "营商环境").count == 0
    staff = run(backend, "营商环境", include_internal=True, allowed_internal_ids=frozenset({restricted_doc.pk}))
    assert [h.page_id for h in staff.hits] == [restricted_doc.pk]
    assert run(backend, "营商环境", include_internal=True, allowed_internal_ids=frozenset()).count == 0


def test_match_ids_cover_the_strict_match_set(backend, indexed):
    result = run(backend, "公开", page_size=2)
    if result.match_ids is not None:
        assert len(result.match_ids) == result.count == 5
