"""manage.py search_reindex: new index, atomic alias swap, no downtime, nothing lost meanwhile."""
import io

import pytest

from search.contract import ArchiveQuery

pytestmark = [pytest.mark.engine, pytest.mark.django_db]


def _alias_targets(backend):
    from wagtail.models import Page

    alias = backend.get_index_for_model(Page).name
    return alias, set(backend.es.indices.get_alias(name=alias).keys())


def test_reindex_swaps_alias_and_keeps_drafts_out(engine, make_policy, refresh):
    from django.core.management import call_command

    live = [make_policy(title=f"重建前的文件{i}") for i in range(3)]
    draft = make_policy(title="从未发布的草稿文件", publish=False)
    alias, before = _alias_targets(engine)
    out = io.StringIO()
    call_command("search_reindex", "--chunk-size", "2", stdout=out)
    text = out.getvalue()
    assert "已切换别名" in text and "条/秒" in text
    alias, after = _alias_targets(engine)
    assert len(after) == 1 and after.isdisjoint(before)
    for name in before:
        assert not engine.es.indices.exists(index=name), "the old index is deleted after the swap"
    result = engine.archive_search(ArchiveQuery(text="文件", page_size=50))
    assert {h.page_id for h in result.hits} == {p.pk for p in live}
    assert draft.pk not in {h.page_id for h in result.hits}


def test_updates_during_rebuild_reach_the_new_index(engine, make_policy, refresh):
    from search.engine.reindex import rebuild

    for i in range(4):
        make_policy(title=f"已有文件{i}")
    published_meanwhile = []
    searched_meanwhile = []

    def out(line):
        if "条/秒" in line and not published_meanwhile:
            # an editor publishes while the new index is being filled; searches keep working
            published_meanwhile.append(make_policy(title="重建期间发布的新文件"))
            refresh()
            searched_meanwhile.append(engine.archive_search(ArchiveQuery(text="重建期间")).count)

    rebuild(engine, chunk_size=1, out=out)
    refresh()
    assert searched_meanwhile == [1]  # the old index answered during the rebuild
    result = engine.archive_search(ArchiveQuery(text="重建期间发布"))
    assert [h.page_id for h in result.hits] == [published_meanwhile[0].pk]
    from search.engine.models import IndexRebuild, PendingIndexUpdate

    assert not PendingIndexUpdate.objects.exists()
    assert IndexRebuild.objects.filter(status="done").exists()


def test_first_write_creates_an_aliased_index_with_the_chinese_mapping(engine, make_policy):
    make_policy(title="第一份文件")
    alias, targets = _alias_targets(engine)
    assert len(targets) == 1 and alias not in targets
