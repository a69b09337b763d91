"""Turn imported bodies (markdown / html / text) into safe rich-text HTML.

Everything is escaped; only paragraphs and headings are produced, so imported HTML can never
inject markup into public pages.
"""
import html
import re
from html.parser import HTMLParser

_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table"}


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_to_text(value):
    parser = _TextExtractor()
    parser.feed(value)
    parser.close()
    return "".join(parser.parts)


def to_richtext(body, body_format="text"):
    """Return rich-text HTML for a body in ``markdown``, ``html`` or ``text``."""
    if not body:
        return ""
    if body_format == "html":
        body = html_to_text(body)
    out = []
    for block in re.split(r"\n\s*\n", body.replace("\r\n", "\n")):
        block = block.strip()
        if not block:
            continue
        if body_format == "markdown":
            heading = re.match(r"^(#{1,6})\s+(.*)$", block)
            if heading and "\n" not in block:
                level = min(max(len(heading.group(1)), 2), 4)  # h1 belongs to the page title
                out.append(f"<h{level}>{html.escape(heading.group(2).strip())}</h{level}>")
                continue
            block = re.sub(r"[*_`]{1,3}", "", block)
        lines = [html.escape(line.strip()) for line in block.split("\n") if line.strip()]
        out.append("<p>" + "<br/>".join(lines) + "</p>")
    return "".join(out)


def to_plain_text(value):
    """Plain text of stored rich text, for snippets and checks."""
    return re.sub(r"\s+\n", "\n", html.unescape(html_to_text(value or ""))).strip()
