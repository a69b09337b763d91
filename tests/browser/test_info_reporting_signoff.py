"""政务信息报送 审签 and 联合报送 in a real browser (info_reporting.md §1–2, §7): a reporter of
示范市东城区人民政府 writes an item naming 示范市发展和改革委员会 as co-unit and sends it for 审签;
the unit's 审签人 returns it with a comment; the reporter revises and sends it again; the 审签人
approves, which submits it; a reporter of the co-unit sees it read-only; an information-section
editor adopts it (本级采用, 3 points) and each unit gets half in the ranking."""
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "pw-for-tests-only"
TITLE = "东城区与市发改委联合推进重点项目开工情况"
LEAD = "示范市东城区人民政府"
CO = "示范市发展和改革委员会"


@pytest.fixture
def info_ready(site_tree, users):
    from info_reporting.setup import ensure_default_rules, ensure_info_reporting

    ensure_info_reporting(site_tree["info_reporting"], rules=False)
    ensure_default_rules()
    return site_tree["info_reporting"]


@pytest.fixture
def unit_people(info_ready, users):
    """The lead unit's 审签人 (a 报送员 of the unit in group 单位审签人) and a reporter of the co-unit,
    set up the way tests/info_reporting/conftest.py ``make_reporter`` does."""
    from django.contrib.auth.models import Group, User

    from cms_pages.models import OrganisationUnit, StaffProfile
    from info_reporting.access import SIGNER_GROUP

    def make(username, unit_name, *groups, **fields):
        user = User.objects.create_user(username, f"{username}@example.gov.cn", PASSWORD, **fields)
        user.groups.add(*Group.objects.filter(name__in=("报送员", *groups)))
        StaffProfile.objects.create(user=user, unit=OrganisationUnit.objects.get(name=unit_name))
        users[username] = user
        return user

    return {"head": make("head", LEAD, SIGNER_GROUP, first_name="赵主任"), "reporter2": make("reporter2", CO)}


def type_body(tab, text):
    editor = tab.locator(".public-DraftEditor-content").first
    editor.click()
    tab.keyboard.press("Control+A")
    tab.keyboard.type(text)
    tab.locator("#id_title").click()  # Draftail writes its hidden input when the editor loses focus
    body = tab.locator("input[name=body]")
    tab.wait_for_function("([el, t]) => el.value.includes(t)", arg=[body.element_handle(), text[-6:]])


def save_draft(tab):
    """Click 保存草稿 in the footer once a pending autosave is done (on the create view the first
    autosave creates the page; saving during it would post the create form twice)."""
    tab.wait_for_timeout(1200)
    tab.wait_for_load_state("networkidle")
    tab.locator("button.action-save").first.click()
    tab.wait_for_url(re.compile(r".*/admin/pages/\d+/edit/"))
    tab.wait_for_load_state()


def row_of(tab, live_server):
    tab.goto(f"{live_server.url}/admin/info-reporting/items/")
    return tab.locator("table.ir-table tbody tr", has_text=TITLE)


def status_shown(tab):
    return tab.locator(".item-summary .item-status").inner_text().strip()


def test_signoff_return_resend_approve_joint_adopt_and_split_points(page, admin_login, live_server, info_ready,
                                                                    unit_people, users):
    """One browser, the people take turns at it (each logs in through the Wagtail login form)."""
    from info_reporting.models import InfoReportPage

    def as_user(username):
        page.context.clear_cookies()
        admin_login(username, PASSWORD)
        return page

    reporter = as_user("reporter")
    # 1. the reporter writes the item naming the co-unit and saves a draft
    reporter.goto(f"{live_server.url}/admin/pages/add/info_reporting/inforeportpage/{info_ready.pk}/")
    reporter.fill("#id_title", TITLE)
    type_body(reporter, "两单位联合推进重点项目12个，已开工9个。")
    assert reporter.locator("#id_reporting_unit option:checked").inner_text() == LEAD
    reporter.select_option("#id_co_units", label=CO)
    reporter.fill("#id_writer", "李四")
    reporter.fill("#id_contact", "0571-86000000")
    save_draft(reporter)
    item = InfoReportPage.objects.get(title=TITLE)

    # 2. on the item page: 草稿, the unit must send it for 审签 and cannot 报送 itself
    reporter.goto(f"{live_server.url}/admin/info-reporting/items/{item.pk}/")
    assert status_shown(reporter) == "草稿"
    assert f"{LEAD}（牵头）、{CO}" in reporter.locator(".item-summary").inner_text()
    assert reporter.get_by_role("button", name="送审签").is_visible()
    assert reporter.get_by_role("button", name="报送", exact=True).count() == 0
    reporter.get_by_role("button", name="送审签").click()
    reporter.wait_for_load_state()
    assert "已送审签" in reporter.content()
    assert status_shown(reporter) == "待审签"
    assert reporter.get_by_role("button", name="审签通过并报送").count() == 0  # only the 审签人 signs
    assert "待审签" in row_of(reporter, live_server).inner_text()

    # 3. the 审签人 sees it waiting and returns it; a comment is required
    head = as_user("head")
    assert "待审签" in row_of(head, live_server).inner_text()
    row_of(head, live_server).get_by_role("link", name=TITLE).click()
    head.wait_for_url(re.compile(rf".*/admin/info-reporting/items/{item.pk}/"))
    assert status_shown(head) == "待审签"
    assert head.get_by_role("button", name="审签通过并报送").is_visible()
    refuse = head.locator("#panel-refuse-signoff")
    refuse.get_by_role("button", name="审签退回").click()  # empty comment: the browser refuses to send
    assert head.locator("#id_refuse_signoff-comment").evaluate("el => el.validity.valueMissing")
    item.refresh_from_db()
    assert item.status == "awaiting_signoff"
    head.fill("#id_refuse_signoff-comment", "开工项目请列明投资额")
    refuse.get_by_role("button", name="审签退回").click()
    head.wait_for_load_state()
    assert "已审签退回" in head.content()
    assert status_shown(head) == "草稿"
    assert head.get_by_role("button", name="审签通过并报送").count() == 0

    # 4. the reporter sees the comment, revises and sends it for 审签 again
    reporter = as_user("reporter")
    row = row_of(reporter, live_server)
    assert "草稿" in row.inner_text()
    assert row.get_by_role("link", name="编辑", exact=True).is_visible()
    reporter.goto(f"{live_server.url}/admin/info-reporting/items/{item.pk}/")
    assert "开工项目请列明投资额" in reporter.locator("body").inner_text()
    reporter.get_by_role("link", name="编辑信息").click()
    reporter.wait_for_url(re.compile(rf".*/admin/pages/{item.pk}/edit/"))
    type_body(reporter, "两单位联合推进重点项目12个，已开工9个，完成投资36亿元。")
    save_draft(reporter)
    reporter.goto(f"{live_server.url}/admin/info-reporting/items/{item.pk}/")
    reporter.get_by_role("button", name="送审签").click()
    reporter.wait_for_load_state()
    assert status_shown(reporter) == "待审签"

    # 5. the 审签人 approves: the item is submitted, signed by 赵主任
    head = as_user("head")
    head.goto(f"{live_server.url}/admin/info-reporting/items/{item.pk}/")
    assert "完成投资36亿元" in head.locator("body").inner_text()
    head.fill("#id_sign_off-comment", "同意报送")
    head.get_by_role("button", name="审签通过并报送").click()
    head.wait_for_load_state()
    assert "已审签并报送" in head.content()
    assert status_shown(head) == "已报送"
    assert "赵主任" in head.locator(".item-summary").inner_text()
    item.refresh_from_db()
    assert item.status == "submitted" and item.signed_off_by == users["head"]

    # 6. a reporter of the co-unit sees it, read-only
    co = as_user("reporter2")
    row = row_of(co, live_server)
    assert "已报送" in row.inner_text() and f"{LEAD}（牵头）" in row.inner_text()
    assert row.get_by_role("link", name="编辑", exact=True).count() == 0
    row.get_by_role("link", name=TITLE).click()
    co.wait_for_url(re.compile(rf".*/admin/info-reporting/items/{item.pk}/"))
    assert status_shown(co) == "已报送"
    assert "完成投资36亿元" in co.locator("body").inner_text()
    assert co.get_by_role("link", name="编辑信息").count() == 0
    for name in ("撤回", "送审签", "报送", "审签通过并报送", "采用", "退回"):
        assert co.get_by_role("button", name=name, exact=True).count() == 0, name
    response = co.goto(f"{live_server.url}/admin/pages/{item.pk}/edit/")
    assert response.status == 403 or "/admin/pages/" not in co.url or "/edit/" not in co.url
    assert co.locator("#id_title").count() == 0

    # 7. an information-section editor adopts it (本级采用 = 3 points)
    editor = as_user("editor")
    editor.goto(f"{live_server.url}/admin/info-reporting/items/{item.pk}/")
    assert status_shown(editor) == "已报送"
    editor.locator("#panel-adopt label", has_text="本级采用").click()
    editor.locator("#panel-adopt button[type=submit]").click()
    editor.wait_for_load_state()
    assert status_shown(editor) == "已采用"
    assert "3 分" in editor.locator(".item-summary").inner_text()

    # 8. the ranking gives each unit half
    editor.goto(f"{live_server.url}/admin/info-reporting/rankings/?period=year")
    rows = {r.locator("td").nth(1).inner_text(): r.locator("td").nth(3).inner_text()
            for r in editor.locator("table.ranking tbody tr").all()}
    assert rows[LEAD].split()[0] == "1.5" and rows[CO].split()[0] == "1.5", rows
    co = as_user("reporter2")
    co.goto(f"{live_server.url}/admin/info-reporting/rankings/?period=year")
    co_rows = co.locator("table.ranking tbody tr")
    assert co_rows.count() == 1
    assert CO in co_rows.first.inner_text() and "1.5" in co_rows.first.inner_text()
    assert LEAD not in co.locator("table.ranking").inner_text()
    # and both units see it as 已采用
    assert "已采用" in row_of(co, live_server).inner_text()
    reporter = as_user("reporter")
    row = row_of(reporter, live_server)
    assert "已采用" in row.inner_text()
    assert row.get_by_role("link", name="编辑", exact=True).count() == 0  # decided: the unit no longer edits
