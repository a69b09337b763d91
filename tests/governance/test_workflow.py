"""The governed workflow end to end (programmatic): order, four-eyes, comments, re-approval."""
import pytest
from django.core.exceptions import PermissionDenied
from wagtail.models import TaskState

from governance.models.tasks import ReviewRuleError

pytestmark = pytest.mark.django_db


def _fresh(page):
    return type(page).objects.get(pk=page.pk)


def test_full_cycle_publishes_only_after_every_step(make_draft, review):
    page = make_draft()
    state = review.submit(page)
    assert state.current_task_state.task.name == "初审"  # 自动检查 passed on its own
    for username, step in (("reviewer", "初审"), ("secrecy", "保密审查"), ("reviewer2", "复审")):
        assert review.current(page).task.name == step
        review.act(page, username)
        assert not _fresh(page).live
    assert review.current(page).task.name == "终审/签发"
    review.act(page, "signer")
    page = _fresh(page)
    assert page.live
    assert page.current_workflow_state is None


def test_default_workflow_order(governance):
    names = [t.name for t in governance["workflows"]["default"].tasks]
    assert names == ["自动检查", "初审", "保密审查", "复审", "终审/签发"]


def test_setup_is_idempotent(governance):
    from wagtail.models import Workflow

    from governance.models import WorkflowPolicy, WordingRuleEntry
    from governance.setup import ensure_governance

    counts = (Workflow.objects.count(), WorkflowPolicy.objects.count(), WordingRuleEntry.objects.count())
    ensure_governance()
    ensure_governance()
    assert counts == (Workflow.objects.count(), WorkflowPolicy.objects.count(), WordingRuleEntry.objects.count())


def test_setup_workflows_command(site_tree):
    from django.core.management import call_command

    call_command("setup_workflows")
    call_command("setup_workflows")
    from wagtail.models import Workflow

    assert Workflow.objects.filter(name="政府信息三审（含保密审查）").count() == 1


@pytest.mark.parametrize("who", ["editor", "admin"])
def test_submitter_can_never_approve(make_draft, review, who):
    page = make_draft(owner=who)
    review.submit(page, who)
    state = review.current(page)
    assert state.task.specific.get_actions(_fresh(page), review.users[who]) == []
    with pytest.raises(ReviewRuleError, match="提交人"):
        review.act(page, who)


def test_last_editor_cannot_approve_even_as_superuser(make_draft, review):
    page = make_draft()
    review.submit(page)
    # the administrator edits the content while it is in review ...
    page = _fresh(page)
    page.summary = "管理员修改过的概述"
    page.save_revision(user=review.users["admin"])
    with pytest.raises(ReviewRuleError, match="最后修改人"):
        review.act(page, "admin")


def test_three_reviews_need_three_people(make_draft, review):
    page = make_draft()
    review.submit(page)
    review.act(page, "reviewer")  # 初审
    review.act(page, "secrecy")  # 保密审查
    with pytest.raises(ReviewRuleError, match="初审"):
        review.act(page, "reviewer")  # 复审 by the same person
    review.act(page, "reviewer2")
    assert review.current(page).task.name == "终审/签发"


def test_reject_requires_a_comment(make_draft, review):
    page = make_draft()
    review.submit(page)
    with pytest.raises(ReviewRuleError, match="必须填写意见"):
        review.act(page, "reviewer", "reject")
    with pytest.raises(ReviewRuleError, match="必须填写意见"):
        review.act(page, "reviewer", "reject", comment="   ")
    review.act(page, "reviewer", "reject", comment="发文字号有误，请核对")
    state = _fresh(page).current_workflow_state
    assert state.status == state.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == "发文字号有误，请核对"


def test_secrecy_review_records_checklist_conclusion_and_reviewer(make_draft, review, secrecy_data):
    from governance.models import SecrecyReviewTaskState

    page = make_draft()
    review.submit(page)
    review.act(page, "reviewer")
    state = review.current(page)
    assert state.task.name == "保密审查"
    # a checklist item answered "涉及" cannot be approved
    with pytest.raises(ReviewRuleError, match="国家秘密"):
        review.act(page, "secrecy", "approve", **secrecy_data(state_secret="involved"))
    # the checklist is required
    with pytest.raises(ReviewRuleError):
        review.act(page, "secrecy", "approve", comment="同意")
    review.act(page, "secrecy", "approve", **secrecy_data(personal_info="handled", comment="名单已去标识化"))
    done = SecrecyReviewTaskState.objects.get(pk=state.pk)
    assert done.status == TaskState.STATUS_APPROVED
    assert done.finished_by == review.users["secrecy"]
    assert done.finished_at is not None
    assert dict(done.checklist()) == {
        "国家秘密": "不涉及", "工作秘密": "不涉及", "个人信息": "涉及，已去标识化或属依法公示", "商业秘密": "不涉及",
    }
    assert done.get_conclusion_display() == "同意公开"
    assert "名单已去标识化" in done.get_comment()


def test_secrecy_rejection_needs_comment_and_keeps_checklist(make_draft, review, secrecy_data):
    from governance.models import SecrecyReviewTaskState

    page = make_draft()
    review.submit(page)
    review.act(page, "reviewer")
    state = review.current(page)
    with pytest.raises(ReviewRuleError, match="必须填写意见"):
        review.act(page, "secrecy", "reject", personal_info="involved")
    review.act(page, "secrecy", "reject", personal_info="involved", conclusion="revise",
               comment="附件含身份证号码，须遮盖后重新报审")
    done = SecrecyReviewTaskState.objects.get(pk=state.pk)
    assert done.status == TaskState.STATUS_REJECTED and done.personal_info == "involved"


def test_resubmission_after_return_starts_again_at_the_checks(make_draft, review):
    page = make_draft()
    review.submit(page)
    review.act(page, "reviewer")
    review.act(page, "secrecy")
    review.act(page, "reviewer2", "reject", comment="请补充政策依据")
    page = _fresh(page)
    page.summary = "补充了政策依据"
    page.save_revision(user=review.users["editor"])
    page.current_workflow_state.resume(review.users["editor"])
    # all steps run again on the new content, in order
    assert review.current(page).task.name == "初审"
    order = []
    for username in ("reviewer", "secrecy", "reviewer2", "signer"):
        order.append(review.current(page).task.name)
        review.act(page, username)
    assert order == ["初审", "保密审查", "复审", "终审/签发"]
    assert _fresh(page).live


def test_edit_during_review_restarts_from_first_step(make_draft, review):
    page = make_draft()
    review.submit(page)
    review.act(page, "reviewer")
    review.act(page, "secrecy")
    # someone with edit rights changes the text while 复审 is open
    page = _fresh(page)
    page.summary = "审核期间修改的概述"
    page.save_revision(user=review.users["editor"])
    review.act(page, "reviewer2")  # the approval is turned into a restart
    assert review.current(page).task.name == "初审"
    review.approve_all(page, order=("reviewer", "secrecy", "reviewer2", "signer"))
    page = _fresh(page)
    assert page.live and page.summary == "审核期间修改的概述"


def test_edits_after_approval_need_a_new_review(make_draft, review, users):
    page = make_draft()
    review.submit(page)
    page = review.approve_all(page)
    assert page.live
    assert page.permissions_for_user(users["admin"]).can_publish() is False or not page.has_unpublished_changes
    page.summary = "发布后修改"
    page.save_revision(user=users["editor"])
    page = _fresh(page)
    for username in ("admin", "reviewer", "editor"):
        assert not page.permissions_for_user(users[username]).can_publish()
    with pytest.raises(PermissionDenied):
        page.get_latest_revision().publish(user=users["admin"])
    assert _fresh(page).summary != "发布后修改"


def test_workflow_without_secrecy_cannot_publish_policy_content(make_draft, review, governance):
    """Defence in depth: even if an administrator misconfigures the policy, policy
    content never goes live without a 保密审查 approval."""
    from wagtail.models import Workflow, WorkflowTask

    from governance.models import WorkflowPolicy

    tasks = governance["tasks"]
    light = Workflow.objects.create(name="缺少保密审查的流程")
    for i, task in enumerate([tasks["checks"], tasks["first"]]):
        WorkflowTask.objects.create(workflow=light, task=task, sort_order=i)
    WorkflowPolicy.objects.update(workflow=light)  # bypasses clean() on purpose
    page = make_draft()
    review.submit(page)
    with pytest.raises(PermissionDenied):
        review.act(page, "reviewer")
    assert not _fresh(page).live


def test_policy_validation_requires_checks_and_secrecy(governance, site_tree):
    from django.core.exceptions import ValidationError
    from wagtail.models import Workflow, WorkflowTask

    from governance.models import WorkflowPolicy

    tasks = governance["tasks"]
    light = Workflow.objects.create(name="轻流程")
    WorkflowTask.objects.create(workflow=light, task=tasks["first"], sort_order=0)
    policy = WorkflowPolicy(name="政策栏目", section=site_tree["policies"], workflow=light)
    with pytest.raises(ValidationError) as exc:
        policy.full_clean()
    text = str(exc.value)
    assert "自动检查" in text and "保密审查" in text


def test_placeful_policy_by_section_and_type(governance, site_tree, make_draft):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Workflow, WorkflowTask

    from governance.models import WorkflowPolicy
    from governance.services.policies import resolve_workflow
    from policies.models import PolicyDocumentPage

    tasks = governance["tasks"]
    special = Workflow.objects.create(name="政策文件专用流程")
    for i, key in enumerate(["checks", "first", "secrecy", "final"]):
        WorkflowTask.objects.create(workflow=special, task=tasks[key], sort_order=i)
    policy = WorkflowPolicy.objects.create(name="政策文件", section=site_tree["policies"], workflow=special)
    policy.page_types.add(ContentType.objects.get_for_model(PolicyDocumentPage))
    page = make_draft()
    assert page.get_workflow() == special
    assert resolve_workflow(path=site_tree["policies"].path, page_class=PolicyDocumentPage) == special
    policy.active = False
    policy.save()
    assert page.get_workflow() == governance["workflows"]["default"]


def test_info_reporting_section_uses_its_own_workflow(governance, site_tree):
    from governance.services.policies import resolve_workflow
    from policies.models import PolicyDocumentPage

    wf = resolve_workflow(path=site_tree["info_reporting"].path + "0001", page_class=PolicyDocumentPage)
    assert wf == governance["workflows"]["reporting"]


def test_checks_errors_send_submission_back_with_positions(make_draft, review):
    page = make_draft(summary="联系人：张三，身份证号 11010519491231002X，电话 13812345678")
    state = review.submit(page)
    state.refresh_from_db()
    assert state.status == state.STATUS_NEEDS_CHANGES
    task_state = state.current_task_state.specific
    assert task_state.task.name == "自动检查" and task_state.status == TaskState.STATUS_REJECTED
    run = task_state.check_run
    checks = {f["check"]: f for f in run.findings}
    assert checks["pii.id_number"]["field"] == "summary"
    text = "联系人：张三，身份证号 11010519491231002X，电话 13812345678"
    assert text[checks["pii.id_number"]["start"]:checks["pii.id_number"]["end"]] == "11010519491231002X"
    assert "内容概述" in checks["pii.mobile"]["where"]
    assert "11010519491231002X" not in task_state.comment  # the comment shows masked values only


def test_warnings_do_not_block_but_reach_the_reviewer(make_draft, review, reviewers):
    from governance.services.inbox import review_items

    page = make_draft(summary="根据国家计委有关规定执行")  # outdated name: a warning
    review.submit(page)
    assert review.current(page).task.name == "初审"
    items = [i for i in review_items(reviewers["reviewer"]) if i.page.pk == page.pk]
    assert items and any("国家计委" in w["message"] for w in items[0].warnings)


def test_wagtail_default_workflow_never_governs_government_content(make_draft, site_tree):
    """Wagtail's own “Moderators approval” (assigned to the root page) lacks the checks
    and 保密审查: a governed page follows the governance policy, and without any policy it
    has no workflow at all (so it cannot be published) rather than falling back to Wagtail's."""
    from wagtail.models import Workflow, WorkflowPage

    from governance.models import WorkflowPolicy
    from governance.setup import DEFAULT_WORKFLOW

    assert WorkflowPage.objects.filter(workflow__in=Workflow.objects.filter(active=True)).exists()
    page = make_draft()
    assert page.get_workflow().name == DEFAULT_WORKFLOW
    WorkflowPolicy.objects.all().delete()
    page = type(page).objects.get(pk=page.pk)
    assert page.get_workflow() is None and not page.has_workflow
