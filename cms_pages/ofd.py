"""Text of OFD documents (GB/T 33190-2016), standard library only.

An OFD file is a zip package: ``OFD.xml`` names each document's root (``DocBody/DocRoot``,
usually ``Doc_0/Document.xml``); the document lists its pages (``Pages/Page@BaseLoc``, usually
``Pages/Page_0/Content.xml``), and each page's ``Content.xml`` holds ``TextObject`` elements whose
``TextCode`` children carry the text.  PyPI lists a few OFD packages (easyofd, ofdkit, ofdreader,
…), young or with heavy rendering dependencies; none was evaluated or added, because text is all
search and the checks need and the standard library reads it.

:func:`extract_pages` / :func:`extract_text` return the text (pages in document order, one line per text line) or
raises :class:`OFDEncrypted` / :class:`OFDBroken` (``ValueError`` subclasses, Chinese messages).
Zip and XML are read with limits: a member larger than ``MAX_MEMBER_BYTES`` uncompressed, more
than ``MAX_PAGES`` pages or ``MAX_CHARS`` characters stop the read (text so far is kept).
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
import xml.etree.ElementTree as ET

MAX_MEMBER_BYTES = 20 * 2**20
MAX_PAGES = 2000
MAX_CHARS = 2_000_000


class OFDError(ValueError):
    """The OFD file cannot be read."""


class OFDBroken(OFDError):
    def __init__(self, detail: str = ""):
        super().__init__("OFD 文件已损坏或不是有效的 OFD 格式，无法提取文字" + (f"（{detail}）" if detail else ""))


class OFDEncrypted(OFDError):
    def __init__(self):
        super().__init__("OFD 文件已加密，无法提取文字，请上传未加密的版本")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(elem, name):
    return [c for c in elem.iter() if _local(c.tag) == name]


class _Package:
    def __init__(self, data: bytes):
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise OFDBroken("不是 zip 包") from exc
        # OFD paths are case-sensitive in the standard but producers vary; look up loosely.
        self.names = {}
        for info in self.zip.infolist():
            self.names.setdefault(info.filename.lstrip("/").lower(), info)

    def info(self, path: str):
        return self.names.get(posixpath.normpath(path.replace("\\", "/")).lstrip("/").lower())

    def read(self, path: str) -> bytes | None:
        info = self.info(path)
        if info is None:
            return None
        if info.flag_bits & 0x1:
            raise OFDEncrypted()
        if info.file_size > MAX_MEMBER_BYTES:
            raise OFDBroken(f"{info.filename} 过大")
        try:
            with self.zip.open(info) as fh:
                return fh.read(MAX_MEMBER_BYTES + 1)[:MAX_MEMBER_BYTES]
        except RuntimeError as exc:  # zip-level password
            raise OFDEncrypted() from exc
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise OFDBroken(f"{info.filename} 无法解压") from exc

    def xml(self, path: str):
        data = self.read(path)
        if data is None:
            return None
        try:
            return ET.fromstring(data)
        except ET.ParseError as exc:
            raise OFDBroken(f"{path} 不是有效的 XML") from exc


def _resolve(base_dir: str, loc: str) -> str:
    loc = (loc or "").strip().replace("\\", "/")
    if loc.startswith("/"):
        return loc.lstrip("/")
    return posixpath.normpath(posixpath.join(base_dir, loc))


def _page_number(path: str) -> tuple:
    numbers = re.findall(r"\d+", path)
    return tuple(int(n) for n in numbers) or (0,)


def _page_paths(pkg: _Package) -> list[str]:
    """Content.xml paths of every page, documents and pages in order."""
    root = pkg.xml("OFD.xml")
    paths = []
    if root is not None:
        if _children(root, "Encryptions") or pkg.info("Encryptions.xml") is not None:
            raise OFDEncrypted()
        doc_roots = [(e.text or "").strip() for e in _children(root, "DocRoot") if (e.text or "").strip()]
        for doc_root in doc_roots:
            doc_path = _resolve("", doc_root)
            document = pkg.xml(doc_path)
            if document is None:
                continue
            doc_dir = posixpath.dirname(doc_path)
            for page in _children(document, "Page"):
                loc = page.get("BaseLoc")
                if loc:
                    paths.append(_resolve(doc_dir, loc))
    elif any(name.endswith("content.xml") for name in pkg.names):
        pass  # no OFD.xml: fall back to the conventional layout below
    else:
        raise OFDBroken("缺少 OFD.xml")
    if not paths:
        found = [info.filename for name, info in pkg.names.items()
                 if re.search(r"(^|/)pages/page_?\d+/content\.xml$", name)]
        paths = sorted(found, key=_page_number)
    return paths


def _page_lines(content) -> list[str]:
    """Text lines of one page: TextCodes of a TextObject joined; a new line when the y changes."""
    lines: list[str] = []
    last_y = None
    for obj in content.iter():
        if _local(obj.tag) != "TextObject":
            continue
        boundary = (obj.get("Boundary") or "").split()
        y = boundary[1] if len(boundary) >= 2 else None
        text = "".join(code.text or "" for code in obj if _local(code.tag) == "TextCode")
        if not text:
            continue
        if lines and y is not None and y == last_y:
            lines[-1] += text
        else:
            lines.append(text)
        last_y = y
    return lines


def extract_pages(data: bytes) -> list[list[str]]:
    """Text lines of each page, in document order; raises :class:`OFDError` subclasses for
    unreadable files."""
    if not data or data[:2] != b"PK":
        raise OFDBroken("不是 zip 包")
    pkg = _Package(data)
    pages: list[list[str]] = []
    size = 0
    for i, path in enumerate(_page_paths(pkg)):
        if i >= MAX_PAGES or size >= MAX_CHARS:
            break
        content = pkg.xml(path)
        lines = _page_lines(content) if content is not None else []
        size += sum(len(line) + 1 for line in lines)
        pages.append(lines)
    return pages


def extract_text(data: bytes) -> str:
    """Plain text of an OFD file; raises :class:`OFDError` subclasses for unreadable files."""
    return "\n".join(line for lines in extract_pages(data) for line in lines)[:MAX_CHARS]
