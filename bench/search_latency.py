"""Benchmark: archive search latency on the full corpus and on a 10× replicated corpus, with
Wagtail's stock database backend (modelsearch's SQLite FTS5 backend) measured in the same run.

    python bench/search_latency.py --db PATH [--scale 10] [--random 100] [--repeat 3] [--baseline-tree DIR]

``--db`` is a SQLite database that already holds the imported corpus (see
bench/search_quality.py; without ``--db`` the corpus is imported into a temporary one first).
Derived databases are built next to it once and reused on later runs:

* ``PATH.stock.sqlite3`` — the same pages indexed by the stock backend (raw field values);
* ``PATH.x10.sqlite3`` / ``PATH.stock.x10.sqlite3`` — pages, search documents and index entries
  replicated ``--scale`` times (copies get new ids and tree paths), for both backends.

Queries: the judged queries of ../shared/eval plus ``--random`` Han substrings (2–4 characters)
of random titles (fixed seed).  Measured per query, warm (after one untimed pass):

* ours  — ``archive_search`` of the Chinese backend (match set, facets, ranking, 20 highlighted
  hits: what /api/search/ does apart from HTTP);
* ours-orm / stock-orm — ``Page.objects.live().public().search(q)`` first page of 20 + count,
  the path Wagtail's admin and the old search view use, on each backend.

``--baseline-tree DIR`` also measures ``archive_search`` with the code of another checkout
(e.g. ``git archive main | tar -x -C DIR``) in the same run, so before/after figures share the
machine's load.  ``cold`` is the first query of a fresh process (loads the in-memory facts, see
search/backends/facts.py: what the first search after an index change pays).

Target (issue 3): p95 ≤ 50 ms at 35.5k records on the embedded default.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def _quality():
    import search_quality  # noqa: WPS433 - sibling bench module

    return search_quality


# ---------------------------------------------------------------------------------------------
# Preparing the databases
# ---------------------------------------------------------------------------------------------


def django_env(db):
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "govsite.settings.test", "DATABASE_URL": f"sqlite:///{db}",
            "PYTHONPATH": str(ROOT)}


def build_stock_copy(db: Path, out: Path):
    """Copy ``db`` and rewrite every index entry with the stock backend's values."""
    tmp = out.with_suffix(".tmp")
    shutil.copyfile(db, tmp)
    subprocess.run([sys.executable, __file__, "--worker", "stock-reindex", "--db", str(tmp)], check=True,
                   env=django_env(tmp), cwd=ROOT)
    tmp.rename(out)


def stock_reindex():
    """(worker) Index entries of government pages ← stock ObjectIndexer values."""
    from django.apps import apps
    from django.db import connection, transaction
    from modelsearch.backends.database.sqlite.sqlite import ObjectIndexer, SQLiteSearchBackend
    from modelsearch.utils import get_content_type_pk

    from search.backends.documents import is_government_model

    backend = SQLiteSearchBackend({})
    table = backend.get_index_for_model(apps.get_model("wagtailcore", "Page")).entries.model._meta.db_table
    total = 0
    for model in [m for m in apps.get_models() if is_government_model(m)]:
        ct = get_content_type_pk(model)
        ids = list(model.objects.values_list("pk", flat=True))
        for i in range(0, len(ids), 500):
            rows = []
            for obj in model.objects.filter(pk__in=ids[i:i + 500]):
                ix = ObjectIndexer(obj, backend)
                rows.append((ix.title, ix.body, ix.autocomplete, ct, str(obj.pk)))
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {table} SET title = %s, body = %s, autocomplete = %s WHERE content_type_id = %s AND object_id = %s",
                    rows,
                )
            total += len(rows)
    print(f"stock index rewritten for {total} pages", file=sys.stderr)


BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _code(n: int) -> str:
    out = ""
    for _ in range(4):
        out = BASE36[n % 36] + out
        n //= 36
    return out


def build_replica(db: Path, out: Path, scale: int):
    """Copy ``db`` and replicate the government pages ``scale``× (pages, facts, index entries)."""
    tmp = out.with_suffix(".tmp")
    shutil.copyfile(db, tmp)
    con = sqlite3.connect(tmp)
    con.create_function("code36", 1, _code, deterministic=True)
    cur = con.cursor()
    entry = "wagtailsearch_indexentry"
    children = cur.execute(
        "SELECT p.id, p.path FROM wagtailcore_page p JOIN policies_policydocumentpage d ON d.page_ptr_id = p.id"
    ).fetchall()
    if not children:
        raise SystemExit("no policy pages to replicate")
    parent = children[0][1][:-4]
    offset = 10 ** (len(str(max(i for i, _ in children))) + 0)
    page_cols = [r[1] for r in cur.execute("PRAGMA table_info(wagtailcore_page)")]
    pol_cols = [r[1] for r in cur.execute("PRAGMA table_info(policies_policydocumentpage)")]
    doc_cols = [r[1] for r in cur.execute("PRAGMA table_info(search_searchdocument)")]
    ent_cols = [r[1] for r in cur.execute(f"PRAGMA table_info({entry})") if r[1] != "id"]
    cur.execute("PRAGMA journal_mode = OFF")
    cur.execute("PRAGMA synchronous = OFF")
    for k in range(1, scale):
        shift = k * offset
        sel = {c: c for c in page_cols}
        sel.update(id=f"id + {shift}", translation_key="lower(hex(randomblob(16)))",
                   path=f"'{parent}' || code36(id + {shift})", url_path=f"url_path || '{k}/'")
        cur.execute(f"INSERT INTO wagtailcore_page ({', '.join(page_cols)}) SELECT {', '.join(sel[c] for c in page_cols)} "
                    "FROM wagtailcore_page WHERE id IN (SELECT page_ptr_id FROM policies_policydocumentpage WHERE page_ptr_id < ?)",
                    (offset,))
        sel = {c: c for c in pol_cols}
        sel.update(page_ptr_id=f"page_ptr_id + {shift}", external_id=f"external_id || '#{k}'")
        cur.execute(f"INSERT INTO policies_policydocumentpage ({', '.join(pol_cols)}) SELECT {', '.join(sel[c] for c in pol_cols)} "
                    "FROM policies_policydocumentpage WHERE page_ptr_id < ?", (offset,))
        sel = {c: c for c in ent_cols}
        sel.update(object_id=f"CAST(CAST(object_id AS INTEGER) + {shift} AS TEXT)")
        cur.execute(f"INSERT INTO {entry} ({', '.join(ent_cols)}) SELECT {', '.join(sel[c] for c in ent_cols)} FROM {entry} "
                    "WHERE CAST(object_id AS INTEGER) < ? AND content_type_id IN (SELECT DISTINCT content_type_id FROM wagtailcore_page "
                    "WHERE id IN (SELECT page_ptr_id FROM policies_policydocumentpage))", (offset,))
        sel = {c: c for c in doc_cols}
        sel.update(page_id=f"page_id + {shift}", external_id=f"external_id || '#{k}'",
                   path=f"'{parent}' || code36(page_id + {shift})",
                   entry_id=(f"(SELECT e.id FROM {entry} e WHERE e.object_id = CAST(page_id + {shift} AS TEXT) "
                             f"AND e.content_type_id = (SELECT content_type_id FROM wagtailcore_page WHERE id = page_id))"))
        cur.execute(f"INSERT INTO search_searchdocument ({', '.join(doc_cols)}) SELECT {', '.join(sel[c] for c in doc_cols)} "
                    "FROM search_searchdocument WHERE page_id < ?", (offset,))
        con.commit()
        print(f"  replica {k + 1}/{scale} written", file=sys.stderr)
    cur.execute("INSERT INTO wagtailsearch_indexentry_fts(wagtailsearch_indexentry_fts) VALUES ('optimize')")
    con.commit()
    con.close()
    tmp.rename(out)


# ---------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------


def make_queries(n_random: int, seed: int = 20241124):
    quality = _quality()
    queries = [json.loads(line)["query"] for line in (quality.EVAL / "queries.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    from search.models import SearchDocument
    from search.normalize import is_han

    rng = random.Random(seed)
    titles = list(SearchDocument.objects.order_by("page_id").values_list("title_key", flat=True)[:40000])
    while n_random > 0 and titles:
        title = rng.choice(titles)
        length = rng.randint(2, 4)
        if len(title) < length:
            continue
        start = rng.randrange(0, len(title) - length + 1)
        piece = title[start:start + length]
        if all(is_han(ch) for ch in piece):
            queries.append(piece)
            n_random -= 1
    return queries


def measure(kind: str, queries, repeat: int, warm: bool = True):
    from wagtail.models import Page

    from search.contract import ArchiveQuery

    if kind == "ours":
        from search.backends.chinese_db import SearchBackend

        backend = SearchBackend({})

        def one(q):
            return backend.archive_search(ArchiveQuery(text=q)).count
    else:
        if kind == "ours-orm":
            from search.backends.chinese_db import SearchBackend

            backend = SearchBackend({})
        else:
            from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

            backend = SQLiteSearchBackend({})

        def one(q):
            results = backend.search(q, Page.objects.live().public())
            list(results[:20])
            return results.count()

    started = time.perf_counter()
    one(queries[0])  # cold: fresh process, in-memory facts not loaded yet
    cold = (time.perf_counter() - started) * 1000
    for q in queries if warm else ():  # warm-up pass (page cache, converters)
        one(q)
    times, cpu, zero = [], [], 0
    for q in queries:
        best = best_cpu = None
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            n = one(q)
            elapsed = (time.perf_counter() - started) * 1000
            elapsed_cpu = (time.process_time() - started_cpu) * 1000
            best = elapsed if best is None else min(best, elapsed)
            best_cpu = elapsed_cpu if best_cpu is None else min(best_cpu, elapsed_cpu)
        times.append(best)
        cpu.append(best_cpu)
        zero += n == 0
    return {"times": times, "cpu": cpu, "zero": zero, "cold": cold}


def worker_measure(args):
    import django

    django.setup()
    queries = json.loads(Path(args.queries_file).read_text())
    result = measure(args.kind, queries, args.repeat, warm=not args.no_warm)
    print(json.dumps(result))


def run_measure(db: Path, kind: str, queries_file: Path, repeat: int, tree: Path = ROOT, warm: bool = True):
    env = {**django_env(db), "PYTHONPATH": str(tree)}
    out = subprocess.run([sys.executable, str(tree / "bench" / "search_latency.py"), "--worker", "measure", "--db", str(db),
                          "--kind", kind, "--queries-file", str(queries_file), "--repeat", str(repeat)]
                         + ([] if warm else ["--no-warm"]),
                         check=True, env=env, cwd=tree, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def migrate(db: Path):
    """Apply pending migrations (e.g. search's facts version table) to a derived database."""
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], check=True, env=django_env(db),
                   cwd=ROOT, stdout=subprocess.DEVNULL)


def pct(values, p):
    values = sorted(values)
    if not values:
        return 0.0
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db")
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--random", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-scale", action="store_true", help="only the full corpus")
    parser.add_argument("--baseline-tree", help="another checkout whose archive_search is measured as 'before'")
    parser.add_argument("--orm-repeat-scaled", type=int, default=1,
                        help="runs per query of the two .search() paths on the replicated corpus (stock takes seconds "
                             "per query there; default 1, no warm-up pass)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--kind", help=argparse.SUPPRESS)
    parser.add_argument("--queries-file", help=argparse.SUPPRESS)
    parser.add_argument("--no-warm", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker == "stock-reindex":
        import django

        django.setup()
        return stock_reindex()
    if args.worker == "measure":
        return worker_measure(args)
    if args.worker == "queries":
        import django

        django.setup()
        print(json.dumps(make_queries(args.random), ensure_ascii=False))
        return None

    db = Path(_quality().prepare_db(args.db)).resolve()
    stock = db.with_name(db.stem + ".stock.sqlite3")
    if not stock.exists():
        print(f"building the stock-backend index in {stock} …", file=sys.stderr)
        build_stock_copy(db, stock)
    sets = [("35.5k (full corpus)", db, stock)]
    if not args.skip_scale and args.scale > 1:
        big = db.with_name(db.stem + f".x{args.scale}.sqlite3")
        big_stock = db.with_name(db.stem + f".stock.x{args.scale}.sqlite3")
        for src, dst in ((db, big), (stock, big_stock)):
            if not dst.exists():
                print(f"replicating {src.name} {args.scale}× into {dst} …", file=sys.stderr)
                build_replica(src, dst, args.scale)
        sets.append((f"{args.scale}× replicated", big, big_stock))

    for _, ours_db, _ in sets:
        migrate(ours_db)
    baseline = Path(args.baseline_tree).resolve() if args.baseline_tree else None
    out = subprocess.run([sys.executable, __file__, "--worker", "queries", "--db", str(db), "--random", str(args.random)],
                         check=True, env=django_env(db), cwd=ROOT, capture_output=True, text=True)
    queries = json.loads(out.stdout.strip().splitlines()[-1])
    qfile = db.with_name(db.stem + ".latency-queries.json")
    qfile.write_text(json.dumps(queries, ensure_ascii=False))
    print(f"{len(queries)} queries (25 judged + {len(queries) - 25} random title substrings), best of {args.repeat} runs each, warm"
          f" (the two .search() paths on the replicated corpus: {args.orm_repeat_scaled} run, no warm-up: marked ×N)\n")
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall times include waiting for a CPU; "
          "cpu = process CPU time of the query)")
    print(f"{'corpus':<22}{'path':<36}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}{'cpu p50':>8}{'cpu p95':>8}{'cold ms':>8}{'zero':>6}")
    for label, ours_db, stock_db in sets:
        rows = {}
        runs = [("ours", ours_db, "ours: archive_search (API work)", ROOT)]
        if baseline:
            runs.append(("before", ours_db, "before: archive_search", baseline))
        runs += [("ours-orm", ours_db, "ours: .search() first 20 + count", ROOT),
                 ("stock-orm", stock_db, "stock: .search() first 20 + count", ROOT)]
        scaled = stock_db != sets[0][2]
        for kind, path_db, name, tree in runs:
            slow = scaled and kind in ("ours-orm", "stock-orm")
            if slow:
                name = name.replace(" + count", f" + count ×{args.orm_repeat_scaled}")
            res = run_measure(path_db, "ours" if kind == "before" else kind, qfile,
                              args.orm_repeat_scaled if slow else args.repeat, tree, warm=not slow)
            rows[kind] = res
            t = res["times"]
            c = res["cpu"]
            print(f"{label:<22}{name:<36}{pct(t, .5):>8.1f}{pct(t, .95):>8.1f}{max(t):>8.1f}"
                  f"{pct(c, .5):>8.1f}{pct(c, .95):>8.1f}{res.get('cold', 0):>8.1f}{res['zero']:>6}", flush=True)
        print(f"{'':<22}load average now: {os.getloadavg()[0]:.1f}")
        if baseline:
            r50 = pct(rows["before"]["times"], .5) / max(pct(rows["ours"]["times"], .5), 1e-9)
            r95 = pct(rows["before"]["times"], .95) / max(pct(rows["ours"]["times"], .95), 1e-9)
            c50 = pct(rows["before"]["cpu"], .5) / max(pct(rows["ours"]["cpu"], .5), 1e-9)
            c95 = pct(rows["before"]["cpu"], .95) / max(pct(rows["ours"]["cpu"], .95), 1e-9)
            print(f"{'':<22}{'speed-up before/ours':<36}{r50:>7.1f}×{r95:>7.1f}×{'':>8}{c50:>7.1f}×{c95:>7.1f}×")
        for kind in ("ours", "ours-orm") + (("before",) if baseline else ()):
            r50 = pct(rows[kind]["times"], .5) / max(pct(rows["stock-orm"]["times"], .5), 1e-9)
            r95 = pct(rows[kind]["times"], .95) / max(pct(rows["stock-orm"]["times"], .95), 1e-9)
            c50 = pct(rows[kind]["cpu"], .5) / max(pct(rows["stock-orm"]["cpu"], .5), 1e-9)
            c95 = pct(rows[kind]["cpu"], .95) / max(pct(rows["stock-orm"]["cpu"], .95), 1e-9)
            print(f"{'':<22}{'ratio ' + kind + '/stock':<36}{r50:>7.1f}×{r95:>7.1f}×{'':>8}{c50:>7.1f}×{c95:>7.1f}×")
        print()
    return None


if __name__ == "__main__":
    main()
