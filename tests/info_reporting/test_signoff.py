"""审签 (info_reporting.md §1–2): once a unit has a 审签人 in the system, its items leave the unit
only after sign-off: 草稿 → 待审签 → (审签通过) 已报送, or (审签退回, comment required) → 草稿."""
import pytest

from info_reporting import services
from info_reporting.models import InfoReportPage, ItemEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(info_site, make_reporter):
    from info_reporting.access import SIGNER_GROUP

    return make_reporter("head", "示范市东城区人民政府", SIGNER_GROUP, first_name="赵主任")


@pytest.fixture
def other_head(info_site, make_reporter):
    from info_reporting.access import SIGNER_GROUP

    return make_reporter("head2", "示范市发展和改革委员会", SIGNER_GROUP)


def process(c, item, action, **data):
    return c.post(f"/admin/info-reporting/items/{item.pk}/", {"action": action, **{f"{action}-{k}": v for k, v in data.items()}}, follow=True)


def test_units_without_a_signer_submit_directly(make_item, users, default_rules):
    item = services.submit(make_item(), users["reporter"])
    assert item.status == "submitted" and item.signed_off_by is None


def test_reporter_cannot_bypass_signoff(make_item, users, head, default_rules, login):
    item = make_item()
    with pytest.raises(services.TransitionError, match="须经审签人.*审签后才能报送，请先“送审签”"):
        services.submit(item, users["reporter"])
    c = login("reporter")
    page = c.get(f"/admin/info-reporting/items/{item.pk}/").content.decode()
    assert "送审签" in page and 'value="submit"' not in page
    response = process(c, item, "submit")
    assert "请先“送审签”" in response.content.decode()
    # nor through the Wagtail editor's submit button
    assert not item.permissions_for_user(users["reporter"]).can_submit_for_moderation()
    item.refresh_from_db()
    assert item.status == "draft" and not item.workflow_states.exists()


def test_signoff_flow_records_signer_and_submits(make_item, users, head, default_rules, mailoutbox,
                                                django_capture_on_commit_callbacks, login):
    item = make_item()
    c = login("reporter")
    with django_capture_on_commit_callbacks(execute=True):
        process(c, item, "send_signoff")
    item.refresh_from_db()
    assert item.status == "awaiting_signoff"
    assert any("head@example.gov.cn" in m.to and "待审签" in m.subject for m in mailoutbox)
    # the editors cannot act on it yet
    with pytest.raises(services.TransitionError):
        services.adopt(item, users["editor"], ["own_regular"])
    assert "待审签" in c.get("/admin/info-reporting/items/").content.decode()
    h = login("head")
    page = h.get(f"/admin/info-reporting/items/{item.pk}/").content.decode()
    assert "审签通过并报送" in page
    process(h, item, "sign_off", comment="同意报送")
    item.refresh_from_db()
    assert item.status == "submitted" and item.signed_off_by == head and item.signed_off_at
    assert item.current_workflow_task.name == "信息采用审核"
    actions = list(ItemEvent.objects.filter(item=item).values_list("action", flat=True))
    assert actions == ["send_signoff", "signoff", "submit"]
    assert "赵主任" in c.get(f"/admin/info-reporting/items/{item.pk}/").content.decode()


def test_refusing_signoff_needs_a_comment_and_returns_a_draft(make_item, users, head, default_rules, login):
    item = services.send_for_signoff(make_item(), users["reporter"])
    h = login("head")
    response = process(h, item, "refuse_signoff", comment="")
    assert "审签退回必须填写意见" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "awaiting_signoff"
    process(h, item, "refuse_signoff", comment="数据口径请与统计局核对")
    item.refresh_from_db()
    assert item.status == "draft"
    page = login("reporter").get(f"/admin/info-reporting/items/{item.pk}/").content.decode()
    assert "数据口径请与统计局核对" in page and "审签退回" in page


def test_only_the_own_units_signer_signs(make_item, users, head, other_head, default_rules, login):
    item = services.send_for_signoff(make_item(), users["reporter"])
    for user in (users["reporter"], other_head, users["editor"]):
        with pytest.raises(services.TransitionError, match="只有本单位的审签人"):
            services.sign_off(item, user)
    # the other unit's head does not even see it
    assert item.title not in login("head2").get("/admin/info-reporting/items/").content.decode()
    assert login("head2").get(f"/admin/info-reporting/items/{item.pk}/").status_code == 404
    item.refresh_from_db()
    assert item.status == "awaiting_signoff"


def test_a_returned_item_is_signed_off_again_before_resubmission(make_item, users, head, default_rules):
    item = services.sign_off(services.send_for_signoff(make_item(), users["reporter"]), head)
    services.return_item(item, users["editor"], "请补充数据")
    item.refresh_from_db()
    with pytest.raises(services.TransitionError, match="送审签"):
        services.submit(item, users["reporter"])
    item = services.send_for_signoff(item, users["reporter"])
    assert InfoReportPage.objects.get(pk=item.pk).signed_off_by is None
    item = services.sign_off(item, head)
    assert item.status == "submitted" and item.signed_off_by == head
    assert ItemEvent.objects.filter(item=item).last().action == "resubmit"


def test_signer_may_submit_own_draft_directly(make_item, users, head, default_rules):
    item = make_item(user=head)
    item = services.submit(item, head)
    assert item.status == "submitted" and item.signed_off_by == head


def test_send_for_signoff_without_signer_in_the_unit_is_refused(make_item, users, default_rules):
    with pytest.raises(services.TransitionError, match="尚未在系统中设置审签人"):
        services.send_for_signoff(make_item(), users["reporter"])
