"""Reading the library's GET parameters (policies/browse.py): no database."""
from urllib.parse import parse_qsl

from policies import browse

NORMALISERS = {
    "year": browse.year_normaliser(),
    "validity": browse.choice_normaliser(["in_force", "lapsed"], {"已失效": "lapsed", "现行有效": "in_force"}),
    "kind": browse.choice_normaliser(["通知", "意见"]),
}


def test_clean_parameters_combine():
    r = browse.parse({"year": ["2023", "2024年"], "validity": ["已失效"], "kind": "通知"}, NORMALISERS)
    assert r.filters == {"year": ("2023", "2024"), "validity": ("lapsed",), "kind": ("通知",)}
    assert r.notices == [] and r.sort == "date"


def test_unknown_values_are_dropped_with_a_notice_never_an_error():
    r = browse.parse({"year": ["abc", "1800"], "validity": ["已作废"], "kind": ["<script>"], "sort": ["random"]}, NORMALISERS)
    assert r.filters == {}
    assert "筛选条件“年份：abc”不存在，已忽略" in r.notices
    assert "筛选条件“有效性：已作废”不存在，已忽略" in r.notices
    assert any("排序方式“random”不存在" in n for n in r.notices)
    assert r.sort == "date"


def test_normaliser_errors_are_treated_as_unknown_values():
    def broken(raw):
        raise ValueError("boom")

    r = browse.parse({"org": ["x"]}, {"org": broken})
    assert r.filters == {} and r.notices == ["筛选条件“发文机关：x”不存在，已忽略"]


def test_keyword_defaults_to_relevance_and_is_trimmed():
    r = browse.parse({"q": ["  政务   公开 "]}, NORMALISERS)
    assert r.q == "政务 公开" and r.sort == "relevance"
    r = browse.parse({"q": ["长" * 300]}, NORMALISERS)
    assert len(r.q) == browse.MAX_QUERY_CHARS and r.notices
    assert browse.parse({"sort": ["relevance"]}, NORMALISERS).sort == "date"


def test_too_many_values_are_capped():
    r = browse.parse({"year": [str(y) for y in range(2000, 2020)]}, NORMALISERS)
    assert len(r.filters["year"]) == browse.MAX_VALUES_PER_FACET and r.notices


def test_shareable_query_strings_toggle_and_drop():
    r = browse.parse({"year": ["2023"], "validity": ["lapsed"], "q": ["公开"]}, NORMALISERS)
    pairs = parse_qsl(r.query_string(toggle=("year", "2024")))
    assert ("year", "2023") in pairs and ("year", "2024") in pairs and ("q", "公开") in pairs
    assert ("year", "2023") not in parse_qsl(r.query_string(toggle=("year", "2023")))
    assert all(k != "validity" for k, _ in parse_qsl(r.query_string(drop="validity")))
    assert ("format", "xlsx") in parse_qsl(r.query_string(extra={"format": "xlsx"}))
    # a parsed shared URL gives back the same request
    again = browse.parse(_multi(parse_qsl(r.query_string())), NORMALISERS)
    assert again.filters == r.filters and again.q == r.q and again.sort == r.sort


def _multi(pairs):
    out = {}
    for k, val in pairs:
        out.setdefault(k, []).append(val)
    return out
