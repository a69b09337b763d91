"""In a real Chromium: an editor writes a repealing document in the Wagtail admin and submits it;
once the review has published it (三审 + 保密审查 through governance.testing; the review cycle in a
browser is test_governance_review_cycle.py) the old document reads 已废止 with a banner linking the new one, and the library's 有效性
facet finds it."""
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_publishing_a_repealing_document_flips_the_old_one_and_shows_the_banner(
    page, browser, live_server, site_tree, users, make_policy, admin_login, fill_review_metadata
):
    old = make_policy("示范市住宅物业管理办法", doc_number="示政发〔2019〕8号")
    library = site_tree["policies"]
    admin_login("admin", "pw-for-tests-only")

    page.goto(f"{live_server.url}/admin/pages/add/policies/policydocumentpage/{library.pk}/")
    page.fill("#id_title", "示范市住宅物业管理条例")
    fill_review_metadata("规范住宅物业管理活动", "2026-03-01", "示范市人民政府")
    page.fill("#id_doc_number", "示政发〔2026〕1号")
    page.get_by_role("tab", name="文件关系").click()
    page.click("#id_relations-ADD")
    page.select_option("#id_relations-0-kind", "repeals")
    page.click("#id_relations-0-target-chooser .unchosen button")
    modal = page.locator(".modal-content")
    modal.wait_for()
    # the chooser opens in the library, where the documents are
    modal.locator("a.choose-page", has_text="示范市住宅物业管理办法").click()
    page.wait_for_selector(".modal-content", state="detached")
    assert "示范市住宅物业管理办法" in page.inner_text("#id_relations-0-target-title")
    page.click("footer .w-dropdown--dropdown-button .w-dropdown__toggle")
    with page.expect_navigation():
        page.click("button[name='action-submit']")

    from governance.testing import publish_through_workflow
    from policies.models import PolicyDocumentPage

    new = PolicyDocumentPage.objects.get(title="示范市住宅物业管理条例")
    assert not new.live  # submitted: nothing is public before 三审 + 保密审查
    publish_through_workflow(new, submitted_by=users["admin"])

    # what an anonymous visitor sees, in a fresh context (the admin loads gravatar avatars from the internet)
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.goto(live_server.url + old.url)
    banner = page.locator("#validity-banner")
    assert "本文件已废止" in banner.inner_text()
    link = banner.get_by_role("link", name=re.compile("示范市住宅物业管理条例"))
    assert "示政发〔2026〕1号" in link.inner_text()
    assert "已废止" in page.locator("table.meta-box").inner_text()
    link.click()
    assert page.locator("h1").inner_text() == "示范市住宅物业管理条例"
    assert "示范市住宅物业管理办法" in page.locator("section.related-documents").inner_text()

    page.goto(f"{live_server.url}{library.url}?validity=已废止")
    rows = page.locator("table.doc-table tbody tr")
    assert rows.count() == 1 and "示范市住宅物业管理办法" in rows.first.inner_text()
    assert errors == []
    context.close()
