"""Benchmark: requests/s of the policy list page beside a trivial Django view, same server.

One server process (threaded WSGI, DEBUG off) serves the portal plus a one-line view at
/bench/trivial/; client threads hit each URL for a fixed time. The ratio list / trivial
shows what the library page costs over Django's own per-request floor on this machine.

    python bench/policy_list_throughput.py                 # generated set of 5,000 documents
    python bench/policy_list_throughput.py --docs 30000    # a bigger generated set
    DATABASE_URL=sqlite:////tmp/policies.sqlite3 python bench/policy_list_throughput.py --use-db
                                                           # an existing database (e.g. the imported corpus)

Options: --seconds per URL (default 8), --threads client threads (default 4).
"""
from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]

# -- the server side (run as a subprocess: python bench/policy_list_throughput.py --serve PORT) --
urlpatterns = []


def _trivial(request):
    from django.http import HttpResponse

    return HttpResponse("ok")


def serve(port):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govsite.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.urls import include, path

    global urlpatterns
    urlpatterns = [path("bench/trivial/", _trivial), path("", include(settings.ROOT_URLCONF))]
    settings.ROOT_URLCONF = "bench_policy_list_urls"
    module = type(sys)("bench_policy_list_urls")
    module.urlpatterns = urlpatterns
    sys.modules["bench_policy_list_urls"] = module

    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True
        request_queue_size = 128

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    httpd = make_server("127.0.0.1", port, WSGIHandler(), server_class=Server, handler_class=QuietHandler)
    print("ready", flush=True)
    httpd.serve_forever()


# -- data ------------------------------------------------------------------------------
def generated_records(n, seed=7):
    """Synthetic policy records in the archive format, with realistic facet spread."""
    rng = random.Random(seed)
    organs = ["国务院", "国务院办公厅", "示范市人民政府", "示范市人民政府办公室", "示范市财政局",
              "示范市发展和改革委员会", "示范市卫生健康委员会", "示范市人力资源和社会保障局"]
    codes = {"国务院": "国发", "国务院办公厅": "国办发", "示范市人民政府": "示政发", "示范市人民政府办公室": "示政办发",
             "示范市财政局": "示财发", "示范市发展和改革委员会": "示发改", "示范市卫生健康委员会": "示卫健",
             "示范市人力资源和社会保障局": "示人社"}
    subjects = ["政务公开", "营商环境", "住房公积金", "食品安全", "数字政府", "就业创业", "养老服务", "生态环境",
                "交通运输", "教育", "医疗保障", "安全生产", "乡村振兴", "财政预算", "统计", "应急管理"]
    kinds = ["通知", "意见", "办法", "规定", "决定", "批复", "函"]
    levels = ["行政法规", "部门规章", "地方性法规", "规范性文件", "其他"]
    for i in range(n):
        organ = rng.choice(organs)
        day = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(9300))
        subject = rng.choice(subjects)
        kind = rng.choice(kinds)
        yield {
            "external_id": f"bench-{i}", "type": "policy",
            "title": f"{organ}关于{subject}工作的{kind}（第{i}号）",
            "doc_number": f"{codes[organ]}〔{day.year}〕{rng.randrange(1, 200)}号" if rng.random() < 0.7 else None,
            "issuing_authority": organ, "level": rng.choice(levels),
            "written_date": day.isoformat(), "published_date": (day + dt.timedelta(days=rng.randrange(20))).isoformat(),
            "validity": "已失效" if rng.random() < 0.05 else "现行有效",
            "body": f"{subject}相关规定。" * 20, "body_format": "text",
        }


def prepare_database(args, env):
    def manage(*cmd):
        result = subprocess.run([sys.executable, "manage.py", *cmd], cwd=ROOT, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(result.stderr[-3000:])
        return result.stdout

    if args.use_db:
        return "existing database " + env.get("DATABASE_URL", "(default)")
    workdir = Path(tempfile.mkdtemp(prefix="gongkai-bench-list-"))
    env["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    env["MEDIA_ROOT"] = str(workdir / "media")
    manage("migrate", "--noinput", "-v0")
    manage("setup_site")
    data = workdir / "generated.jsonl"
    with open(data, "w", encoding="utf-8") as handle:
        for record in generated_records(args.docs):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    started = time.monotonic()
    manage("import_archive", str(data))
    return f"generated {args.docs} documents (imported in {time.monotonic() - started:.0f} s) at {workdir}"


# -- the client side -------------------------------------------------------------------
def hit(port, url, seconds, threads):
    counts, errors, latencies = [0] * threads, [0] * threads, [[] for _ in range(threads)]
    deadline = time.monotonic() + seconds

    def worker(k):
        while time.monotonic() < deadline:
            started = time.monotonic()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                conn.request("GET", url, headers={"Host": "localhost"})
                response = conn.getresponse()
                response.read()
                if response.status == 200:
                    counts[k] += 1
                    latencies[k].append(time.monotonic() - started)
                else:
                    errors[k] += 1
            except OSError:
                errors[k] += 1
            finally:
                conn.close()

    pool = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    started = time.monotonic()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.monotonic() - started
    flat = sorted(x for part in latencies for x in part)
    p50 = flat[len(flat) // 2] * 1000 if flat else float("nan")
    p95 = flat[int(len(flat) * 0.95)] * 1000 if flat else float("nan")
    return sum(counts) / elapsed, sum(errors), p50, p95


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--use-db", action="store_true", help="use DATABASE_URL as it is (no generated data)")
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "govsite.settings.dev", "DEBUG": "false"}
    source = prepare_database(args, env)
    port = free_port()
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        if "ready" not in line:
            sys.exit("server did not start: " + server.stderr.read()[-3000:])
        library = "/zcwjk/"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", library, headers={"Host": "localhost"})
        listing_html = conn.getresponse().read().decode("utf-8")
        conn.close()
        match = re.search(r'<td><a href="(/zcwjk/[^"?]+/)"', listing_html)
        document = match.group(1) if match else library
        urls = [
            ("trivial Django view", "/bench/trivial/"),
            ("one policy document page (Wagtail floor)", document),
            ("policy list (20 items, facets)", library),
            ("policy list, 有效性=现行有效 & 年份 filter", library + "?validity=" + quote("现行有效") + "&year=2015"),
            ("policy list, keyword 公开", library + "?q=" + quote("公开")),
        ]
        for _, url in urls:  # warm up (caches, first queries)
            hit(port, url, 0.5, 1)
        print(f"data   : {source}")
        print(f"server : wsgiref threaded, DEBUG off, SQLite; client {args.threads} threads x {args.seconds:.0f} s per URL; {os.cpu_count()} CPUs")
        results = {}
        for label, url in urls:
            rate, errors, p50, p95 = hit(port, url, args.seconds, args.threads)
            results[label] = rate
            print(f"{label:50s} {rate:8.1f} req/s   p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   errors {errors}")
        trivial = results["trivial Django view"]
        for label in list(results)[1:]:
            print(f"ratio {label:44s} {results[label] / trivial:6.3f} of the trivial view")
        floor = results["one policy document page (Wagtail floor)"]
        for label in list(results)[2:]:
            print(f"ratio {label:44s} {results[label] / floor:6.3f} of one document page")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
