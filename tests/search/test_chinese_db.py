"""The Chinese-aware database backend through modelsearch's normal entry points
(``.search()``, ``.autocomplete()``), Wagtail admin search, and what it stores."""
import pytest

pytestmark = pytest.mark.django_db


def titles(results):
    return {p.title for p in results}


def test_backend_is_the_chinese_one(settings):
    from modelsearch.backends import get_search_backend

    backend = get_search_backend()
    assert type(backend).__name__ in {"ChineseSQLiteSearchBackend", "ChinesePostgresSearchBackend"}


def test_search_finds_words_inside_han_runs(archive):
    from policies.models import PolicyDocumentPage

    qs = PolicyDocumentPage.objects.live()
    assert len(qs.search("信息公开")) == 3
    assert titles(qs.search("工作的通知")) == {archive["d3"].title}
    assert titles(qs.search("发改委")) == {archive["d4"].title}
    assert len(qs.search("政府 信息")) == 2


def test_search_or_operator(archive):
    from policies.models import PolicyDocumentPage

    qs = PolicyDocumentPage.objects.live()
    assert titles(qs.search("不动产 数据安全", operator="or")) == {archive["d5"].title, archive["d6"].title}


def test_search_ranks_title_matches_first(archive):
    from policies.models import PolicyDocumentPage

    results = list(PolicyDocumentPage.objects.live().search("不动产登记"))
    assert results[0].pk == archive["d6"].pk


@pytest.mark.parametrize("query", ['"', "*", "NEAR(", "AND OR NOT", "^", ":", "()", "😀", "\x00"])
def test_search_with_fts_syntax_never_fails(archive, query):
    from policies.models import PolicyDocumentPage

    assert list(PolicyDocumentPage.objects.live().search(query)) == []


def test_phrase_and_query_objects(archive):
    from modelsearch.query import Not, Phrase, PlainText

    from policies.models import PolicyDocumentPage

    qs = PolicyDocumentPage.objects.live()
    assert titles(qs.search(Phrase("政府信息公开条例"))) == {archive["d1"].title, archive["d2"].title}
    assert titles(qs.search(PlainText("公开") & Not(PlainText("通知")))) == {archive["d2"].title, archive["d4"].title}


def test_search_restricted_to_title_field(archive):
    from policies.models import PolicyDocumentPage

    assert titles(PolicyDocumentPage.objects.live().search("一网通办", fields=["title"])) == set()
    assert titles(PolicyDocumentPage.objects.live().search("政务公开", fields=["title"])) == {archive["d3"].title}


def test_autocomplete_in_chinese(archive):
    from wagtail.models import Page

    assert archive["d2"].pk in {p.pk for p in Page.objects.autocomplete("信息公开")}
    assert archive["d6"].pk in {p.pk for p in Page.objects.autocomplete("暂行")}


def test_wagtail_admin_search_in_chinese(archive, client_for):
    client = client_for("admin")
    response = client.get("/admin/pages/search/", {"q": "信息公开"})
    assert response.status_code == 200
    assert archive["d2"].title in response.content.decode()
    response = client.get("/admin/pages/search/", {"q": 'NEAR("公开" *'})
    assert response.status_code == 200


def test_index_holds_spaced_normalised_text(archive):
    from wagtail.search.models import IndexEntry

    entry = IndexEntry.objects.get(object_id=str(archive["d6"].pk), content_type__model="policydocumentpage")
    assert entry.title == "不 动 产 登 记 暂 行 条 例"


def test_search_document_facts(archive):
    from search.models import SearchDocument

    doc = SearchDocument.objects.get(page_id=archive["d2"].pk)
    assert doc.type_key == "policy"
    assert doc.doc_number_key
    assert doc.year == 2019
    assert doc.validity == "in_force"
    assert doc.title_key.startswith("中华人民共和国政府信息公开条例")


def test_unpublish_and_delete_remove_documents(archive):
    from search.models import SearchDocument

    archive["d1"].unpublish()
    assert not SearchDocument.objects.filter(page_id=archive["d1"].pk).exists()
    pk = archive["d3"].pk
    archive["d3"].delete()
    assert not SearchDocument.objects.filter(page_id=pk).exists()


def test_synonym_table_is_editable(archive):
    from search.backends import synonyms
    from search.models import SynonymGroup
    from search.service import archive_search
    from search.contract import ArchiveQuery

    assert archive_search(ArchiveQuery(text="透明度条例")).mode == "relaxed"
    group = SynonymGroup.objects.create(forms="透明度条例、政府信息公开条例")
    result = archive_search(ArchiveQuery(text="透明度条例"))
    assert (result.mode, result.count) == ("strict", 2)
    group.delete()
    assert archive_search(ArchiveQuery(text="透明度条例")).mode == "relaxed"
    synonyms.invalidate()
