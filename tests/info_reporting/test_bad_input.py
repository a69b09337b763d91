"""The issue's “Bad input” list end to end: each refusal has a Chinese reason and leaves nothing
half-saved (no state change, no record, no event, no issue number taken)."""
import pytest

from info_reporting import services
from info_reporting.models import AdoptionRecord, InfoReportPage, ItemEvent, PeriodicalIssue

pytestmark = pytest.mark.django_db


def snapshot(item):
    item = InfoReportPage.objects.get(pk=item.pk)
    return (item.status, item.submitted_at, item.decided_at, AdoptionRecord.objects.filter(item=item).count(),
            ItemEvent.objects.filter(item=item).count(), item.workflow_states.count())


def test_submitting_for_another_unit_changes_nothing(make_item, users, default_rules, unit_of):
    item = make_item(user="editor", unit=unit_of("示范市财政局"))
    before = snapshot(item)
    with pytest.raises(services.TransitionError, match="只能为本单位（示范市东城区人民政府）报送信息，不能代“示范市财政局”报送"):
        services.submit(item, users["reporter"])
    assert snapshot(item) == before


def test_adopting_a_returned_item_changes_nothing(submitted_item, users, client_for):
    item = submitted_item()
    services.return_item(item, users["editor"], "请补充数据")
    before = snapshot(item)
    response = client_for("editor").post(f"/admin/info-reporting/items/{item.pk}/", {
        "action": "adopt", "adopt-levels": ["own_regular", "own_special"], "adopt-form": "full"}, follow=True)
    assert "该信息已退回修改，须由报送单位修改并重新报送后才能采用" in response.content.decode()
    assert snapshot(item) == before


def test_adopting_at_an_unpriced_level_changes_nothing(submitted_item, users):
    from info_reporting.models import RuleSetLevelPoints

    item = submitted_item()
    RuleSetLevelPoints.objects.filter(level__code="national").delete()
    before = snapshot(item)
    with pytest.raises(services.TransitionError, match="计分规则没有“.*”的分值"):
        services.adopt(item, users["editor"], ["own_regular", "national"])  # the first level is fine
    assert snapshot(item) == before


def test_an_issue_number_leaving_a_gap_takes_no_number_and_links_nothing(submitted_item, users):
    first, second = submitted_item("第一条"), submitted_item("第二条")
    for item in (first, second):
        services.adopt(item, users["editor"], ["own_regular", "own_special"])
    assert services.compile_issue(users["editor"], [first.pk]).number == 1
    with pytest.raises(services.TransitionError, match="期号不能跳号：填写第3期会空出第2期，下一期应为第2期"):
        services.compile_issue(users["editor"], [second.pk], number=3)
    assert list(PeriodicalIssue.objects.values_list("number", flat=True)) == [1]
    assert AdoptionRecord.objects.filter(item=second, issue__isnull=False).count() == 0
    assert not ItemEvent.objects.filter(item=second, action="issue").exists()
    assert services.compile_issue(users["editor"], [second.pk]).number == 2


def test_sending_for_signoff_without_a_signer_changes_nothing(make_item, users, info_site):
    """(Naming the own unit as co-unit is refused in test_joint; refusing sign-off without a
    comment in test_signoff.)"""
    item = make_item()
    before = snapshot(item)
    with pytest.raises(services.TransitionError, match="尚未在系统中设置审签人"):
        services.send_for_signoff(item, users["reporter"])
    assert snapshot(item) == before
