"""A full 三审 + 保密审查 cycle in a real browser, with four users.

editor  — writes the policy document and submits it (and cannot approve it);
审核人 A — 初审 and, holding the 保密审查员 role too, the 保密审查 checklist;
审核人 B — 复审 from the review inbox (A may not do it: 三审 needs three people);
签发人 C — 终审/签发, which publishes the document.
"""
import datetime

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "pw-for-tests-only"


@pytest.fixture
def cycle_users(users):
    from django.contrib.auth.models import Group, User

    from governance.setup import ensure_governance

    ensure_governance()
    reviewer_a = users["reviewer"]
    reviewer_a.groups.add(Group.objects.get(name="保密审查员"))
    reviewer_b = User.objects.create_user("reviewer_b", "b@example.gov.cn", PASSWORD)
    reviewer_b.groups.add(Group.objects.get(name="审核人"))
    signer = User.objects.create_user("signer_c", "c@example.gov.cn", PASSWORD)
    signer.groups.add(Group.objects.get(name="签发人"))
    return {"editor": users["editor"], "a": reviewer_a, "b": reviewer_b, "c": signer}


@pytest.fixture
def draft(site_tree, cycle_users):
    from cms_pages.models import OrganisationUnit, TopicCategory
    from policies.models import PolicyDocumentPage

    parent, _ = TopicCategory.objects.get_or_create(name="综合政务", parent=None)
    topic, _ = TopicCategory.objects.get_or_create(name="政务公开", parent=parent)
    page = PolicyDocumentPage(
        title="示范市关于做好2026年政务公开工作的通知", slug="zwgk-2026", live=False,
        owner=cycle_users["editor"], summary="部署2026年政务公开重点工作",
        formed_date=datetime.date(2026, 3, 1), topic=topic,
        issuing_organisation=OrganisationUnit.objects.get(name="示范市人民政府办公室"),
        body="<p>各区人民政府，市政府各部门：现将有关事项通知如下。</p>",
    )
    site_tree["policies"].add_child(instance=page)
    page.save_revision(user=cycle_users["editor"])
    return page


def _login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def _open_action_menu(page):
    toggle = page.locator("footer [data-w-dropdown-target='toggle'], .footer [data-w-dropdown-target='toggle']").first
    if toggle.count():
        toggle.click()


def _click_action(page, selector):
    _open_action_menu(page)
    button = page.locator(selector).first
    if not button.is_visible():
        _open_action_menu(page)
    with page.expect_navigation():
        button.click()


def _state(draft):
    from policies.models import PolicyDocumentPage

    return PolicyDocumentPage.objects.get(pk=draft.pk)


def test_full_review_cycle_with_four_users(page, live_server, cycle_users, draft):
    edit_url = f"{live_server.url}/admin/pages/{draft.pk}/edit/"

    # 1. the editor submits; the public cannot see the draft
    _login(page, live_server, "editor")
    page.goto(edit_url)
    assert page.locator("button[name='action-publish']").count() == 0  # no way around the workflow
    _click_action(page, "button[name='action-submit']")
    assert _state(draft).current_workflow_state.current_task_state.task.name == "初审"
    page.goto(edit_url)
    assert page.locator("button[data-workflow-action-name='approve']").count() == 0  # four-eyes

    # 2. reviewer A: 初审 from the edit view
    _login(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/admin/governance/inbox/")
    assert draft.title in page.locator("[data-inbox-table]").inner_text()
    page.goto(edit_url)
    _click_action(page, "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])")
    assert _state(draft).current_workflow_state.current_task_state.task.name == "保密审查"

    # 3. reviewer A (also 保密审查员): the checklist in the modal
    page.goto(edit_url)
    _open_action_menu(page)
    page.locator("button[data-workflow-action-name='approve'][data-workflow-action-modal-url]").first.click()
    modal = page.locator(".modal-content")
    modal.wait_for()
    for name in ("state_secret", "work_secret", "personal_info", "commercial_secret"):
        modal.locator(f"input[name='{name}'][value='none']").check()
    modal.locator("select[name='conclusion']").select_option("publish")
    modal.locator("textarea[name='comment']").fill("经审查，不涉及国家秘密、工作秘密、个人信息和商业秘密，同意公开")
    with page.expect_navigation():
        modal.locator("button[type='submit']").click()
    state = _state(draft).current_workflow_state
    assert state.current_task_state.task.name == "复审"

    # A may not do 复审 as well: the inbox lists the item under “不能由您审核”
    page.goto(f"{live_server.url}/admin/governance/inbox/")
    assert "须由其他人员办理" in page.content()

    # 4. reviewer B: 复审 through the inbox's bulk approval
    _login(page, live_server, "reviewer_b")
    page.goto(f"{live_server.url}/admin/governance/inbox/")
    row = page.locator("[data-inbox-table] tr", has_text=draft.title)
    row.locator("input[name='task_states']").check()
    page.fill("#id_comment", "同意")
    with page.expect_navigation():
        page.click("button[name='action'][value='approve']")
    assert "已通过 1 条" in page.content()
    assert _state(draft).current_workflow_state.current_task_state.task.name == "终审/签发"
    assert not _state(draft).live

    # 5. signer C: 终审/签发 publishes
    _login(page, live_server, "signer_c")
    page.goto(edit_url)
    _click_action(page, "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])")
    published = _state(draft)
    assert published.live and published.current_workflow_state is None

    # the public page is there, and the 审核记录 names everybody
    page.goto(f"{live_server.url}/zcwjk/zwgk-2026/")
    assert page.locator("h1").inner_text().strip() == draft.title
    _login(page, live_server, "editor")
    page.goto(f"{live_server.url}/admin/governance/history/{draft.pk}/")
    history = page.locator("[data-history-table]").inner_text()
    for text in ("提交审核", "自动检查", "初审", "保密审查通过", "国家秘密：不涉及", "复审", "终审/签发", "发布",
                 "editor", "reviewer", "reviewer_b", "signer_c"):
        assert text in history, text
