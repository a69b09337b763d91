"""The public portal as a visitor sees it: furniture, navigation, sitemap, robots, errors, restrictions."""
import re

import pytest


@pytest.mark.django_db
def test_home_lists_sections_with_latest_items_and_footer_marks(client, site_tree, make_policy):
    make_policy("关于进一步做好政务公开工作的通知", doc_number="国办发〔2024〕12号")
    html = client.get("/").content.decode()
    assert '<html lang="zh-CN">' in html
    assert 'href="#main"' in html and "跳到主要内容" in html
    for section in ("政府信息公开", "通知公告", "政策文件库"):
        assert section in html
    assert "关于进一步做好政务公开工作的通知" in html
    # Footer marks required by inspection (site_rules.md §3) and the SiteIDCode meta tag.
    for mark in ("主办单位：示范市人民政府办公室", "网站标识码：3301000001", "示ICP备00000001号",
                 "示公网安备33010002000001号", "党政机关网站标识", "联系方式"):
        assert mark in html
    assert '<meta name="SiteIDCode" content="3301000001">' in html


@pytest.mark.django_db
def test_heading_order_starts_with_one_h1(client, site_tree, make_policy):
    doc = make_policy("示范文件")
    for url in ("/", site_tree["policies"].url, doc.url):
        html = client.get(url).content.decode()
        levels = [int(h) for h in re.findall(r"<h([1-6])[\s>]", html)]
        assert levels.count(1) == 1, url
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), (url, levels)


@pytest.mark.django_db
def test_policy_page_shows_govcn_metadata_box_and_breadcrumbs(client, site_tree, make_policy):
    import datetime

    doc = make_policy("国务院办公厅关于印发政府网站发展指引的通知", doc_number="国办发〔2017〕47号",
                      issuing_authority="国务院办公厅", formed_date=datetime.date(2017, 5, 15),
                      published_date=datetime.date(2017, 6, 8))
    html = client.get(doc.url).content.decode()
    assert "发文字号" in html and "国办发〔2017〕47号" in html
    assert "2017年05月15日" in html and "2017年06月08日" in html
    assert 'aria-label="当前位置"' in html and "政策文件库" in html
    assert '<meta name="PubDate"' in html


@pytest.mark.django_db
def test_drafts_are_not_public(client, site_tree, make_policy):
    draft = make_policy("尚未发布的草稿文件", publish=False)
    assert "尚未发布的草稿文件" not in client.get("/").content.decode()
    assert "尚未发布的草稿文件" not in client.get(site_tree["policies"].url).content.decode()
    assert "尚未发布的草稿文件" not in client.get("/sitemap.xml").content.decode()
    assert client.get(f"/{site_tree['policies'].slug}/{draft.slug}/").status_code == 404


@pytest.mark.django_db
def test_sitemap_robots_and_chinese_404(client, site_tree, make_policy):
    doc = make_policy("进入网站地图的文件")
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200 and doc.url in sitemap.content.decode()
    assert "/zwxxbs/" not in sitemap.content.decode()  # login-restricted section
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in robots and "Sitemap:" in robots
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and "您访问的页面不存在" in missing.content.decode()


@pytest.mark.django_db
def test_info_reporting_section_requires_login(client, site_tree, client_for):
    url = site_tree["info_reporting"].url
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    assert client_for("reporter").get(url).status_code == 200


@pytest.mark.django_db
def test_policy_list_paginates_safely(client, site_tree, make_policy):
    for i in range(3):
        make_policy(f"分页文件{i}")
    url = site_tree["policies"].url
    for page in ("-1", "99999", "abc"):
        assert client.get(url, {"page": page}).status_code == 200


@pytest.mark.django_db
def test_admin_is_in_chinese(client_for):
    html = client_for("editor").get("/admin/").content.decode()
    assert 'lang="zh-hans"' in html or "仪表板" in html or "页面" in html


@pytest.mark.django_db
def test_every_page_advertises_the_latest_notices_feed_and_it_parses(client, site_tree, make_policy):
    import feedparser

    page = make_policy("关于公布行政规范性文件清理结果的通知")
    for url in ("/", page.url, "/search/?q=清理"):
        html = client.get(url).content.decode()
        links = re.findall(r'<link rel="alternate" type="application/(rss|atom)\+xml"[^>]*href="([^"]+)"', html)
        assert ("rss", "/notices/latest/rss/") in links and ("atom", "/notices/latest/atom/") in links, url
    for feed_url in ("/notices/latest/rss/", "/notices/latest/atom/"):
        parsed = feedparser.parse(client.get(feed_url).content)
        assert not parsed.bozo and parsed.feed.title
