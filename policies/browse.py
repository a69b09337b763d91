"""Reading the policy library's GET parameters into a clean browse request.

The library page is browsed like gov.cn's policy library (policy_library.md §1,
"Design: what our library offers the public"): facets that combine (AND across
facets, OR inside one facet), a keyword, a 文号 lookup and a sort order, all in
the query string so any result list can be shared as a URL.

Values that do not exist (a typo, an outdated link, a hand-edited URL) are
dropped with a Chinese notice; they never cause an error page.

Plain Python: the caller passes one normaliser per facet (value → canonical
value or None), so vocabulary and database look-ups stay outside this module.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping
from urllib.parse import urlencode

MAX_VALUES_PER_FACET = 10
MAX_QUERY_CHARS = 100


@dataclass(frozen=True)
class Facet:
    param: str
    label: str


#: The facets in display order. ``param`` is the GET parameter name.
FACETS = (
    Facet("org", "发文机关"),
    Facet("year", "年份"),
    Facet("kind", "公文种类"),
    Facet("topic", "主题分类"),
    Facet("validity", "有效性"),
    Facet("level", "效力级别"),
    Facet("genre", "文件体裁"),
    Facet("region", "发布政府"),
)
FACET_PARAMS = tuple(f.param for f in FACETS)
FACET_LABELS = {f.param: f.label for f in FACETS}

SORTS = {
    "date": "发布日期（新→旧）",
    "date_asc": "发布日期（旧→新）",
    "formed": "成文日期（新→旧）",
    "relevance": "相关度",
}
DEFAULT_SORT = "date"
#: Parameters that are part of a shareable result URL besides the facets.
OTHER_PARAMS = ("q", "sort")


@dataclass
class BrowseRequest:
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    q: str = ""
    sort: str = DEFAULT_SORT
    notices: list[str] = field(default_factory=list)

    def params(self) -> list[tuple[str, str]]:
        """The clean request as (name, value) pairs, in a stable order (for links)."""
        pairs: list[tuple[str, str]] = []
        if self.q:
            pairs.append(("q", self.q))
        for param in FACET_PARAMS:
            for value in self.filters.get(param, ()):
                pairs.append((param, value))
        if self.sort != DEFAULT_SORT:
            pairs.append(("sort", self.sort))
        return pairs

    def query_string(self, **changes) -> str:
        """This request's query string with changes applied.

        ``toggle=(param, value)`` adds or removes one facet value; ``drop=param``
        removes a facet; ``sort=…`` and ``q=…`` replace those; ``extra={…}`` appends
        parameters (``format=xlsx``).
        """
        filters = {k: list(v) for k, v in self.filters.items()}
        if "toggle" in changes:
            param, value = changes["toggle"]
            values = filters.setdefault(param, [])
            if value in values:
                values.remove(value)
            else:
                values.append(value)
        if "drop" in changes:
            filters.pop(changes["drop"], None)
        clone = BrowseRequest(
            {k: tuple(v) for k, v in filters.items() if v},
            changes.get("q", self.q),
            changes.get("sort", self.sort),
        )
        pairs = clone.params() + list((changes.get("extra") or {}).items())
        return urlencode(pairs)

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or any(self.filters.values()))

    def selected(self, param: str, value: str) -> bool:
        return value in self.filters.get(param, ())


def _getlist(params, name) -> list[str]:
    if hasattr(params, "getlist"):
        return list(params.getlist(name))
    value = params.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def parse(params: Mapping, normalisers: Mapping[str, Callable[[str], str | None]]) -> BrowseRequest:
    """Clean GET parameters. Unknown values are dropped with a notice, never an error.

    ``normalisers[param](raw)`` returns the canonical value or None when the value
    does not exist. Facets without a normaliser are ignored.
    """
    request = BrowseRequest()
    q = " ".join(" ".join(_getlist(params, "q")).split())
    if len(q) > MAX_QUERY_CHARS:
        request.notices.append(f"检索词过长，只使用前 {MAX_QUERY_CHARS} 个字")
        q = q[:MAX_QUERY_CHARS]
    request.q = q
    for facet in FACETS:
        normalise = normalisers.get(facet.param)
        if normalise is None:
            continue
        values: list[str] = []
        for raw in _getlist(params, facet.param):
            raw = (raw or "").strip()
            if not raw:
                continue
            try:
                value = normalise(raw)
            except (ValueError, TypeError):
                value = None
            if value is None:
                request.notices.append(f"筛选条件“{facet.label}：{raw[:40]}”不存在，已忽略")
                continue
            if value not in values:
                values.append(value)
        if len(values) > MAX_VALUES_PER_FACET:
            request.notices.append(f"“{facet.label}”最多同时选择 {MAX_VALUES_PER_FACET} 项，其余已忽略")
            values = values[:MAX_VALUES_PER_FACET]
        if values:
            request.filters[facet.param] = tuple(values)
    sort = (_getlist(params, "sort") or [""])[-1].strip()
    if sort and sort not in SORTS:
        request.notices.append(f"排序方式“{sort[:20]}”不存在，已按{SORTS[DEFAULT_SORT]}排序")
        sort = ""
    if sort == "relevance" and not q:
        sort = ""
    request.sort = sort or ("relevance" if q else DEFAULT_SORT)
    return request


def year_normaliser(first: int = 1949, last: int = 2100) -> Callable[[str], str | None]:
    def normalise(raw: str) -> str | None:
        raw = raw.strip().rstrip("年")
        if raw.isdigit() and first <= int(raw) <= last:
            return str(int(raw))
        return None
    return normalise


def choice_normaliser(values: Iterable[str], aliases: Mapping[str, str] | None = None) -> Callable[[str], str | None]:
    allowed = set(values)
    aliases = dict(aliases or {})

    def normalise(raw: str) -> str | None:
        if raw in allowed:
            return raw
        return aliases.get(raw)
    return normalise


def query_terms(q: str) -> list[str]:
    """Whitespace-separated terms of a keyword query, duplicates removed, at most 5."""
    return list(dict.fromkeys(t for t in q.split() if t))[:5]
