"""An editor submitting a notice with an unmasked ID number sees where it is, masks it, and submits."""
import pytest

from cms_pages.notices.testing import choose_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def notice_kinds(site_tree):
    # Migration-seeded rows can be missing here: after a browser test, the main thread may get a new
    # database connection without the serialized contents to restore (reported to the lead).
    from cms_pages.notices.kinds import ensure_default_kinds

    ensure_default_kinds()


def submit_from_footer(page, action):
    """Open the footer's 更多动作 menu and press the action, waiting for the next page."""
    toggle = page.locator("footer .w-dropdown-button .w-dropdown__toggle")
    toggle.scroll_into_view_if_needed()
    toggle.click()
    with page.expect_navigation():
        page.locator(f"footer button[name={action}]").click()


def test_editor_sees_personal_data_findings_and_submits_after_masking(page, live_server, site_tree, users, admin_login,
                                                                     settings):
    """Submitted into governance's default review (三审 + 保密审查), whose automated check also needs
    内容概述, 成文日期 and 发布机构 — filled in as an editor would."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # background autosaves race the submit on the test SQLite database
    from cms_pages.notices.models import NoticePage

    board = site_tree["notices"]
    admin_login("editor", "pw-for-tests-only")
    page.goto(f"{live_server.url}/admin/pages/add/notices/noticepage/{board.pk}/")
    page.fill("#id_title", "拟录用人员名单公示")
    page.select_option("#id_kind", label="公示")
    page.fill("#id_objection_channel", "市人社局，电话 0571-12345678")
    page.fill("#id_summary", "拟录用人员名单")
    editor = page.locator(".DraftEditor-root [contenteditable=true]")
    editor.click()
    page.keyboard.type("张三，身份证号11010519491231002X。")
    # Draftail writes its content to the hidden form field a moment after typing
    page.wait_for_function("document.querySelector('input[name=body]').value.includes('11010519491231002X')")
    page.get_by_role("tab", name="元数据").click()
    page.fill("#id_formed_date", "2026-03-01")
    choose_organisation(page, "示范市人民政府办公室")
    page.get_by_role("tab", name="推广").click()
    page.fill("#id_slug", "luyong-gongshi")
    submit_from_footer(page, "action-submit")

    assert page.url.endswith(f"/admin/pages/add/notices/noticepage/{board.pk}/"), "submission must be refused"
    page.get_by_role("tab", name="内容").click()
    page.get_by_text("正文第1段：发现居民身份证号码").locator("visible=true").first.wait_for()
    assert "11*************02X" in page.content()
    assert not NoticePage.objects.filter(slug="luyong-gongshi").exists()

    # mask it automatically and submit again
    page.check("#id_auto_mask")
    submit_from_footer(page, "action-submit")
    page.wait_for_url(f"{live_server.url}/admin/pages/{board.pk}/")
    notice = NoticePage.objects.get(slug="luyong-gongshi")
    body = notice.get_latest_revision_as_object().body
    assert "11*************02X" in body and "11010519491231002X" not in body
