"""Fixtures of the policy library tests: documents with relations, published through Wagtail."""
import datetime as dt

import pytest


@pytest.fixture(autouse=True)
def fresh_facet_cache():
    """Facet counts are cached across requests; tests start without them (the database
    is rolled back between tests, the process-local cache is not)."""
    from policies.listing import bump_facet_cache

    bump_facet_cache()


@pytest.fixture
def library(site_tree):
    return site_tree["policies"]


@pytest.fixture
def doc(make_policy):
    """``doc(title, **fields)``: a live document published through a revision."""

    from cms_pages.models import OrganisationUnit

    def make(title="示范文件", **fields):
        fields.setdefault("formed_date", dt.date(2025, 1, 1))
        fields.setdefault("summary", f"{title}的内容概述")
        fields.setdefault("issuing_organisation", OrganisationUnit.objects.get(name="示范市人民政府"))
        return make_policy(title, **fields)

    return make


@pytest.fixture
def newer(library):
    """``newer(title, [(kind, target, effective_on)], publish=True, user=None, **fields)``:
    a document holding relations towards older ones, published (or left as draft)."""
    from policies.models import PolicyDocumentPage, PolicyRelation

    def make(title, relations, publish=True, user=None, **fields):
        fields.setdefault("formed_date", dt.date(2026, 1, 1))
        page = PolicyDocumentPage(title=title, live=False, **fields)
        library.add_child(instance=page)
        page = PolicyDocumentPage.objects.get(pk=page.pk)
        for item in relations:
            kind, target = item[0], item[1]
            on = item[2] if len(item) > 2 else None
            page.relations.add(PolicyRelation(kind=kind, target=target, effective_on=on))
        revision = page.save_revision(user=user)
        if publish:
            revision.publish(user=user)
        return PolicyDocumentPage.objects.get(pk=page.pk)

    return make


def reload(page):
    from policies.models import PolicyDocumentPage

    return PolicyDocumentPage.objects.get(pk=page.pk)
