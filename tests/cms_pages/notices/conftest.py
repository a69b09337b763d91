"""Fixtures for the bulletin board: the board page, kinds, notices published through Wagtail,
and documents (attachments) stored in the test media directory."""
import datetime as dt

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


def aware(*args):
    from django.utils import timezone

    return timezone.make_aware(dt.datetime(*args))


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The subscription rate limit counts in the cache, which outlives a test: start each at zero."""
    from django.core.cache import cache

    cache.clear()
    yield
