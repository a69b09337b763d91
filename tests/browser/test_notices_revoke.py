"""The sender of an internal notice addressed to units sees the roster per unit and per person,
revokes the notice with a reason, and the recipient's list then shows it as 已撤回 without a link."""
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def notice_kinds(site_tree):
    from cms_pages.notices.kinds import ensure_default_kinds

    ensure_default_kinds()


def _login_as(page, live_server, user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def test_sender_revokes_a_unit_notice_and_the_recipient_sees_it_withdrawn(page, live_server, site_tree, users,
                                                                          admin_login):
    import datetime as dt

    from cms_pages.models import OrganisationUnit
    from cms_pages.notices.models import NoticeKind, NoticePage

    notice = NoticePage(title="关于区财政联合检查的内部通知", kind=NoticeKind.objects.get(name="通知"), is_internal=True,
                        requires_ack=True, summary="联合检查", formed_date=dt.date(2026, 3, 1),
                        issuing_organisation=OrganisationUnit.objects.get(name="示范市人民政府办公室"),
                        body="<p>检查安排正文</p>")
    site_tree["notices"].add_child(instance=notice)
    notice.audience_units.set([OrganisationUnit.objects.get(name="示范市东城区人民政府"),
                               OrganisationUnit.objects.get(name="示范市财政局")])
    notice.save_revision().publish()

    # the recipient reads it first
    _login_as(page, live_server, users["reader"])
    page.goto(live_server.url + "/notices/internal/")
    page.get_by_role("link", name="关于区财政联合检查的内部通知").click()
    assert page.locator("h1").inner_text() == "关于区财政联合检查的内部通知"
    assert "检查安排正文" in page.content()

    # the sender: roster per unit and per person, then 撤回 with a reason
    page.context.clear_cookies()
    admin_login("editor", "pw-for-tests-only")
    page.goto(f"{live_server.url}/admin/notices/{notice.pk}/roster/")
    units = page.locator("table.roster-units tbody tr").all_inner_texts()
    assert any("示范市财政局" in row for row in units) and any("示范市东城区人民政府" in row for row in units)
    people = dict(
        (row.split("\t")[1].strip(), row.split("\t")[2].strip())
        for row in page.locator("table.roster tbody tr").all_inner_texts())
    assert people["reader"].startswith("已读未签收") and people["reporter"].startswith("未读")
    page.click("button.no")  # empty reason: the browser asks for it, nothing is sent
    notice.refresh_from_db()
    assert not notice.is_revoked
    page.fill("#revoke-reason", "检查改期，另行通知")
    with page.expect_navigation():
        page.click("button.no")
    assert "已撤回" in page.locator(".notice-revoked-banner").inner_text()
    assert page.locator("button", has_text="一键催办").count() == 0

    # the recipient's list: a 已撤回 marker, no link, and the page no longer shows the text
    _login_as(page, live_server, users["reader"])
    page.goto(live_server.url + "/notices/internal/")
    row = page.locator("tr.notice-revoked")
    assert "已撤回" in row.inner_text() and "检查改期，另行通知" in row.inner_text()
    assert row.locator("a").count() == 0
    page.goto(live_server.url + notice.url)
    assert "已撤回" in page.content() and "检查安排正文" not in page.content()
