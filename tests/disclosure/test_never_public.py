"""Never public: an anonymous crawl of the whole site (links from /), the sitemap, feeds, the
search page and API finds no applicant identity, contact or request text."""
import datetime as dt
import re
from urllib.parse import urljoin, urlparse

import pytest
from django.test import Client

from disclosure import services

pytestmark = pytest.mark.django_db

SECRETS = {
    "name": "欧阳隐私",
    "id_number": "11010519491231002X",
    "phone": "13700001111",
    "email": "ouyang.private@example.com",
    "address": "机密街88号",
    "title": "唯一申请标题甲乙丙",
    "description": "只属于申请人的描述丁戊己",
    "purpose": "申请用途庚辛",
}


def crawl(client, start="/", limit=400):
    seen, queue, bodies = set(), [start], {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        r = client.get(url)
        if r.status_code in (301, 302):
            queue.append(r["Location"])
            continue
        content = r.content.decode("utf-8", "replace") if r.get("Content-Type", "").startswith(("text", "application/xml", "application/rss", "application/json", "application/javascript")) else ""
        bodies[url] = (r.status_code, content)
        for href in re.findall(r'(?:href|src)="([^"#]+)"', content) + re.findall(r"<loc>([^<]+)</loc>", content) + re.findall(r"<link>([^<]+)</link>", content):
            parsed = urlparse(urljoin("http://testserver" + url, href.replace("&amp;", "&")))
            if parsed.netloc not in ("testserver", "localhost", "") or parsed.path.startswith(("/admin", "/django-admin", "/static/")):
                continue
            nxt = parsed.path + ("?" + parsed.query if parsed.query else "")
            if nxt not in seen:
                queue.append(nxt)
    return bodies


def test_anonymous_crawl_finds_no_applicant_data(site_tree, handler, client):
    from cms_pages.models import OrganisationUnit
    from disclosure.models import DisclosureItemPage, InformationRequest

    org = OrganisationUnit.objects.get(name="示范市人民政府")
    item = DisclosureItemPage(title="示范市道路维修预算公开", live=False, issuing_organisation=org,
                              formed_date=dt.date(2026, 1, 5), summary="预算")
    site_tree["disclosure"].add_child(instance=item)
    item.save_revision().publish()
    data = {
        "applicant_kind": "natural_person", "applicant_type": "natural_person", "id_type": "resident_id",
        "provision_form": "email", "delivery_method": "online", **SECRETS,
    }
    online, _, _ = services.submit_online(data, form_token="tok-1", ip="10.0.0.1")
    paper, _ = services.register(data, channel="in_person", on=dt.date(2025, 9, 26), actor=handler)
    services.perform(paper, "reply", actor=handler, on=dt.date(2025, 10, 10), reply_type="disclosed", comment=SECRETS["description"])
    assert InformationRequest.objects.count() == 2

    anon = Client()
    bodies = crawl(anon)
    for extra in ("/sitemap.xml", "/disclosure/feed/", "/robots.txt", f"/ysqgk/status/{online.tracking_code}/", f"/ysqgk/status/{paper.tracking_code}/reply.docx",
                  "/ysqgk/receipt/"):
        r = anon.get(extra)
        bodies[extra] = (r.status_code, r.content.decode("utf-8", "replace"))
    assert any("/zfxxgk/" in u for u in bodies) and "/sitemap.xml" in bodies and "/ysqgk/apply/" in bodies
    assert "示范市道路维修预算公开" in "".join(b for _, b in bodies.values())  # the crawl reached the catalogue
    for url, (status, body) in bodies.items():
        for field, secret in SECRETS.items():
            assert secret not in body, f"{field} leaked at {url}"
        assert "11010519491231002X".lower() not in body.lower()


def test_search_page_and_api_find_nothing_for_applicant_data(site_tree, handler):
    data = {
        "applicant_kind": "natural_person", "applicant_type": "natural_person", "id_type": "resident_id",
        "provision_form": "email", "delivery_method": "online", **SECRETS,
    }
    paper, _ = services.register(data, channel="in_person", on=dt.date(2025, 9, 26), actor=handler)
    services.perform(paper, "reply", actor=handler, on=dt.date(2025, 10, 10), reply_type="disclosed")
    anon = Client()
    sentinel = "零结果哨兵词"
    baseline = anon.get("/search/", {"q": sentinel}).content.decode()
    for field, secret in SECRETS.items():
        page = anon.get("/search/", {"q": secret}).content.decode()
        # the page echoes the query; apart from that it must be identical to a search with no results
        assert page.replace(secret, "Q") == baseline.replace(sentinel, "Q"), field
        api = anon.get("/api/search/", {"q": secret}).json()
        assert api["count"] == 0 and api["results"] == [], field
