"""An editor writes a pinned notice in the real Wagtail admin and submits it; once the review
(三审 + 保密审查, driven here through governance.testing — the full review cycle in a browser is
tests/browser/test_governance_review_cycle.py) has published it, it tops the public list; once its
pin runs out (the clock moves on, no job runs) it falls back to its date position."""
import datetime as dt

import pytest
import time_machine

from cms_pages.notices.testing import choose_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def notice_kinds(site_tree):
    # Migration-seeded rows can be missing here: after a browser test, the main thread may get a new
    # database connection without the serialized contents to restore (reported to the lead).
    from cms_pages.notices.kinds import ensure_default_kinds

    ensure_default_kinds()


def _make_notice(board, title, **fields):
    from cms_pages.notices.models import NoticeKind, NoticePage

    page = NoticePage(title=title, kind=NoticeKind.objects.get(name="通知"), **fields)
    board.add_child(instance=page)
    page.save_revision().publish()
    return page


def list_titles(page, url):
    page.goto(url)
    return [t.strip() for t in page.locator(".notice-list .notice-item a").all_inner_texts()]


def test_editor_publishes_a_pinned_notice_that_tops_the_list_until_the_pin_expires(
        page, live_server, site_tree, users, admin_login, settings):
    board = site_tree["notices"]
    _make_notice(board, "较早的通知", published_date=dt.date.today() - dt.timedelta(days=3))
    board_url = live_server.url + board.url

    admin_login("editor", "pw-for-tests-only")
    page.goto(f"{live_server.url}/admin/pages/add/notices/noticepage/{board.pk}/")
    page.fill("#id_title", "关于春节假期值班安排的通知")
    page.select_option("#id_kind", label="通知")
    page.fill("#id_summary", "春节假期值班安排")
    page.get_by_role("tab", name="元数据").click()
    page.fill("#id_formed_date", dt.date.today().isoformat())
    choose_organisation(page, "示范市人民政府办公室")
    page.get_by_role("tab", name="置顶与发布").click()
    page.check("#id_pinned")
    page.fill("#id_pin_priority", "5")
    page.get_by_role("tab", name="推广").click()
    page.fill("#id_slug", "chunjie-zhiban")
    page.locator("footer .w-dropdown-button .w-dropdown__toggle").click()
    assert page.locator("footer button[name=action-publish]").count() == 0  # no publishing past review
    with page.expect_navigation():
        page.click("footer button[name=action-submit]")

    from cms_pages.notices.models import NoticePage
    from governance.testing import publish_through_workflow

    submitted = NoticePage.objects.get(slug="chunjie-zhiban")
    assert not submitted.live and submitted.workflow_in_progress
    pinned = publish_through_workflow(submitted, submitted_by=users["editor"])
    assert pinned.live and pinned.pinned and pinned.pin_until is not None

    # a newer notice is published after it: the pin still keeps it on top
    _make_notice(board, "最新的通知")
    page.console_errors.clear()  # the admin loads avatars from the network; the public pages must not fail
    assert list_titles(page, board_url) == ["关于春节假期值班安排的通知", "最新的通知", "较早的通知"]
    assert page.locator(".notice-list .notice-item").first.locator(".badge-pin").inner_text() == "置顶"
    assert page.console_errors == []

    # the default pin lasts 7 days: 8 days later it has fallen back to its date position
    with time_machine.travel(pinned.pin_until + dt.timedelta(days=1), tick=True):
        assert list_titles(page, board_url) == ["最新的通知", "关于春节假期值班安排的通知", "较早的通知"]
        assert page.locator(".badge-pin").count() == 0
