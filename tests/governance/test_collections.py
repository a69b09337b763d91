"""CollectionPage: a saved query rendered as a listing and an RSS feed."""
import datetime

import feedparser
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(make_policy, site_tree):
    from cms_pages.models import OrganisationUnit, TopicCategory

    parent, _ = TopicCategory.objects.get_or_create(name="财政、金融、审计", parent=None)
    finance, _ = TopicCategory.objects.get_or_create(name="财政", parent=parent)
    other, _ = TopicCategory.objects.get_or_create(name="综合政务", parent=None)
    bureau = OrganisationUnit.objects.get(name="示范市财政局")
    office = OrganisationUnit.objects.get(name="示范市人民政府办公室")
    pages = {
        "a": make_policy("财政资金管理办法", slug="a", topic=finance, issuing_organisation=bureau,
                         published_date=datetime.date(2026, 1, 10), validity="in_force", summary="资金管理"),
        "b": make_policy("财政预算公开规定（已废止）", slug="b", topic=finance, issuing_organisation=bureau,
                         published_date=datetime.date(2025, 6, 1), validity="repealed"),
        "c": make_policy("政务公开工作要点", slug="c", topic=other, issuing_organisation=office,
                         published_date=datetime.date(2026, 2, 1), validity="in_force"),
        "d": make_policy("未发布的财政文件", slug="d", topic=finance, issuing_organisation=bureau, publish=False),
    }
    pages["a"].keywords.add("预算")
    pages["a"].save_revision().publish()
    # validity may be recomputed from document relations on save: set it as stored data
    type(pages["b"]).objects.filter(pk=pages["b"].pk).update(validity="repealed")
    type(pages["a"]).objects.filter(pk=pages["a"].pk).update(validity="in_force")
    return {"pages": pages, "finance_parent": parent, "bureau": bureau}


def _collection(site_tree, **fields):
    from governance.models import CollectionPage

    parent = site_tree["disclosure"]
    page = CollectionPage(title=fields.pop("title", "财政信息"), slug=fields.pop("slug", "czxx"), **{
        k: v for k, v in fields.items() if k not in ("topics", "units")})
    parent.add_child(instance=page)
    if "topics" in fields:
        page.topics.set(fields["topics"])
    if "units" in fields:
        page.units.set(fields["units"])
    page.save_revision().publish()
    return page


def _titles(collection):
    return [p.title for p in collection.latest_items(50)]


def test_query_by_topic_unit_validity_and_date(corpus, site_tree):
    col = _collection(site_tree, topics=[corpus["finance_parent"]])
    assert _titles(col) == ["财政资金管理办法", "财政预算公开规定（已废止）"]  # newest first, live only
    col.validity = "in_force"
    assert _titles(col) == ["财政资金管理办法"]
    col.validity = ""
    col.date_from = datetime.date(2026, 1, 1)
    assert _titles(col) == ["财政资金管理办法"]
    col.date_from = None
    col.keywords = "预算，不存在的词"
    assert _titles(col) == ["财政资金管理办法"]


def test_units_include_subunits(corpus, site_tree):
    from cms_pages.models import OrganisationUnit

    city = OrganisationUnit.objects.get(name="示范市人民政府")
    col = _collection(site_tree, units=[city], slug="city")
    assert len(_titles(col)) == 3
    col.include_subunits = False
    assert _titles(col) == []


def test_listing_and_feed(corpus, site_tree):
    col = _collection(site_tree, topics=[corpus["finance_parent"]])
    html = Client().get(col.url).content.decode()
    assert "财政资金管理办法" in html and "未发布的财政文件" not in html
    assert 'type="application/rss+xml"' in html
    response = Client().get(col.url + "feed/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert [e.title for e in feed.entries] == ["财政资金管理办法", "财政预算公开规定（已废止）"]
    first = type(corpus["pages"]["a"]).objects.get(pk=corpus["pages"]["a"].pk)
    assert feed.entries[0].summary == "资金管理"
    assert feed.entries[0].published_parsed[:3] == first.published_date.timetuple()[:3]


def test_manual_items_are_listed(corpus, site_tree):
    from governance.models import CollectionItem

    col = _collection(site_tree, topics=[corpus["finance_parent"]], validity="in_force")
    CollectionItem.objects.create(collection=col, page=corpus["pages"]["c"])
    assert set(_titles(col)) == {"财政资金管理办法", "政务公开工作要点"}
