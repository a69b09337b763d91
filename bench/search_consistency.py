"""Benchmark: the engine returns the embedded backend's strict match sets (search.md §5).

For every judged query in ../shared/eval/queries.jsonl it prints the Jaccard overlap of the strict
match sets of the database backend (SQLite FTS5, or PostgreSQL when DATABASE_URL says so) and the
OpenSearch engine (target 1.0), the modes both chose, and the p50/p95 latency of a full
``archive_search`` (page 1, 20 hits, facets, snippets) on each backend in the same run.

    python bench/search_consistency.py                    # whole corpus into a fresh SQLite DB
    python bench/search_consistency.py --records 3000     # first N records of each corpus file
    python bench/search_consistency.py --sqlite PATH      # reuse an imported database (migrated,
                                                          #   engine index rebuilt with search_reindex)

Needs a node: ``scripts/search-engine start`` (SEARCH_ENGINE_URL, default http://127.0.0.1:9200).
The engine index uses a throwaway prefix and is dropped at the end.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# ../shared next to the checkout (or next to a parent directory, for git worktrees)
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "eval").is_dir()), ROOT.parent / "shared")
CORPUS = Path(os.environ.get("GONGKAI_CORPUS_DIR", SHARED / "corpus"))
EVAL = Path(os.environ.get("GONGKAI_EVAL_DIR", SHARED / "eval"))


def percentile(values, p):
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def judged_ids():
    ids = set()
    qrels = EVAL / "qrels.tsv"
    if qrels.exists():
        for line in open(qrels, encoding="utf-8"):
            parts = line.split()
            if len(parts) >= 3:
                ids.add(parts[2])
    return ids


def sample_files(files, records, workdir):
    """The first ``records`` lines of each file plus every judged record (qrels), so every kind of
    judged query (文号 included) has its documents in the sample."""
    judged = judged_ids()
    out = []
    for f in files:
        target = workdir / (Path(f).name.replace(".gz", ""))
        with gzip.open(f, "rt", encoding="utf-8") if str(f).endswith(".gz") else open(f, encoding="utf-8") as src, \
                open(target, "w", encoding="utf-8") as dst:
            for i, line in enumerate(src):
                if i < records:
                    dst.write(line)
                elif judged and json.loads(line).get("external_id") in judged:
                    dst.write(line)
        out.append(str(target))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sqlite", help="an already imported SQLite database to reuse (it is migrated)")
    ap.add_argument("--records", type=int, default=0,
                    help="import only the first N records of each file, plus every judged record (qrels)")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per query and backend (default 5)")
    ap.add_argument("files", nargs="*", help="corpus files (default: both in ../shared/corpus)")
    args = ap.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="gongkai-consistency-"))
    if "DATABASE_URL" not in os.environ or args.sqlite:
        db_path = Path(args.sqlite) if args.sqlite else workdir / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("SEARCH_ENGINE_URL", "http://127.0.0.1:9200")
    os.environ["SEARCH_BACKEND"] = "opensearch"
    os.environ["SEARCH_INDEX_PREFIX"] = f"gkbench_{uuid.uuid4().hex[:6]}_"
    os.environ.setdefault("MEDIA_ROOT", str(workdir / "media"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "search.engine.test_settings"
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)

    import django

    django.setup()
    import logging

    logging.getLogger("opensearch").setLevel(logging.ERROR)
    from django.core.management import call_command
    from modelsearch.backends import get_search_backend

    from search.contract import ArchiveQuery
    from search.engine.archive import match_ids

    engine = get_search_backend("default")
    database = get_search_backend("fallback")
    if not engine.ping():
        sys.exit(f"搜索引擎不可用：{os.environ['SEARCH_ENGINE_URL']}（先运行 scripts/search-engine start）")
    if not hasattr(database, "archive_search"):
        sys.exit("当前检出的数据库检索后端没有 archive_search（search/backends/chinese_db.py），无法比较")

    started = time.monotonic()
    call_command("migrate", "--noinput", verbosity=0)
    if args.sqlite:
        call_command("search_reindex", stdout=open(os.devnull, "w"))
        how = f"reused {args.sqlite}; engine index rebuilt"
    else:
        files = args.files or [str(CORPUS / "laws.jsonl.gz"), str(CORPUS / "gov_policy_meta.jsonl.gz")]
        if args.records:
            files = sample_files(files, args.records, workdir)
        call_command("setup_site", verbosity=0, stdout=open(os.devnull, "w"))
        call_command("import_archive", *files, stdout=open(os.devnull, "w"))
        call_command("search_replay", stdout=open(os.devnull, "w"))
        how = f"imported {', '.join(Path(f).name for f in files)}"
    from wagtail.models import Page

    engine.es.indices.refresh(index=engine.get_index_for_model(Page).name)
    from search.models import SearchDocument

    print(f"corpus: {SearchDocument.objects.count()} documents ({how}) in {time.monotonic() - started:.0f} s; "
          f"database={os.environ['DATABASE_URL'].split(':')[0]} ({type(database).__name__}), "
          f"engine={type(engine).__name__} at {os.environ['SEARCH_ENGINE_URL']}")

    queries = [json.loads(line) for line in open(EVAL / "queries.jsonl", encoding="utf-8") if line.strip()]
    timings = {"database": [], "engine": []}
    rows = []
    for q in queries:
        query = ArchiveQuery(text=q["query"])
        db_result = database.archive_search(query)
        en_result = engine.archive_search(query)
        db_set = set(db_result.match_ids or []) if db_result.mode != "relaxed" else set()
        en_set = match_ids(engine, query)
        union = db_set | en_set
        jaccard = 1.0 if not union else len(db_set & en_set) / len(union)
        # relaxed answers (only when strict is empty on both) are compared on the first page
        relaxed_note = ""
        if db_result.mode == "relaxed" or en_result.mode == "relaxed":
            relaxed_note = f" relaxed count db={db_result.count} engine={en_result.count}"
        for name, backend in (("database", database), ("engine", engine)):
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                backend.archive_search(query)
                timings[name].append((time.perf_counter() - t0) * 1000)
        rows.append((q, len(db_set), len(en_set), jaccard, db_result.mode, en_result.mode, relaxed_note))
        print(f"  {q['qid']} {q['query'][:20]}: |DB|={len(db_set)} |engine|={len(en_set)} J={jaccard:.3f}",
              file=sys.stderr, flush=True)

    print(f"\n{'qid':<5} {'kind':<20} {'query':<22} {'|DB|':>6} {'|engine|':>8} {'Jaccard':>8}  mode db/engine")
    for q, n_db, n_en, jac, m_db, m_en, note in rows:
        text = q["query"] if len(q["query"]) <= 20 else q["query"][:19] + "…"
        print(f"{q['qid']:<5} {q['kind']:<20} {text:<22} {n_db:>6} {n_en:>8} {jac:>8.3f}  {m_db}/{m_en}{note}")
    jaccards = [r[3] for r in rows]
    modes_equal = sum(1 for r in rows if r[4] == r[5])
    print(f"\nstrict match sets: mean Jaccard {statistics.mean(jaccards):.4f}, min {min(jaccards):.4f}, "
          f"identical {sum(1 for j in jaccards if j == 1.0)}/{len(jaccards)}; same mode {modes_equal}/{len(rows)}")
    for name in ("database", "engine"):
        t = timings[name]
        print(f"latency {name:<8}: p50 {percentile(t, 50):7.1f} ms   p95 {percentile(t, 95):7.1f} ms   "
              f"({len(t)} runs of archive_search, page 1, 20 hits, facets, snippets)")
    ratio = percentile(timings["engine"], 95) / max(percentile(timings["database"], 95), 1e-9)
    print(f"engine/database p95 ratio: {ratio:.2f}")

    from search.engine.contract_support import drop_indexes

    drop_indexes(engine.es, os.environ["SEARCH_INDEX_PREFIX"])
    return 0 if min(jaccards) == 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
