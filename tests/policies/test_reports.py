"""清理 report: what it lists, and the bulk status change through revisions and moderation."""
import datetime as dt

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry, WorkflowState

from policies.models import PolicyDocumentPage

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def reload(page):
    return PolicyDocumentPage.objects.get(pk=page.pk)


@pytest.fixture
def review_docs(doc):
    return {
        "expiring": doc("即将到期的通知", expiry_date=TODAY + dt.timedelta(days=30), effective_date=TODAY - dt.timedelta(days=300)),
        "far": doc("远未到期的通知", expiry_date=TODAY + dt.timedelta(days=200)),
        "old_normative": doc("老规范性文件", genre="行政规范性文件", formed_date=TODAY - dt.timedelta(days=3 * 365)),
        "young_normative": doc("新规范性文件", genre="行政规范性文件", formed_date=TODAY - dt.timedelta(days=100)),
        "reviewed": doc("已清理的规范性文件", genre="行政规范性文件", formed_date=TODAY - dt.timedelta(days=5 * 365),
                        reviewed_on=TODAY - dt.timedelta(days=30)),
    }


def test_review_report_lists_expiring_and_old_normative_documents(client_for, review_docs):
    response = client_for("admin").get(reverse("policies_validity_review"))
    assert response.status_code == 200
    listed = {row["doc"].title for row in response.context["rows"]}
    assert listed == {"即将到期的通知", "老规范性文件"}
    html = response.content.decode()
    assert "还有 30 天" in html and "规范性文件已满 2 年" in html


def _post(client, pages, **fields):
    data = {"action": "repealed", "on": TODAY.isoformat(), "basis": "示政发〔2026〕5号 清理决定",
            "pages": [p.pk for p in pages]}
    data.update(fields)
    return client.post(reverse("policies_validity_review"), data)


def test_bulk_change_goes_through_the_review_workflow(client_for, review_docs, users):
    from governance.testing import publish_through_workflow

    page = review_docs["old_normative"]
    response = _post(client_for("admin"), [page])
    assert response.status_code == 302
    page = reload(page)
    assert page.validity == "in_force"  # not yet: waits for 三审 + 保密审查
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "政府信息三审（含保密审查）"
    draft = page.get_latest_revision_as_object()
    assert draft.validity_override == "repealed" and draft.validity_override_basis == "示政发〔2026〕5号 清理决定"
    assert PageLogEntry.objects.filter(page=page, action="gongkai.policy_bulk_validity").exists()
    page = publish_through_workflow(page, submitted_by=users["admin"])
    assert page.validity == "repealed" and page.validity_basis == "示政发〔2026〕5号 清理决定"


def test_bulk_change_never_publishes_directly_even_for_an_administrator(client_for, review_docs):
    pages = [review_docs["old_normative"], review_docs["expiring"]]
    response = _post(client_for("admin"), pages, action="lapsed")
    assert response.status_code == 302
    for page in pages:
        page = reload(page)
        assert page.validity == "in_force" and page.workflow_in_progress


def test_reviewed_keeps_the_state_and_drops_the_document_from_the_report(client_for, review_docs, users):
    from governance.testing import publish_through_workflow

    client = client_for("admin")
    _post(client, [review_docs["old_normative"]], action="reviewed")
    page = publish_through_workflow(review_docs["old_normative"], submitted_by=users["admin"])
    assert page.validity == "in_force" and page.reviewed_on == TODAY
    listed = {row["doc"].title for row in client.get(reverse("policies_validity_review")).context["rows"]}
    assert "老规范性文件" not in listed


def test_bulk_change_requires_a_basis(client_for, review_docs):
    page = review_docs["old_normative"]
    response = _post(client_for("admin"), [page], basis="")
    assert response.status_code == 200
    assert "依据：请填写依据（如清理决定的文件名称和文号）" in response.content.decode()
    assert reload(page).validity == "in_force"


def test_bulk_change_keeps_an_editors_pending_draft_unpublished(client_for, review_docs):
    page = reload(review_docs["old_normative"])
    page.summary = "编辑尚未发布的修改"
    page.save_revision()
    _post(client_for("admin"), [page])
    page = reload(page)
    assert page.validity == "in_force"  # not published over the editor's draft
    draft = page.get_latest_revision_as_object()
    assert draft.summary == "编辑尚未发布的修改" and draft.validity_override == "repealed"
