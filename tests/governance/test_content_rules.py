"""Content rules: event × condition → notify a group (e-mail, admin notification) / add to a collection."""
import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def collection(site_tree):
    from governance.models import CollectionPage

    page = CollectionPage(title="最新政策", slug="zxzc")
    site_tree["disclosure"].add_child(instance=page)
    page.save_revision().publish()
    return page


def test_rules_fire_on_events_and_match_conditions(make_draft, review, reviewers, collection, site_tree):
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType

    from governance.models import AdminNotification, CollectionItem, ContentRule
    from policies.models import PolicyDocumentPage

    signers = Group.objects.get(name="签发人")
    on_submit = ContentRule.objects.create(name="提交后通知签发人", event="submitted", notify_group=signers)
    on_publish = ContentRule.objects.create(
        name="政策文件发布后加入最新政策", event="published", section=site_tree["policies"],
        add_to_collection=collection, notify_group=Group.objects.get(name="审核人"), notify_by_email=False,
    )
    on_publish.page_types.add(ContentType.objects.get_for_model(PolicyDocumentPage))
    elsewhere = ContentRule.objects.create(name="其他栏目", event="published", section=site_tree["notices"],
                                           notify_group=signers)
    on_reject = ContentRule.objects.create(name="退回提醒", event="rejected", notify_group=signers,
                                           notify_by_email=True, notify_in_admin=False)

    page = make_draft()
    review.submit(page)
    assert AdminNotification.objects.filter(user=reviewers["signer"], rule=on_submit).count() == 1
    assert any("提交审核" in m.subject and m.to == ["signer@example.gov.cn"] for m in mail.outbox)
    review.act(page, "reviewer", "reject", comment="请修改")
    assert any("请修改" in m.body for m in mail.outbox)
    page = type(page).objects.get(pk=page.pk)
    page.save_revision(user=reviewers["editor"])
    page.current_workflow_state.resume(reviewers["editor"])
    review.approve_all(page, order=("reviewer", "secrecy", "reviewer2", "signer"))
    assert CollectionItem.objects.filter(collection=collection, page_id=page.pk, added_by_rule=on_publish).exists()
    assert AdminNotification.objects.filter(rule=on_publish).count() == 2  # reviewer, reviewer2
    assert not AdminNotification.objects.filter(rule=elsewhere).exists()
    assert page.title in [p.title for p in collection.latest_items(10)]
    assert on_reject


def test_rule_needs_an_action(site_tree):
    from django.core.exceptions import ValidationError

    from governance.models import ContentRule

    with pytest.raises(ValidationError):
        ContentRule(name="空规则", event="published").full_clean()


def test_notification_screen(make_draft, review, reviewers, client_for):
    from django.contrib.auth.models import Group

    from governance.models import ContentRule

    ContentRule.objects.create(name="提交通知", event="submitted", notify_group=Group.objects.get(name="审核人"))
    review.submit(make_draft(title="待审核的通知"))
    c = client_for("reviewer")
    assert "待审核的通知" in c.get("/admin/").content.decode()
    assert "待审核的通知" in c.get("/admin/governance/notifications/").content.decode()
