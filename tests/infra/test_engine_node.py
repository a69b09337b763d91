"""Checks that the search engine node CI and developers start with `scripts/search-engine start`
is reachable and analyses Chinese text the way the search code relies on.

Talks plain HTTP with the standard library so it needs no client package. The node's address comes
from SEARCH_ENGINE_URL (default http://127.0.0.1:9200). Without a node the tests are skipped, except
under CI=true, where a missing node is a failure: CI must start it.
"""

import json
import os
import urllib.error
import urllib.request
import uuid

import pytest

pytestmark = pytest.mark.engine

ENGINE_URL = os.environ.get("SEARCH_ENGINE_URL", "http://127.0.0.1:9200").rstrip("/")


def _request(method, path, body=None, timeout=10):
    data = json.dumps(body).encode("utf-8") if body is not None else None
    req = urllib.request.Request(
        ENGINE_URL + path,
        data=data,
        method=method,
        headers={"Content-Type": "application/json"} if data is not None else {},
    )
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read().decode("utf-8"))


@pytest.fixture(scope="module")
def engine():
    try:
        info = _request("GET", "/", timeout=5)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = (
            f"search engine not reachable at {ENGINE_URL} ({exc}); "
            "start one with `scripts/search-engine start` or set SEARCH_ENGINE_URL"
        )
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but " + reason)
        pytest.skip(reason)
    return info


def _tokens(body):
    return [t["token"] for t in _request("POST", "/_analyze", body)["tokens"]]


def test_root_answers_with_a_version(engine):
    assert engine["version"]["number"], engine


def test_cjk_analyzer_emits_bigrams(engine):
    # The cjk analyzer comes from the analysis-common module; without it the request fails with 400.
    assert _tokens({"analyzer": "cjk", "text": "政府信息公开"}) == ["政府", "府信", "信息", "息公", "公开"]


def test_cjk_width_and_bigram_filters_exist(engine):
    tokens = _tokens(
        {
            "tokenizer": "standard",
            "filter": ["cjk_width", "lowercase", "cjk_bigram"],
            "text": "ＧＯＶ２０２６政府信息",
        }
    )
    assert tokens == ["gov2026", "政府", "府信", "信息"]


def test_standard_analyzer_emits_one_token_per_han_character(engine):
    text = "国务院办公厅关于印发"
    tokens = _tokens({"analyzer": "standard", "text": text})
    assert tokens == list(text)


def test_match_phrase_finds_chinese_text(engine):
    index = f"gongkai_infra_probe_{uuid.uuid4().hex[:8]}"
    _request(
        "PUT",
        f"/{index}",
        {
            "settings": {"number_of_shards": 1, "number_of_replicas": 0},
            "mappings": {"properties": {"title": {"type": "text", "analyzer": "cjk"}}},
        },
    )
    try:
        _request(
            "PUT",
            f"/{index}/_doc/1?refresh=true",
            {"title": "关于做好2026年政府信息公开工作的通知"},
        )

        def hits(phrase):
            body = {"query": {"match_phrase": {"title": phrase}}}
            return _request("POST", f"/{index}/_search", body)["hits"]["total"]["value"]

        assert hits("政府信息公开") == 1
        assert hits("公开信息政府") == 0
    finally:
        _request("DELETE", f"/{index}")
