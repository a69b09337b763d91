"""Dead internal links and links to unpublished content (plain Python, no Django).

The caller extracts links (``html_text.html_to_text``) and resolves each internal
target to a ``LinkStatus`` (it knows the database; this module does not). The
check turns statuses into findings with positions:

=============  ========  ==================================================
status         severity  meaning
=============  ========  ==================================================
``ok``         —         live, public target
``missing``    error     the page / document no longer exists (死链)
``unpublished`` error    the page exists but is not published: the public
                         would get a 404
``withdrawn``  error     the page was withdrawn (撤回) or deleted by request
``expired``    warning   the page expired; its URL shows an expiry notice
``in_review``  warning   the page is not published yet but is in review; the
                         link works only if it is published first
``restricted`` warning   the target needs a login (internal content) while
                         this page is public
=============  ========  ==================================================

External links are not fetched here (no network access during a submission);
a separate link monitor may check them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .findings import Finding, line_number, make_excerpt, sort_findings
from .html_text import LinkRef

__all__ = ["LinkStatus", "STATUSES", "check", "internal_path"]

STATUSES = ("ok", "missing", "unpublished", "withdrawn", "expired", "in_review", "restricted")

_SEVERITY = {
    "missing": "error",
    "unpublished": "error",
    "withdrawn": "error",
    "expired": "warning",
    "in_review": "warning",
    "restricted": "warning",
}

_KIND_LABEL = {"page": "页面", "document": "附件文档", "url": "页面"}


@dataclass(frozen=True)
class LinkStatus:
    status: str
    title: str = ""  # title of the target, when known

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"链接状态“{self.status}”无效，应为 {'、'.join(STATUSES)} 之一")


def internal_path(href: str, site_hosts=()) -> str | None:
    """The site-relative path of an internal URL, or ``None`` for an external one.

    ``/zcwjk/abc/`` and ``https://www.example.gov.cn/zcwjk/abc/`` (when the host is
    one of ``site_hosts``) are internal; ``mailto:``, ``#anchor`` and other hosts are not.
    """
    href = (href or "").strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
        return None
    if href.startswith("//"):
        href = "http:" + href
    if href.startswith("/"):
        path = href
    elif "://" in href:
        scheme, rest = href.split("://", 1)
        host, _, path = rest.partition("/")
        host = host.split(":")[0].lower()
        if host not in {h.lower() for h in site_hosts}:
            return None
        path = "/" + path
    else:
        return None
    from urllib.parse import unquote

    path = unquote(path.split("#", 1)[0].split("?", 1)[0])
    return path or "/"


def _message(link: LinkRef, status: LinkStatus) -> str:
    target = f"“{status.title}”" if status.title else ""
    kind = _KIND_LABEL.get(link.kind, "页面")
    anchor = f"链接“{link.text.strip()}”" if link.text.strip() else "链接"
    if status.status == "missing":
        return f"{anchor}指向的{kind}不存在（死链），请删除或改为正确的链接"
    if status.status == "unpublished":
        return f"{anchor}指向的{kind}{target}尚未发布，公众访问会出现错误页；请先发布目标或删除链接"
    if status.status == "withdrawn":
        return f"{anchor}指向的{kind}{target}已撤回或删除，请删除或改为有效链接"
    if status.status == "expired":
        return f"{anchor}指向的{kind}{target}已到期下线，请确认是否仍需链接"
    if status.status == "in_review":
        return f"{anchor}指向的{kind}{target}尚在审核中，须先于本信息发布，否则将成为死链"
    return f"{anchor}指向的{kind}{target}需要登录才能查看，公众无法访问"


def check(
    text: str,
    links: list[LinkRef],
    statuses: Mapping[tuple[str, str], LinkStatus],
    field: str = "body",
    site_hosts=(),
) -> list[Finding]:
    """Findings for links whose target status is not ``ok``.

    ``statuses`` maps ``(kind, target)`` — for ``url`` links the target is the
    site-relative path (see ``internal_path``; absolute URLs count as internal when
    their host is in ``site_hosts``) — to a ``LinkStatus``; links without an entry
    are external or unknown and are not reported.
    """
    findings = []
    for link in links:
        key = (link.kind, link.target)
        if link.kind == "url":
            path = internal_path(link.target, site_hosts)
            if path is None:
                continue
            key = ("url", path)
        status = statuses.get(key)
        if status is None or status.status == "ok":
            continue
        findings.append(
            Finding(
                check=f"links.{status.status}",
                severity=_SEVERITY[status.status],
                message=_message(link, status),
                field=field,
                start=link.start,
                end=link.end,
                line=line_number(text, link.start),
                excerpt=make_excerpt(text, link.start, link.end, f"【{text[link.start:link.end]}】"),
                suggestion="",
            )
        )
    return sort_findings(findings)
