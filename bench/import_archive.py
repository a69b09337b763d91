"""Benchmark: import_archive on the real corpus into a fresh SQLite database.

Prints records per second and peak memory (RSS) for the first import, then the re-run
(which must report 0 created / 0 updated). Usage:

    python bench/import_archive.py [FILE …]        # default: both files in ../shared/corpus
"""
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("GONGKAI_CORPUS_DIR", ROOT.parent / "shared" / "corpus"))


def run(args, env):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if result.returncode != 0:
        sys.exit(result.stderr[-3000:])
    return result.stdout, elapsed, max(peak_kb, before) / 1024


def main():
    files = sys.argv[1:] or [str(CORPUS / "laws.jsonl.gz"), str(CORPUS / "gov_policy_meta.jsonl.gz")]
    workdir = Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "govsite.settings.dev",
           "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}", "MEDIA_ROOT": str(workdir / "media")}
    run(["migrate", "--noinput", "-v0"], env)
    run(["setup_site"], env)
    out, seconds, peak_mb = run(["import_archive", *files], env)
    summary = out.strip().splitlines()[0]
    created = int(re.search(r"新建 (\d+)", summary).group(1))
    print(f"first import : {summary}")
    print(f"               {created / seconds:.0f} records/s over {seconds:.1f} s wall (incl. start-up), peak RSS {peak_mb:.0f} MiB")
    out2, seconds2, _ = run(["import_archive", *files], env)
    print(f"re-run       : {out2.strip().splitlines()[0]} ({seconds2:.1f} s)")
    size = (workdir / "bench.sqlite3").stat().st_size / 2**20
    print(f"database     : {size:.0f} MiB at {workdir / 'bench.sqlite3'}")


if __name__ == "__main__":
    main()
