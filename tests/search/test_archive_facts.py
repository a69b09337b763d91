"""The SQLite archive search's in-memory fast path (search/backends/facts.py) returns exactly what
the all-SQL path returns, and follows every change of the index."""
import pytest

QUERIES = ["公开", "信息公开", "政府 信息", "通知", "条例", "国办发〔2024〕12号", "国办发[2019]5号", "发改委",
           "营商环境", "不动产登记", "2024", "不存在的词语", "怎么申请不动产登记"]
VARIANTS = [
    {},
    {"sort": "date"},
    {"page": 2, "page_size": 2},
    {"filters": {"year": ("2019",)}},
    {"filters": {"validity": ("in_force",), "doc_kind": ("通知", "条例")}},
    {"filters": {"type": ("policy",)}, "sort": "date", "page_size": 1},
]


def _run(query, use_facts):
    from search.backends import archive
    from search.backends.chinese_db import SearchBackend

    old = archive.SQLiteArchiveSearch.use_facts
    archive.SQLiteArchiveSearch.use_facts = use_facts
    try:
        return SearchBackend({}).archive_search(query)
    finally:
        archive.SQLiteArchiveSearch.use_facts = old


def _summary(result):
    return {
        "count": result.count,
        "hits": [(h.page_id, round(h.score, 9), h.snippet) for h in result.hits],
        "facets": result.facets,
        "mode": result.mode,
        "notice": result.notice,
        "doc_number_count": result.doc_number_count,
        "match_ids": sorted(result.match_ids) if result.match_ids is not None else None,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("variant", VARIANTS)
def test_fast_path_equals_sql_path(archive, restricted_doc, variant):
    from search.contract import ArchiveQuery

    for text in QUERIES:
        for staff in (False, True):
            query = ArchiveQuery(text=text, include_internal=staff,
                                 allowed_internal_ids=frozenset({restricted_doc.pk}) if staff else frozenset(), **variant)
            assert _summary(_run(query, True)) == _summary(_run(query, False)), (text, staff, variant)


@pytest.mark.django_db
def test_fast_path_is_used_and_follows_publish_and_unpublish(archive, make_policy):
    from search.backends import facts
    from search.contract import ArchiveQuery
    from search.service import archive_search

    assert archive_search(ArchiveQuery(text="停车收费")).count == 1
    loaded = [f for f in facts._cache.values()]
    assert loaded, "the in-memory facts were not used"
    page = make_policy(title="关于停车收费标准的通知", published_date=None)
    result = archive_search(ArchiveQuery(text="停车收费"))
    assert result.count == 2 and result.hits[0].page_id == page.pk
    page.unpublish()
    assert archive_search(ArchiveQuery(text="停车收费")).count == 1


@pytest.mark.django_db
def test_facts_follow_changed_facts(archive):
    from search.backends import documents
    from search.contract import ArchiveQuery
    from search.models import SearchDocument
    from search.service import archive_search

    before = archive_search(ArchiveQuery(text="公开", filters={"year": ("2030",)}))
    assert before.count == 0
    SearchDocument.objects.filter(page_id=archive["d3"].pk).update(year=2030)
    after = archive_search(ArchiveQuery(text="公开", filters={"year": ("2030",)}))
    assert [h.page_id for h in after.hits] == [archive["d3"].pk]
    assert documents  # imported for the side effect of app loading


@pytest.mark.django_db
def test_without_the_version_table_the_sql_path_answers(archive):
    from django.db import connection

    from search.backends import facts
    from search.contract import ArchiveQuery

    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {facts.VERSION_TABLE} RENAME TO gk_moved_away")
    try:
        assert facts.get_facts(connection, "wagtailsearch_indexentry_fts") is None
        result = _run(ArchiveQuery(text="信息公开"), True)
        assert result.count == 3
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE gk_moved_away RENAME TO {facts.VERSION_TABLE}")
