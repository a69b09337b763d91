"""Fixtures for the bulletin board: the board page, kinds, notices published through Wagtail,
and documents (attachments) stored in the test media directory."""
import datetime as dt
import io

import pytest


@pytest.fixture
def board(site_tree):
    return site_tree["notices"]


@pytest.fixture
def kinds(db):
    from cms_pages.notices.models import NoticeKind

    return {k.name: k for k in NoticeKind.objects.all()}


@pytest.fixture
def make_notice(board, kinds):
    """``make_notice(title, kind="通知", publish=True, groups=(), **fields)`` → a NoticePage
    created and (by default) published through Wagtail's revision machinery."""
    from django.contrib.auth.models import Group

    from cms_pages.notices.models import NoticePage

    from cms_pages.models import OrganisationUnit

    def make(title="示范通知", kind="通知", publish=True, groups=(), parent=None, **fields):
        # The statutory metadata the review's automated check requires (site_rules.md).
        fields.setdefault("issuing_organisation", OrganisationUnit.objects.get(name="示范市人民政府办公室"))
        fields.setdefault("summary", f"{title}的内容概述")
        fields.setdefault("formed_date", dt.date(2026, 3, 1))
        page = NoticePage(title=title, kind=kinds[kind], live=publish, **fields)
        (parent or board).add_child(instance=page)
        if groups:
            page.audience_groups.set([Group.objects.get(name=g) for g in groups])
            page.save()
        if publish:
            page.save_revision().publish()
            page.refresh_from_db()
        return page

    return make


@pytest.fixture
def make_document(db):
    """``make_document(filename, content=bytes)`` → a Wagtail document."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    Document = get_document_model()

    def make(filename, content, title=None):
        doc = Document(title=title or filename)
        doc.file.save(filename, ContentFile(content), save=False)
        doc.save()
        return doc

    return make


def pdf_bytes(*pages):
    """A real PDF whose pages contain the given text (ASCII digits and Latin text)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    for text in pages:
        page = writer.add_blank_page(width=595, height=842)
        font = DictionaryObject({
            NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        })
        page[NameObject("/Resources")] = DictionaryObject({
            NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
        stream = DecodedStreamObject()
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream.set_data(f"BT /F1 12 Tf 72 720 Td ({escaped}) Tj ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def xlsx_bytes(rows, title="名单"):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx_bytes(*paragraphs):
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def files():
    class Files:
        pdf = staticmethod(pdf_bytes)
        xlsx = staticmethod(xlsx_bytes)
        docx = staticmethod(docx_bytes)

    return Files


def aware(*args):
    from django.utils import timezone

    return timezone.make_aware(dt.datetime(*args))


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The subscription rate limit counts in the cache, which outlives a test: start each at zero."""
    from django.core.cache import cache

    cache.clear()
    yield
