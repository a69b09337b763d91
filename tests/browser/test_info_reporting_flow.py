"""政务信息报送 in a real browser: a unit reporter submits, an editor returns it with a comment,
the reporter revises and resubmits, the editor adopts it at two levels, and the item appears in
the next 《政务信息》 issue and in the ranking."""
import datetime
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "pw-for-tests-only"
TITLE = "东城区春季防汛隐患排查整治情况"


@pytest.fixture
def info_ready(site_tree, users):
    from info_reporting.setup import ensure_default_rules, ensure_info_reporting

    ensure_info_reporting(site_tree["info_reporting"], rules=False)
    ensure_default_rules()
    return site_tree["info_reporting"]


def login(context, live_server, username):
    tab = context.new_page()
    tab.goto(f"{live_server.url}/admin/login/")
    tab.fill("input[name=username]", username)
    tab.fill("input[name=password]", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(f"{live_server.url}/admin/")
    return tab


def type_body(tab, text):
    editor = tab.locator(".public-DraftEditor-content").first
    editor.click()
    tab.keyboard.press("Control+A")
    tab.keyboard.type(text)
    tab.locator("#id_title").click()  # Draftail writes its hidden input when the editor loses focus
    body = tab.locator("input[name=body]")
    tab.wait_for_function("([el, t]) => el.value.includes(t)", arg=[body.element_handle(), text[-6:]])


def submit_in_action_menu(tab):
    """Open the footer action menu's dropdown and click the workflow submit button.

    Wagtail autosaves the form (every 500 ms after a change; on the create view the first
    autosave creates the page), so let a pending autosave finish first — submitting during it
    would post the create form a second time."""
    tab.wait_for_timeout(1200)
    tab.wait_for_load_state("networkidle")
    button = tab.locator('button[name="action-submit"]')
    if not button.is_visible():
        tab.locator(".w-dropdown-button [data-w-dropdown-target='toggle']").last.click()
    button.click()


def test_submit_return_revise_adopt_issue_and_rank(browser, live_server, info_ready, users):
    from info_reporting.models import InfoReportPage

    reporter_ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    editor_ctx = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    reporter = login(reporter_ctx, live_server, "reporter")
    editor = login(editor_ctx, live_server, "editor")

    # 1. the reporter writes the item; the unit is pre-selected; submits to the adoption workflow
    reporter.goto(f"{live_server.url}/admin/pages/add/info_reporting/inforeportpage/{info_ready.pk}/")
    reporter.fill("#id_title", TITLE)
    type_body(reporter, "全区排查防汛隐患点36处，已整改28处。")
    assert reporter.locator("#id_reporting_unit option:checked").inner_text() == "示范市东城区人民政府"
    reporter.fill("#id_writer", "李四")
    reporter.fill("#id_contact", "0571-86000000")
    submit_in_action_menu(reporter)
    reporter.wait_for_url(re.compile(r".*/admin/pages/\d+/.*"))
    item = InfoReportPage.objects.get(title=TITLE)
    assert item.status == "submitted"

    # 2. the editor returns it with a comment (required)
    editor.goto(f"{live_server.url}/admin/info-reporting/items/{item.pk}/")
    editor.fill("#id_return-comment", "请补充整改资金和完成时限")
    editor.locator("#panel-return button[type=submit]").click()
    editor.wait_for_load_state()
    assert "已退回修改" in editor.content()
    item.refresh_from_db()
    assert item.status == "returned"

    # 3. the reporter sees the comment, revises and resubmits
    reporter.goto(f"{live_server.url}/admin/info-reporting/items/")
    assert "退回修改" in reporter.locator("table.ir-table").inner_text()
    reporter.goto(f"{live_server.url}/admin/info-reporting/items/{item.pk}/")
    assert "请补充整改资金和完成时限" in reporter.content()
    reporter.goto(f"{live_server.url}/admin/pages/{item.pk}/edit/")
    type_body(reporter, "全区排查防汛隐患点36处，已整改28处，投入整改资金120万元，其余8处6月底前完成。")
    submit_in_action_menu(reporter)
    reporter.wait_for_load_state()
    item.refresh_from_db()
    assert item.status == "submitted"

    # 4. the editor adopts it at two levels
    editor.goto(f"{live_server.url}/admin/info-reporting/items/{item.pk}/")
    editor.locator("#panel-adopt label", has_text="本级采用").click()
    editor.locator("#panel-adopt label", has_text="编入刊物").click()
    editor.locator("#panel-adopt button[type=submit]").click()
    editor.wait_for_load_state()
    item.refresh_from_db()
    assert item.status == "adopted"
    assert sorted(item.adoptions.values_list("level__name", flat=True)) == ["本级采用", "编入刊物"]

    # 5. it is in the next issue of 《政务信息》
    editor.goto(f"{live_server.url}/admin/info-reporting/issues/compile/")
    row = editor.locator("table.candidates tr", has_text=TITLE)
    assert row.locator("input[type=checkbox]").is_checked()
    editor.get_by_role("button", name="编排本期").click()
    editor.wait_for_url(re.compile(r".*/issues/\d+/print/"))
    year = datetime.date.today().year
    assert f"{year}年第1期" in editor.locator("header.masthead").inner_text()
    assert TITLE in editor.locator("section.contents").inner_text()
    assert "整改资金120万元" in editor.content()

    # 6. and in the ranking: 本级采用 3 + 编入刊物 10 = 13
    editor.goto(f"{live_server.url}/admin/info-reporting/rankings/?period=year&year={year}")
    first = editor.locator("table.ranking tbody tr").first
    assert "示范市东城区人民政府" in first.inner_text() and "13" in first.inner_text()
    # the unit sees its item as 已采用 on the site
    reporter.goto(f"{live_server.url}{info_ready.url}")
    assert "已采用" in reporter.locator("table.info-items").inner_text()

    reporter_ctx.close()
    editor_ctx.close()
