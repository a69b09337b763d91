"""Notice pages on a frozen clock: 公示 status, pin precedence and expiry, expiry Plone-style."""
import datetime as dt
import random

import pytest
import time_machine
from django.utils import timezone

from cms_pages.notices import rules
from cms_pages.notices.models import NoticeIndexPage, NoticePage

pytestmark = pytest.mark.django_db

TZ = dt.timezone(dt.timedelta(hours=8))


def at(*args):
    return dt.datetime(*args, tzinfo=TZ)


def listed_titles(client, board, **params):
    response = client.get(board.url, params)
    assert response.status_code == 200
    return [item.title for item in response.context["page_obj"].object_list]


# -- 公示 status -------------------------------------------------------------------------------

def test_gongshi_status_moves_with_the_clock_on_list_and_page(client, board, make_notice):
    with time_machine.travel(at(2026, 2, 27, 10), tick=False):
        notice = make_notice("拟录用人员公示", kind="公示", period_start=dt.date(2026, 3, 2),
                             period_end=dt.date(2026, 3, 6), objection_channel="市人社局 0571-12345678")
    for moment, status in [
        (at(2026, 3, 1, 23, 59), "未开始"),
        (at(2026, 3, 2, 0, 0), "公示中"),
        (at(2026, 3, 6, 23, 59), "公示中"),
        (at(2026, 3, 7, 0, 0), "已结束"),
    ]:
        with time_machine.travel(moment, tick=False):
            page_html = client.get(notice.url).content.decode()
            list_html = client.get(board.url).content.decode()
            assert f'period-status period-{rules.PERIOD_STATUS_KEYS[status]}">{status}<' in page_html, moment
            assert f">{status}</span>" in list_html, moment
            assert "公示期为2026年3月2日至2026年3月6日" in page_html


def test_kind_default_period_counts_working_days(kinds):
    gongshi = kinds["公示"]
    assert gongshi.period_end_for(dt.date(2026, 3, 2)) == dt.date(2026, 3, 6)
    assert gongshi.minimum_end_for(dt.date(2026, 3, 2)) == (dt.date(2026, 3, 6), "5个工作日")
    assert kinds["招标采购"].period_end_for(dt.date(2026, 3, 2)) == dt.date(2026, 3, 4)  # 3 calendar days


def test_kind_without_length_uses_the_setting(kinds, settings):
    settings.GONGKAI_NOTICES = {"PERIOD_DEFAULT_LENGTH": 10, "PERIOD_DEFAULT_UNIT": "calendar"}
    assert kinds["通知"].period_end_for(dt.date(2026, 3, 2)) == dt.date(2026, 3, 11)


# -- pins --------------------------------------------------------------------------------------

def test_a_pinned_notice_tops_the_list_until_its_pin_expires(client, board, make_notice):
    with time_machine.travel(at(2026, 3, 1, 9), tick=False):
        make_notice("较早的通知", published_date=dt.date(2026, 3, 1))
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        make_notice("置顶通知", published_date=dt.date(2026, 3, 2), pinned=True, pin_until=at(2026, 3, 9, 9))
    with time_machine.travel(at(2026, 3, 5, 9), tick=False):
        make_notice("最新通知", published_date=dt.date(2026, 3, 5))
        assert listed_titles(client, board) == ["置顶通知", "最新通知", "较早的通知"]
    with time_machine.travel(at(2026, 3, 9, 8, 59), tick=False):
        assert listed_titles(client, board)[0] == "置顶通知"
    with time_machine.travel(at(2026, 3, 9, 9, 0), tick=False):  # no job ran: the clock alone ends the pin
        assert listed_titles(client, board) == ["最新通知", "置顶通知", "较早的通知"]
        assert "badge-pin" not in client.get(board.url).content.decode()


def test_sql_listing_order_matches_the_rule_module(board, make_notice):
    random.seed(11)
    now = at(2026, 3, 10, 12)
    with time_machine.travel(at(2026, 3, 1, 8), tick=False):
        for i in range(25):
            pinned = random.random() < 0.5
            make_notice(
                f"通知{i}", published_date=dt.date(2026, 2, 1) + dt.timedelta(days=random.randint(0, 20)),
                pinned=pinned,
                pin_until=now + dt.timedelta(hours=random.randint(-48, 48)) if pinned else None,
                pin_priority=random.randint(0, 2), pin_scope=random.choice(list(rules.PIN_SCOPES)),
            )
    # vary the pin start times
    for page in NoticePage.objects.filter(pinned=True):
        NoticePage.objects.filter(pk=page.pk).update(pinned_at=at(2026, 3, 1) + dt.timedelta(hours=random.randint(0, 200)))
    pages = list(NoticePage.objects.all())
    for on_home in (False, True):
        expected = [e.id for e in rules.order_listing([p.listing_entry() for p in pages], now, on_home=on_home)]
        actual = list(NoticePage.objects.in_listing_order(now, on_home=on_home).values_list("pk", flat=True))
        assert actual == expected


def test_pinning_stamps_the_pin_start_once_and_logs_the_change(make_notice):
    from wagtail.models import PageLogEntry

    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        page = make_notice("通知", pinned=True, pin_until=at(2026, 3, 9))
    assert page.pinned_at == at(2026, 3, 2, 9)
    assert page.published_date == dt.date(2026, 3, 2)
    with time_machine.travel(at(2026, 3, 3, 9), tick=False):
        page.title = "通知（更正）"
        page.save_revision().publish()
        page.refresh_from_db()
    assert page.pinned_at == at(2026, 3, 2, 9)  # unchanged pin keeps its start
    assert page.published_date == dt.date(2026, 3, 2)  # pinning never touches the publication date
    assert PageLogEntry.objects.filter(page=page, action="notices.pin_changed").count() == 1


def test_publishing_an_older_draft_keeps_system_times(make_notice):
    with time_machine.travel(at(2026, 3, 2, 9), tick=False):
        page = make_notice("通知", pinned=True, pin_until=at(2026, 3, 9))
    old_revision = page.latest_revision
    NoticePage.objects.filter(pk=page.pk).update(pinned_at=at(2026, 3, 2, 10))
    page.refresh_from_db()
    restored = page.with_content_json(old_revision.content)
    assert restored.pinned_at == at(2026, 3, 2, 10)
    assert restored.last_major_update_at == page.last_major_update_at


def test_home_page_shows_only_home_scoped_pins_first(client, site_tree, board, make_notice):
    with time_machine.travel(at(2026, 3, 1, 9), tick=False):
        make_notice("列表置顶", published_date=dt.date(2026, 3, 1), pinned=True, pin_until=at(2026, 3, 20))
        make_notice("首页置顶", published_date=dt.date(2026, 2, 1), pinned=True, pin_until=at(2026, 3, 20),
                    pin_scope=rules.PIN_SCOPE_HOME)
        make_notice("普通通知", published_date=dt.date(2026, 2, 15))
        assert [p.title for p in board.latest_items(10)] == ["首页置顶", "列表置顶", "普通通知"]
        assert listed_titles(client, board)[:2] in (["列表置顶", "首页置顶"], ["首页置顶", "列表置顶"])


# -- expiry ------------------------------------------------------------------------------------

def test_expired_notice_leaves_lists_home_and_feeds_but_its_url_still_works(client, site_tree, board, make_notice):
    with time_machine.travel(at(2026, 3, 1, 9), tick=False):
        notice = make_notice("报名通知", expires_at=at(2026, 3, 10, 18))
        make_notice("另一则通知")
    with time_machine.travel(at(2026, 3, 10, 17, 59), tick=False):
        assert "报名通知" in listed_titles(client, board)
        assert "已过期" not in client.get(notice.url).content.decode()
    with time_machine.travel(at(2026, 3, 10, 18, 0), tick=False):
        assert listed_titles(client, board) == ["另一则通知"]
        assert "报名通知" not in [p.title for p in board.latest_items(10)]
        assert "报名通知" not in client.get("/").content.decode()
        assert "报名通知" not in client.get(f"/notices/{board.pk}/rss/").content.decode()
        response = client.get(notice.url)
        assert response.status_code == 200
        assert "已过期" in response.content.decode()
        assert listed_titles(client, board, expired="1") == ["报名通知"]
    notice.refresh_from_db()
    assert notice.live  # never unpublished
    assert notice.expire_at is None  # Wagtail's expiry is not used


def test_kind_filter(client, board, make_notice):
    make_notice("某通知")
    make_notice("某公告", kind="公告")
    assert listed_titles(client, board, kind="gonggao") == ["某公告"]
    assert listed_titles(client, board, kind="nonexistent") == ["某公告", "某通知"]  # unknown kind: all


# -- internal notices and Wagtail's own privacy ------------------------------------------------

def test_internal_notice_gets_a_group_view_restriction_and_is_not_public(board, make_notice):
    from wagtail.models import PageViewRestriction

    notice = make_notice("内部通知", is_internal=True, groups=["内部查阅"])
    restriction = PageViewRestriction.objects.get(page=notice)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert [g.name for g in restriction.groups.all()] == ["内部查阅"]
    assert not NoticePage.objects.public().filter(pk=notice.pk).exists()
    assert notice.get_sitemap_urls() == []
    notice.is_internal = False
    notice.save_revision().publish()
    assert not PageViewRestriction.objects.filter(page=notice).exists()


def test_board_queries(board, make_notice):
    assert isinstance(board, NoticeIndexPage)
    make_notice("草稿", publish=False)
    make_notice("内部", is_internal=True, groups=["内部查阅"])
    make_notice("公开")
    assert [p.title for p in board.notices()] == ["公开"]
    now = timezone.now()
    assert [p.title for p in board.listing(now)] == ["公开"]
