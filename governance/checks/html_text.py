"""Plain text and link positions from rich-text HTML (plain Python, no Django).

Checks report offsets into the *plain text* an editor reads, not into the stored
HTML, so ``html_to_text`` returns the text together with every link it found and
the span of the link's anchor text in that text. Wagtail stores internal links
as ``<a linktype="page" id="12">`` and document links as
``<a linktype="document" id="3">``; ordinary links keep their ``href``.

Block elements (paragraphs, headings, list items, table rows) end a line, so
``Finding.line`` counts paragraphs the way the editor sees them.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["LinkRef", "html_to_text"]

_BLOCK_TAGS = {
    "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "table", "ul", "ol", "blockquote", "pre",
}
_CELL_TAGS = {"td", "th"}


@dataclass(frozen=True)
class LinkRef:
    """A link found in rich text.

    ``kind`` is ``page`` (Wagtail internal link, ``target`` = page id),
    ``document`` (``target`` = document id) or ``url`` (``target`` = href).
    ``start``/``end`` delimit the anchor text in the plain text.
    """

    kind: str
    target: str
    start: int
    end: int
    text: str


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0
        self.links: list[LinkRef] = []
        self._open_link = None  # (kind, target, start)
        self._skip = 0

    def _emit(self, s: str):
        if s:
            self.parts.append(s)
            self.length += len(s)

    def _newline(self):
        if self.parts and not self.parts[-1].endswith("\n"):
            self._emit("\n")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self._newline()
        elif tag == "br":
            self._emit("\n")
        elif tag in _CELL_TAGS and self.parts and not self.parts[-1].endswith(("\n", "\t")):
            self._emit("\t")
        elif tag == "a":
            linktype = attrs.get("linktype")
            if linktype in ("page", "document") and attrs.get("id"):
                self._open_link = (linktype, str(attrs["id"]), self.length)
            elif attrs.get("href"):
                self._open_link = ("url", attrs["href"].strip(), self.length)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in ("br",):
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag in _BLOCK_TAGS:
            self._newline()
        elif tag == "a" and self._open_link:
            kind, target, start = self._open_link
            self._open_link = None
            text = "".join(self.parts)[start:]
            self.links.append(LinkRef(kind, target, start, self.length, text))

    def handle_data(self, data):
        if not self._skip:
            self._emit(data.replace("\r\n", "\n").replace("\r", "\n"))


def html_to_text(html: str) -> tuple[str, list[LinkRef]]:
    """``(plain text, links)`` for rich-text HTML; offsets of links refer to the text."""
    if not html:
        return "", []
    parser = _Parser()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    # trailing newline from the last block is noise
    while text.endswith("\n"):
        text = text[:-1]
    links = [lk if lk.end <= len(text) else LinkRef(lk.kind, lk.target, lk.start, len(text), lk.text)
             for lk in parser.links]
    return text, links
