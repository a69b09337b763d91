"""Defence in depth: the save/delete guard holds even when a code path skips the
permission checks, and section-level actions cannot take governed content along."""
import pytest
from django.db import transaction
from django.test import Client
from wagtail.log_actions import LogContext
from wagtail.models import Page

from governance.guard import GovernanceViolation

pytestmark = pytest.mark.django_db


def _fresh(page):
    return Page.objects.get(pk=page.pk).specific


@pytest.fixture
def live_page(make_draft, review):
    page = make_draft()
    review.submit(page)
    return review.approve_all(page)


def test_publish_skipping_permission_checks_is_still_refused(make_draft, users):
    from wagtail.actions.publish_page_revision import PublishPageRevisionAction

    page = make_draft()
    with LogContext(user=users["admin"]):
        with pytest.raises(GovernanceViolation):
            PublishPageRevisionAction(page.get_latest_revision(), user=users["admin"]).execute(
                skip_permission_checks=True
            )
    assert not _fresh(page).live


def test_unpublish_and_delete_in_a_user_action_are_refused(live_page, users):
    page = live_page
    with LogContext(user=users["admin"]):
        with pytest.raises(GovernanceViolation), transaction.atomic():
            page.unpublish()
        with pytest.raises(GovernanceViolation), transaction.atomic():
            Page.objects.get(pk=page.pk).specific.delete()
    assert _fresh(page).live


def test_never_published_drafts_can_be_deleted(make_draft, users):
    page = make_draft()
    c = Client()
    c.force_login(users["editor"])
    c.post(f"/admin/pages/{page.pk}/delete/", {})
    assert not Page.objects.filter(pk=page.pk).exists()


def test_system_code_without_a_user_still_publishes(make_policy, make_draft):
    """Imports and fixtures publish archived records without a user (no review record)."""
    page = make_policy(title="档案导入的政策文件")
    assert page.live


def test_copy_keeping_live_is_refused_and_admin_copy_gives_a_draft(live_page, users, site_tree):
    from wagtail.actions.copy_page import CopyPageAction

    page = live_page
    with LogContext(user=users["admin"]):
        with pytest.raises(GovernanceViolation):
            CopyPageAction(page, update_attrs={"slug": "copy-1"}, keep_live=True, user=users["admin"]).execute()
    c = Client()
    c.force_login(users["admin"])
    c.post(f"/admin/pages/{page.pk}/copy/", {
        "new_title": "副本", "new_slug": "fuben", "new_parent_page": page.get_parent().pk,
        "copy_subpages": "", "publish_copies": "on", "alias": "",
    })
    copy = type(page).objects.filter(slug="fuben").first()
    assert copy is not None and not copy.live


def test_section_unpublish_with_descendants_is_refused(live_page, users, site_tree):
    page = live_page
    section = site_tree["policies"]
    c = Client()
    c.force_login(users["admin"])
    c.post(f"/admin/pages/{section.pk}/unpublish/", {"include_descendants": "on"})
    assert _fresh(page).live and _fresh(section).live
    c.post(f"/admin/bulk/wagtailcore/page/unpublish/?id={section.pk}", {"include_descendants": "on"})
    assert _fresh(page).live and _fresh(section).live


def test_section_delete_is_refused(live_page, users, site_tree):
    page = live_page
    section = site_tree["policies"]
    c = Client()
    c.force_login(users["admin"])
    c.post(f"/admin/pages/{section.pk}/delete/", {})
    c.post(f"/admin/bulk/wagtailcore/page/delete/?id={section.pk}", {})
    assert Page.objects.filter(pk=section.pk).exists() and _fresh(page).live


def test_publish_menu_item_is_hidden_for_governed_pages(make_draft, users, governance):
    page = make_draft()
    c = Client()
    c.force_login(users["admin"])
    html = c.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'name="action-publish"' not in html
    assert 'name="action-submit"' in html
    parent = page.get_parent()
    html = c.get(f"/admin/pages/add/policies/policydocumentpage/{parent.pk}/").content.decode()
    assert 'name="action-publish"' not in html
    assert 'name="action-submit"' in html


def test_create_and_submit_in_one_step(site_tree, users, governance, clean_fields):
    from wagtail.test.utils.form_data import querydict_from_html

    from policies.models import PolicyDocumentPage

    parent = site_tree["policies"]
    c = Client()
    c.force_login(users["editor"])
    url = f"/admin/pages/add/policies/policydocumentpage/{parent.pk}/"
    data = querydict_from_html(c.get(url).content.decode(), form_id="page-edit-form")
    fields = clean_fields()
    data.update({
        "title": "一步提交的政策文件", "slug": "one-step", "action-submit": "1",
        "summary": fields["summary"], "formed_date": "2025-03-01",
        "issuing_organisation": str(fields["issuing_organisation"].pk), "topic": str(fields["topic"].pk),
    })
    c.post(url, data)
    page = PolicyDocumentPage.objects.get(slug="one-step")
    state = page.current_workflow_state
    assert state is not None and state.requested_by == users["editor"]
    assert state.current_task_state.task.name == "初审"
