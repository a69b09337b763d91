"""The engine's relaxed request: exact top-N by score, the database backend's limit, no facet
filters or aggregations in the request (they are applied in Python over the capped hits)."""
import pytest

from search.contract import ArchiveQuery
from search.engine.archive import parse, relaxed_result, relaxed_search

pytestmark = pytest.mark.django_db


def test_relaxed_request_is_exact_top_n_of_the_database_limit(monkeypatch):
    from search.backends import archive as database_archive

    monkeypatch.setattr(database_archive, "RELAXED_LIMIT", 7)
    query = ArchiveQuery(text="怎么办理居住证明", filters={"year": ("2024",)}, sort="date", page=3)
    body = relaxed_search(query, parse(query.text)).to_dict()
    assert body["size"] == 7 and body.get("from", 0) == 0
    assert "post_filter" not in body and "aggs" not in body and "aggregations" not in body
    assert body["sort"][0] == {"_score": {"order": "desc"}} or body["sort"][0] == {"_score": "desc"}
    assert body["track_total_hits"] is False
    assert {"gk_page_id", "gk_year", "gk_doc_kind"} <= set(body["_source"])


def test_relaxed_result_counts_filters_and_pages_in_python():
    def hit(pid, score, year, kind, date):
        return {"_score": score, "_source": {"gk_page_id": pid, "gk_type": "policy", "gk_year": year,
                                             "gk_doc_kind": kind, "gk_date": date}}

    response = {"hits": {"hits": [hit(1, 9.0, 2024, "通知", "2024-01-02"), hit(2, 8.0, 2019, "公告", "2019-05-01"),
                                  hit(3, 7.0, 2024, "通知", "2024-03-01"), hit(4, 6.0, None, "", None)]}}
    query = ArchiveQuery(text="x", filters={"year": ("2024",)})
    count, window, facets = relaxed_result(response, query, 1, 1)
    assert count == 2 and [h["_source"]["gk_page_id"] for h in window] == [1]
    assert {v: c for v, _, c in facets["year"]} == {"2024": 2, "2019": 1}
    assert {v: c for v, _, c in facets["doc_kind"]} == {"通知": 2}
    assert {v: c for v, _, c in facets["type"]} == {"policy": 2}
    by_date = ArchiveQuery(text="x", sort="date", page_size=10)
    count, window, _ = relaxed_result(response, by_date, 1, 10)
    assert count == 4 and [h["_source"]["gk_page_id"] for h in window] == [3, 1, 2, 4]
