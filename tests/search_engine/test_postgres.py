"""The engine path on PostgreSQL (scripts/test-scale runs these with DATABASE_URL=postgres://…)."""
import pytest

from search.contract import ArchiveQuery

pytestmark = [pytest.mark.postgres, pytest.mark.engine, pytest.mark.django_db]


@pytest.fixture
def on_postgres(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(f"needs PostgreSQL (DATABASE_URL=postgres://…, scripts/test-scale); this run uses {connection.vendor}")


def test_queue_rows_are_one_per_object_on_postgres(on_postgres, engine):
    from policies.models import PolicyDocumentPage
    from search.engine import queue
    from search.engine.models import PendingIndexUpdate

    queue.record(PolicyDocumentPage, [1, 2], "index", RuntimeError("down"))
    queue.record(PolicyDocumentPage, [2], "delete", RuntimeError("still down"))
    rows = {r.object_pk: r for r in PendingIndexUpdate.objects.all()}
    assert set(rows) == {"1", "2"}
    assert rows["2"].action == "delete" and "still down" in rows["2"].last_error


def test_publish_search_unpublish_on_postgres(on_postgres, engine, make_policy, refresh):
    page = make_policy(title="关于推进政务公开标准化规范化工作的意见", doc_number="国办发〔2019〕54号")
    refresh()
    assert [h.page_id for h in engine.archive_search(ArchiveQuery(text="标准化")).hits] == [page.pk]
    result = engine.archive_search(ArchiveQuery(text="国办发[2019]54号"))
    assert result.mode == "doc_number" and result.hits[0].page_id == page.pk
    page.unpublish()
    refresh()
    assert engine.archive_search(ArchiveQuery(text="标准化")).count == 0
