"""When the engine is down editors are never blocked and no index update is lost.

``test_real_node_stopped_midway`` stops a real node with ``scripts/search-engine stop`` in the
middle of a run, publishes/unpublishes/deletes pages, starts it again, replays, and checks every
update arrived. It uses its own node (port SEARCH_ENGINE_OUTAGE_PORT, default 9251) so a node
other processes share is never stopped.
"""
import os
import subprocess
import uuid
from pathlib import Path

import pytest

from search.contract import ArchiveQuery

pytestmark = [pytest.mark.engine, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "search-engine"
OUTAGE_PORT = os.environ.get("SEARCH_ENGINE_OUTAGE_PORT", "9251")


def _pending():
    from search.engine.models import PendingIndexUpdate

    return PendingIndexUpdate.objects


def _doc_ids(backend):
    from wagtail.models import Page

    index = backend.get_index_for_model(Page).name
    backend.es.indices.refresh(index=index)
    res = backend.es.search(index=index, body={"query": {"exists": {"field": "gk_type"}}, "size": 1000,
                                               "_source": ["gk_page_id"]})
    return {int(h["_id"]) for h in res["hits"]["hits"]}


def test_failed_updates_are_queued_and_replayed_on_next_success(settings, engine, make_policy):
    from modelsearch.backends import get_search_backend

    from search.engine.backend import ChineseEngineMixin

    live_config = settings.WAGTAILSEARCH_BACKENDS
    first = make_policy(title="引擎正常时发布的文件")
    # The engine goes away (nothing listens on port 9).
    settings.WAGTAILSEARCH_BACKENDS = {**live_config, "default": {**live_config["default"], "URLS": ["http://127.0.0.1:9"]}}
    ChineseEngineMixin.forget_ensured()
    during = [make_policy(title=f"引擎停机期间发布的文件{i}") for i in range(3)]  # publishing still works
    first.unpublish()
    assert _pending().filter(reason="failed").count() == 4
    assert _pending().filter(object_pk=str(first.pk), action="delete").exists()
    # The engine is back: the next successful update replays the queue automatically.
    settings.WAGTAILSEARCH_BACKENDS = live_config
    after = make_policy(title="引擎恢复后发布的文件")
    assert not _pending().exists()
    backend = get_search_backend("default")
    assert _doc_ids(backend) == {p.pk for p in during} | {after.pk}


def test_search_replay_command_and_draft_safety(settings, engine, make_policy):
    from django.core.management import call_command

    from search.engine.backend import ChineseEngineMixin

    live_config = settings.WAGTAILSEARCH_BACKENDS
    make_policy(title="先建好索引")
    settings.WAGTAILSEARCH_BACKENDS = {**live_config, "default": {**live_config["default"], "URLS": ["http://127.0.0.1:9"]}}
    ChineseEngineMixin.forget_ensured()
    page = make_policy(title="停机时发布后又改成草稿的文件")
    page.title = "只在草稿里的标题"
    page.save_revision()  # a draft: never indexed, even on replay
    settings.WAGTAILSEARCH_BACKENDS = live_config
    call_command("search_replay")
    assert not _pending().exists()
    from modelsearch.backends import get_search_backend
    from wagtail.models import Page

    backend = get_search_backend("default")
    doc = backend.es.get(index=backend.get_index_for_model(Page).name, id=str(page.pk))["_source"]
    assert doc["title"] == "停 机 时 发 布 后 又 改 成 草 稿 的 文 件"  # the published title, not the draft


def _script(cmd, port):
    env = {**os.environ, "SEARCH_ENGINE_PORT": str(port), "SEARCH_ENGINE_HEAP": os.environ.get("SEARCH_ENGINE_OUTAGE_HEAP", "384m")}
    return subprocess.run([str(SCRIPT), cmd], env=env, capture_output=True, text=True, timeout=300)


def test_real_node_stopped_midway(settings, db, site_tree, make_policy):
    from django.core.management import call_command
    from modelsearch.backends import get_search_backend

    from django.apps import apps

    from search.backend_settings import search_backends_from_env
    from search.engine.backend import ChineseEngineMixin

    if not apps.is_installed("search.engine"):
        pytest.skip("search.engine not installed (DJANGO_SETTINGS_MODULE=search.engine.test_settings)")
    started = _script("start", OUTAGE_PORT)
    if started.returncode != 0:
        reason = f"could not start a node on port {OUTAGE_PORT}: {started.stdout[-500:]} {started.stderr[-500:]}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    prefix = f"gkoutage_{uuid.uuid4().hex[:8]}_"
    settings.WAGTAILSEARCH_BACKENDS = search_backends_from_env({
        "SEARCH_BACKEND": "opensearch", "SEARCH_ENGINE_URL": f"http://127.0.0.1:{OUTAGE_PORT}",
        "SEARCH_INDEX_PREFIX": prefix,
    })
    # shorter client timeout so the stopped node fails fast
    settings.WAGTAILSEARCH_BACKENDS["default"]["TIMEOUT"] = 3
    ChineseEngineMixin.forget_ensured()
    try:
        before = [make_policy(title=f"停机前发布{i}") for i in range(3)]
        backend = get_search_backend("default")
        assert _doc_ids(backend) == {p.pk for p in before}

        stopped = _script("stop", OUTAGE_PORT)
        assert stopped.returncode == 0, stopped.stderr
        assert not get_search_backend("default").ping()

        during = [make_policy(title=f"停机期间发布{i}") for i in range(5)]
        before[0].unpublish()
        before[1].delete()
        during[0].title = "停机期间发布0（再次发布）"
        during[0].save_revision().publish()
        during[4].unpublish()
        # the public search did not break either
        degraded = get_search_backend("default").archive_search(ArchiveQuery(text="停机"))
        assert "不可用" in degraded.notice
        assert _pending().count() == 7

        restarted = _script("start", OUTAGE_PORT)
        assert restarted.returncode == 0, restarted.stdout + restarted.stderr
        call_command("search_replay")
        assert not _pending().exists()

        backend = get_search_backend("default")
        expected = {before[2].pk} | {p.pk for p in during[:4]}
        assert _doc_ids(backend) == expected
        result = backend.archive_search(ArchiveQuery(text="再次发布"))
        assert [h.page_id for h in result.hits] == [during[0].pk]
    finally:
        _script("clean", OUTAGE_PORT)  # stop it and drop its data


def test_search_page_and_api_degrade_with_a_notice_when_the_engine_is_down(settings, engine, make_policy, client):
    make_policy(title="关于政务公开的通知", body="<p>政务公开</p>")
    live_config = settings.WAGTAILSEARCH_BACKENDS
    settings.WAGTAILSEARCH_BACKENDS = {**live_config, "default": {**live_config["default"], "URLS": ["http://127.0.0.1:9"]}}
    page = client.get("/search/", {"q": "政务公开"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "不可用" in html and "关于政务公开的通知" in html
    api = client.get("/api/search/", {"q": "政务公开"})
    assert api.status_code == 200
    body = api.json()
    assert "不可用" in body["notice"] and body["count"] == 1


def test_circuit_breaker_skips_the_engine_after_a_failure(settings, engine, make_policy):
    import time

    from modelsearch.backends import get_search_backend

    live_config = settings.WAGTAILSEARCH_BACKENDS
    make_policy(title="先建好索引")
    settings.WAGTAILSEARCH_BACKENDS = {**live_config, "default": {**live_config["default"], "URLS": ["http://10.255.255.1:9200"], "TIMEOUT": 1}}
    down = get_search_backend("default")
    t0 = time.monotonic()
    make_policy(title="第一次：等待超时后排队")
    make_policy(title="第二次：熔断中直接排队")
    make_policy(title="第三次：熔断中直接排队")
    assert time.monotonic() - t0 < 20
    assert down.engine_marked_down()
    assert _pending().count() == 3
