"""Every feed parses with feedparser and lists only live, public, current notices."""
import datetime as dt

import feedparser
import pytest
import time_machine

pytestmark = pytest.mark.django_db

TZ = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def notices(make_notice):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=TZ), tick=False):
        public = {
            "通知": make_notice("关于开展安全检查的通知", summary="安全检查安排"),
            "公示": make_notice("拟录用人员公示", kind="公示", period_start=dt.date(2026, 3, 2),
                              period_end=dt.date(2026, 3, 6), objection_channel="电话 0571-12345678"),
            "公告": make_notice("停水公告", kind="公告", body="<p>因管网检修停水。</p>"),
        }
        hidden = {
            "internal": make_notice("内部通知：机关会议安排", is_internal=True, groups=["内部查阅"]),
            "draft": make_notice("草稿通知", publish=False),
            "expired": make_notice("已过期的通知", expires_at=dt.datetime(2026, 3, 3, tzinfo=TZ)),
        }
    return public, hidden


def feed_urls(board, kinds):
    urls = [f"/notices/{board.pk}/rss/", f"/notices/{board.pk}/atom/"]
    for kind in kinds.values():
        urls += [f"/notices/{board.pk}/kind/{kind.slug}/rss/", f"/notices/{board.pk}/kind/{kind.slug}/atom/"]
    return urls


def test_every_feed_is_valid_and_never_lists_internal_draft_or_expired_notices(client_for, board, kinds, notices):
    public, hidden = notices
    with time_machine.travel(dt.datetime(2026, 3, 4, 9, tzinfo=TZ), tick=False):
        for role, url in [(r, u) for r in (None, "admin", "editor", "reviewer", "reporter", "reader")
                          for u in feed_urls(board, kinds)]:
            client = client_for(role)
            response = client.get(url)
            assert response.status_code == 200, (role, url)
            parsed = feedparser.parse(response.content)
            assert not parsed.bozo, (url, parsed.get("bozo_exception"))
            assert parsed.version in ("rss20", "atom10"), url
            titles = [e.title for e in parsed.entries]
            for notice in hidden.values():
                assert notice.title not in titles, (role, url)
            assert "内部" not in response.content.decode()
            for entry in parsed.entries:
                assert entry.link.startswith("http://testserver/")
                assert entry.get("published_parsed") or entry.get("updated_parsed")


def test_board_feed_content(client, board, kinds, notices):
    public, _ = notices
    parsed = feedparser.parse(client.get(f"/notices/{board.pk}/atom/").content)
    assert parsed.feed.title == "通知公告"
    assert {e.title for e in parsed.entries} == {n.title for n in public.values()}
    entry = next(e for e in parsed.entries if e.title == "关于开展安全检查的通知")
    assert entry.summary == "安全检查安排"
    assert [t.term for t in entry.tags] == ["通知"]
    assert entry.link == "http://testserver" + public["通知"].url


def test_kind_feed_lists_only_that_kind(client, board, kinds, notices):
    parsed = feedparser.parse(client.get(f"/notices/{board.pk}/kind/gongshi/rss/").content)
    assert [e.title for e in parsed.entries] == ["拟录用人员公示"]
    assert parsed.feed.title == "通知公告（公示）"


def test_unknown_board_or_kind_is_404(client, board, notices):
    assert client.get("/notices/999999/rss/").status_code == 404
    assert client.get(f"/notices/{board.pk}/kind/nope/rss/").status_code == 404


def test_feed_length_setting(client, board, make_notice, settings):
    settings.GONGKAI_NOTICES = {"FEED_LENGTH": 2}
    for i in range(3):
        make_notice(f"通知{i}")
    assert len(feedparser.parse(client.get(f"/notices/{board.pk}/rss/").content).entries) == 2


def test_board_and_notice_pages_advertise_their_feeds(client, board, notices):
    public, _ = notices
    html = client.get(board.url).content.decode()
    assert f'rel="alternate" type="application/rss+xml"' in html
    assert f'href="/notices/{board.pk}/rss/"' in html
    assert f'href="/notices/{board.pk}/atom/"' in html
    html = client.get(board.url, {"kind": "gongshi"}).content.decode()
    assert f'href="/notices/{board.pk}/kind/gongshi/rss/"' in html
    html = client.get(public["通知"].url).content.decode()
    assert f'href="/notices/{board.pk}/atom/"' in html


def test_major_update_time_is_the_feed_updated_time(client, board, make_notice):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=TZ), tick=False):
        notice = make_notice("通知")
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, tzinfo=TZ), tick=False):
        notice.change_note = "调整检查时间"
        notice.save_revision().publish()
    with time_machine.travel(dt.datetime(2026, 3, 4, 9, tzinfo=TZ), tick=False):
        notice.refresh_from_db()
        notice.change_is_minor = True
        notice.change_note = ""
        notice.save_revision().publish()
    entry = feedparser.parse(client.get(f"/notices/{board.pk}/atom/").content).entries[0]
    assert entry.updated_parsed[:4] == (2026, 3, 3, 1)  # 09:00 +08:00 = 01:00 UTC; the minor change left it
    assert entry.published_parsed[:4] == (2026, 3, 2, 1)


def test_site_wide_latest_feed_lists_every_public_board_and_nothing_hidden(client_for, board, notices, make_notice,
                                                                            site_tree):
    """notices.md §5.1: a site-wide "latest" feed across all public notice boards."""
    from wagtail.models import PageViewRestriction

    from cms_pages.notices.models import NoticeIndexPage

    public, hidden = notices
    home = board.get_parent()
    second = NoticeIndexPage(title="公示公告", slug="gsgg")
    home.add_child(instance=second)
    second.save_revision().publish()
    with time_machine.travel(dt.datetime(2026, 3, 3, 9, tzinfo=TZ), tick=False):
        other = make_notice("第二栏目的通知", parent=second)
    closed = NoticeIndexPage(title="内部栏目", slug="nbgg")
    home.add_child(instance=closed)
    closed.save_revision().publish()
    PageViewRestriction.objects.create(page=closed, restriction_type=PageViewRestriction.LOGIN)
    restricted = make_notice("受限栏目的通知", parent=closed)

    with time_machine.travel(dt.datetime(2026, 3, 4, 9, tzinfo=TZ), tick=False):
        for role in (None, "reader", "admin"):
            for url, version in (("/notices/latest/rss/", "rss20"), ("/notices/latest/atom/", "atom10")):
                parsed = feedparser.parse(client_for(role).get(url).content)
                assert not parsed.bozo and parsed.version == version, url
                titles = [e.title for e in parsed.entries]
                assert titles[0] == other.title  # newest first, across boards
                assert set(titles) == {other.title} | {n.title for n in public.values()}, (role, url)
                assert restricted.title not in titles
                for notice in hidden.values():
                    assert notice.title not in titles


def test_pages_advertise_their_feeds_and_the_latest_feed(client, board, notices):
    public, _ = notices
    for url in (board.url, public["通知"].url):
        html = client.get(url).content.decode()
        assert 'type="application/rss+xml"' in html and 'type="application/atom+xml"' in html
        assert 'href="/notices/latest/rss/"' in html and 'href="/notices/latest/atom/"' in html
        assert f'href="/notices/{board.pk}/rss/"' in html
