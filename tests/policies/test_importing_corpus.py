"""The importer on real corpus lines: 有效性 and 文号 browse and resolve correctly.

``data/corpus_sample.jsonl`` holds 40 unmodified lines of ../shared/corpus (12 laws the
archive marks 已失效, 8 现行有效 laws, the records the eval 文号 queries point to, and
metadata records). When the full corpus is present, its validity mapping is checked too.
"""
import gzip
import json
import os
from pathlib import Path

import pytest
from django.conf import settings

from cms_pages.importing import import_archive
from policies.models import PolicyDocumentPage

SAMPLE = Path(__file__).parent / "data" / "corpus_sample.jsonl"
EVAL_DOC_NUMBER_QUERIES = {  # ../shared/eval/queries.jsonl kinds doc-number*, fullwidth → qrels
    "国务院令第711号": "law-a232c94b84ab",
    "国办发〔2023〕27号": "gov-eacfcf7a0c82",
    "国办发[2023]27号": "gov-eacfcf7a0c82",
    "国发(2015)49号": "gov-ab7cba37b9a4",
    "国函（2009）117号": "gov-42799730e9ff",
    "国务院令第７１１号": "law-a232c94b84ab",
}


def sample_records():
    return [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture
def imported(site_tree):
    summary = import_archive([SAMPLE])
    assert summary.skipped == [] and summary.created == len(sample_records())
    return summary


@pytest.mark.django_db
def test_validity_filter_lists_exactly_the_records_the_archive_marks_lapsed(client, site_tree, imported):
    marked = {r["external_id"] for r in sample_records() if r.get("validity") == "已失效"}
    assert len(marked) == 12
    library = site_tree["policies"]
    response = client.get(library.url + "?validity=已失效&size=100")
    listed = {d.external_id for d in response.context["page_obj"]}
    assert listed == marked
    counts = {i["value"]: i["count"] for g in response.context["facet_groups"] if g["param"] == "validity" for i in g["items"]}
    assert counts["lapsed"] == 12
    page = PolicyDocumentPage.objects.get(external_id=sorted(marked)[0])
    assert page.validity_basis.startswith("档案记录为“已失效”")
    html = client.get(page.url).content.decode()
    assert "本文件已失效" in html


@pytest.mark.django_db
def test_importing_again_changes_nothing_and_the_daily_job_keeps_archive_states(site_tree, imported):
    from policies.effects import update_policy_validity

    again = import_archive([SAMPLE])
    assert again.created == again.updated == 0
    update_policy_validity()
    assert PolicyDocumentPage.objects.filter(validity="lapsed").count() == 12


@pytest.mark.django_db
def test_every_eval_doc_number_variant_resolves_to_its_document(client, site_tree, imported):
    library = site_tree["policies"]
    for query, external_id in EVAL_DOC_NUMBER_QUERIES.items():
        target = PolicyDocumentPage.objects.get(external_id=external_id)
        response = client.get(library.url, {"q": query})
        assert response.status_code == 302, query
        assert response["Location"].endswith(target.url), query


@pytest.mark.django_db
def test_imported_metadata_facets(client, site_tree, imported):
    response = client.get(site_tree["policies"].url)
    groups = {g["param"]: {i["value"]: i["count"] for i in g["items"]} for g in response.context["facet_groups"]}
    assert groups["region"]["国务院"] >= 10
    assert groups["level"]["地方性法规"] == 20
    assert groups["org"]["国务院"] >= 4


def _corpus_dir():
    for candidate in (os.environ.get("GONGKAI_CORPUS_DIR"), settings.BASE_DIR.parent / "shared" / "corpus",
                      settings.BASE_DIR.parent.parent / "shared" / "corpus"):
        if candidate and (Path(candidate) / "laws.jsonl.gz").exists():
            return Path(candidate)
    return None


def test_full_corpus_validity_mapping():
    """Every record's archive 有效性 becomes the derived state (no database)."""
    import datetime as dt

    from policies import validity as rules
    from policies.importing import archive_decision

    corpus = _corpus_dir()
    if corpus is None:
        pytest.skip("未找到完整语料（../shared/corpus 或 GONGKAI_CORPUS_DIR）")
    today = dt.date.today()
    mismatches, lapsed = [], 0
    for name in ("laws.jsonl.gz", "gov_policy_meta.jsonl.gz"):
        with gzip.open(corpus / name, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                decision = archive_decision(record.get("validity"), name)
                override = rules.Override(decision[0], None, decision[1]) if decision else None
                effective = record.get("effective_date")
                facts = rules.Facts(effective_date=dt.date.fromisoformat(effective) if effective else None,
                                    override=override)
                state = rules.decide(facts, today).state
                expected_lapsed = record.get("validity") == "已失效"
                lapsed += expected_lapsed
                if (state == rules.LAPSED) != expected_lapsed:
                    mismatches.append(record["external_id"])
    assert lapsed == 116
    assert mismatches == []
