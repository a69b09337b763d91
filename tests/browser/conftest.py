"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright; no browser download."""
import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session", autouse=True)
def _keep_serialized_db_for_every_connection(django_db_setup):
    """Starting Playwright's event loop gives later tests new connection objects without the
    serialized test-database contents, so ``serialized_rollback`` silently restores nothing
    (the next browser test then finds no Locale). Keep the contents on the connection class."""
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            type(connections[alias])._test_serialized_contents = contents


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI 中必须有 Chromium：{CHROMIUM} 不存在")
        pytest.skip(f"未安装 Chromium（{CHROMIUM}）；运行 scripts/test 会自动安装")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.console_errors = []
    tab.on("console", lambda msg: msg.type == "error" and tab.console_errors.append(msg.text))
    tab.on("pageerror", lambda exc: tab.console_errors.append(str(exc)))
    yield tab
    context.close()


@pytest.fixture
def admin_login(page, live_server):
    """``admin_login(username, password)`` logs in through the real Wagtail login form."""

    def do(username, password):
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")

    return do



@pytest.fixture
def fill_review_metadata(page):
    """Fill what the review's automated check requires of every government page in the open
    Wagtail edit form: 内容概述, and on the 元数据 tab 成文日期 and 发布机构 (a snippet chooser)."""

    def fill(summary, formed_date, organisation):
        page.get_by_role("tab", name="内容").click()
        page.fill("#id_summary", summary)
        page.get_by_role("tab", name="元数据").click()
        page.fill("#id_formed_date", formed_date)
        page.click("#id_issuing_organisation-chooser .unchosen button")
        modal = page.locator(".modal-content")
        modal.wait_for()
        modal.get_by_role("link", name=organisation, exact=True).first.click()
        page.wait_for_selector(".modal-content", state="detached")

    return fill
