"""The item lifecycle through the service module and the Wagtail workflow underneath."""
import pytest
from django.core import mail

from info_reporting import services
from info_reporting.models import AdoptionRecord, InfoReportPage, ItemEvent

pytestmark = pytest.mark.django_db


def statuses(item):
    return list(ItemEvent.objects.filter(item=item).values_list("action", "to_status"))


def test_submit_return_resubmit_adopt_keeps_history(submitted_item, users):
    item = submitted_item()
    assert item.status == "submitted" and item.submitted_at
    assert item.current_workflow_state.status == "in_progress"

    services.return_item(item, users["editor"], "请补充具体数据和下一步措施")
    item.refresh_from_db()
    assert item.status == "returned"
    assert item.current_workflow_state.status == "needs_changes"
    # the comment is kept in Wagtail's workflow history too
    assert item.current_workflow_state.current_task_state.comment == "请补充具体数据和下一步措施"

    item.body = "<p>补充了数据。</p>"
    item.save_revision(user=users["reporter"])
    services.submit(item, users["reporter"])
    item.refresh_from_db()
    assert item.status == "submitted"

    services.adopt(item, users["editor"], ["own_regular", "own_special"])
    item.refresh_from_db()
    assert item.status == "adopted" and item.live
    assert sorted(AdoptionRecord.objects.filter(item=item).values_list("level__code", flat=True)) == ["own_regular", "own_special"]
    assert statuses(item) == [
        ("submit", "submitted"), ("return", "returned"), ("resubmit", "submitted"), ("adopt", "adopted"),
    ]
    assert ItemEvent.objects.get(item=item, action="return").comment == "请补充具体数据和下一步措施"


def test_publishing_the_revision_does_not_reset_the_status(submitted_item, users):
    item = submitted_item()
    services.adopt(item, users["editor"], ["own_regular"])
    item = InfoReportPage.objects.get(pk=item.pk)
    item.get_latest_revision().publish(user=users["editor"])
    assert InfoReportPage.objects.get(pk=item.pk).status == "adopted"


def test_adopting_a_returned_item_is_refused(submitted_item, users):
    item = submitted_item()
    services.return_item(item, users["editor"], "数据不准确")
    with pytest.raises(services.TransitionError, match="已退回修改，须由报送单位修改并重新报送后才能采用"):
        services.adopt(item, users["editor"], ["own_regular"])
    with pytest.raises(services.TransitionError, match="已退回修改"):
        services.add_adoptions(item, users["editor"], ["up_regular"])
    assert not AdoptionRecord.objects.filter(item=item).exists()


def test_return_requires_a_comment(submitted_item, users):
    item = submitted_item()
    with pytest.raises(services.TransitionError, match="退回必须填写意见"):
        services.return_item(item, users["editor"], "  ")
    assert InfoReportPage.objects.get(pk=item.pk).status == "submitted"


def test_submitting_for_another_unit_is_refused(make_item, users, unit_of, default_rules):
    item = make_item(user="reporter", unit=unit_of("示范市财政局"))
    with pytest.raises(services.TransitionError, match="只能为本单位（示范市东城区人民政府）报送信息，不能代“示范市财政局”报送"):
        services.submit(item, users["reporter"])
    assert InfoReportPage.objects.get(pk=item.pk).status == "draft"


def test_reporters_cannot_decide(submitted_item, users):
    item = submitted_item()
    with pytest.raises(services.TransitionError, match="只有信息科编辑"):
        services.adopt(item, users["reporter"], ["own_regular"])


def test_not_adopted_is_terminal_and_withdraw_only_before_a_decision(submitted_item, users):
    item = submitted_item()
    services.not_adopt(item, users["reviewer"], "与近期信息重复")
    item.refresh_from_db()
    assert item.status == "not_adopted" and not item.workflow_in_progress
    with pytest.raises(services.TransitionError, match="当前状态为“未采用”，不能报送"):
        services.submit(item, users["reporter"])
    other = submitted_item("另一条信息")
    services.withdraw(other, users["reporter"])
    assert InfoReportPage.objects.get(pk=other.pk).status == "withdrawn"
    with pytest.raises(services.TransitionError, match="只有已报送、信息科尚未处理的信息才能撤回"):
        services.withdraw(item, users["reporter"])


def test_instruction_and_further_adoptions_keep_the_item_adopted(submitted_item, users):
    item = submitted_item()
    with pytest.raises(services.TransitionError, match="批示只能记录在已采用的信息上"):
        services.record_instruction(item, users["editor"], "李市长", "city")
    services.adopt(item, users["editor"], ["own_regular"])
    services.add_adoptions(item, users["editor"], ["forward_province", "up_regular"])
    services.record_instruction(item, users["editor"], "李市长", "city", text="请市发改委研究", on_level_code="own_regular")
    assert InfoReportPage.objects.get(pk=item.pk).status == "adopted"
    with pytest.raises(services.TransitionError, match="已“上报上级”，不能重复上报"):
        services.add_adoptions(item, users["editor"], ["forward_province"])


def test_urgent_items_email_every_editor_at_once(submitted_item, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submitted_item("突发：某路段发生山体滑坡", urgency="urgent")
    urgent = [m for m in mail.outbox if m.subject.startswith("【紧急信息】")]
    assert len(urgent) == 1
    assert set(urgent[0].to) >= {"editor@example.gov.cn", "reviewer@example.gov.cn", "admin@example.gov.cn"}
    assert "reporter@example.gov.cn" not in urgent[0].to
    assert "示范市东城区人民政府" in urgent[0].body
