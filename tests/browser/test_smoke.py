"""The portal in a real headless Chromium: home page, navigation, admin login, 200% zoom, care mode."""
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_home_renders_without_console_errors_and_navigates_to_policy_library(page, live_server, site_tree, make_policy):
    make_policy("关于印发示范市政务公开工作要点的通知", doc_number="示政办发〔2026〕3号")
    page.goto(live_server.url + "/")
    assert page.locator("h2", has_text="政策文件库").count() == 1
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="政策文件库").click()
    page.wait_for_url(f"{live_server.url}/zcwjk/")
    assert page.locator("h1").inner_text() == "政策文件库"
    page.get_by_role("link", name="关于印发示范市政务公开工作要点的通知").click()
    assert "示政办发〔2026〕3号" in page.locator("table.meta-box").inner_text()
    assert page.console_errors == []


def test_keyboard_user_reaches_skip_link_and_focus_is_visible(page, live_server, site_tree):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "跳到主要内容"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_layout_holds_at_200_percent_zoom_and_care_mode_enlarges_text(browser, live_server, site_tree):
    # 200% zoom of a 1280px window is a 640 CSS-pixel viewport: nothing may overflow horizontally.
    context = browser.new_context(viewport={"width": 640, "height": 900}, device_scale_factor=2)
    tab = context.new_page()
    tab.goto(live_server.url + "/")
    assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    before = tab.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    tab.click("#care-toggle")
    after = tab.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert after >= before * 1.2
    assert tab.get_attribute("#care-toggle", "aria-pressed") == "true"
    context.close()


def test_admin_login_works_for_an_editor(page, live_server, users, admin_login):
    admin_login("editor", "pw-for-tests-only")
    assert page.url == f"{live_server.url}/admin/"
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.goto(live_server.url + "/admin/pages/")
    assert "政务公开门户" in page.content()


def test_wrong_password_gets_a_chinese_error(page, live_server, users):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "wrong")
    page.click("button[type=submit]")
    assert page.wait_for_selector("text=不匹配", timeout=10000) is not None
