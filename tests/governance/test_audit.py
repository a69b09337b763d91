"""The merged 审核记录 and the exportable, append-only audit log."""
import datetime
import io

import pytest
from django.test import Client
from django.utils import timezone

from governance.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(make_draft, review):
    page = make_draft(title="审核记录测试文件", summary="根据国家计委规定")  # one warning
    review.submit(page)
    review.act(page, "reviewer", "reject", comment="请补充依据")
    page = type(page).objects.get(pk=page.pk)
    page.summary = "根据国家计委规定，补充依据"
    page.save_revision(user=review.users["editor"])
    page.current_workflow_state.resume(review.users["editor"])
    return review.approve_all(page)


def test_history_records_who_when_step_comment_and_checks(reviewed):
    events = list(AuditEvent.objects.filter(page_id=reviewed.pk).order_by("created_at", "pk"))
    actions = [e.action for e in events]
    for expected in ("submit", "checks", "reject", "resubmit", "approve", "secrecy.approve",
                     "workflow.approved", "publish"):
        assert expected in actions, actions
    assert actions.index("submit") < actions.index("checks") < actions.index("reject") < actions.index("resubmit")
    reject = next(e for e in events if e.action == "reject")
    assert reject.actor.username == "reviewer" and reject.step == "初审" and reject.comment == "请补充依据"
    secrecy = next(e for e in events if e.action == "secrecy.approve")
    assert secrecy.actor.username == "secrecy" and secrecy.data["checklist"]["国家秘密"] == "不涉及"
    checks = [e for e in events if e.action == "checks"]
    assert checks[0].data["warnings"] >= 1 and checks[0].data["checks"]
    publish = next(e for e in events if e.action == "publish")
    assert publish.data["reviewed"] is True and publish.actor.username == "signer"


def test_history_page_is_printable(reviewed, client_for):
    html = client_for("editor").get(f"/admin/governance/history/{reviewed.pk}/").content.decode()
    for text in ("审核记录", "提交审核", "退回修改", "请补充依据", "保密审查通过", "国家秘密：不涉及", "发布", "signer"):
        assert text in html, text
    # people who may not edit the page do not see its record
    assert client_for("reader").get(f"/admin/governance/history/{reviewed.pk}/").status_code in (302, 403)


def test_audit_log_exports_csv_and_xlsx(reviewed, client_for):
    import openpyxl

    c = client_for("reviewer")
    csv_response = c.get("/admin/governance/audit-log/?export=csv")
    assert csv_response.status_code == 200
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig") if csv_response.streaming else csv_response.content.decode("utf-8-sig")
    assert "审核记录测试文件" in text and "退回修改" in text and "请补充依据" in text
    xlsx_response = c.get(f"/admin/governance/audit-log/?export=xlsx&page_id={reviewed.pk}")
    data = b"".join(xlsx_response.streaming_content) if xlsx_response.streaming else xlsx_response.content
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("时间", "操作人", "操作")
    assert any(r[2] == "保密审查通过" for r in rows[1:])
    # editors without the audit permission cannot read the whole log
    assert client_for("editor").get("/admin/governance/audit-log/").status_code in (302, 403)


def test_audit_events_are_immutable(reviewed):
    event = AuditEvent.objects.filter(page_id=reviewed.pk).first()
    event.comment = "篡改"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(page_id=reviewed.pk).delete()


def test_retention_at_least_six_months(reviewed, settings):
    from governance.services.audit import purge_before

    settings.GOVERNANCE_AUDIT_RETENTION_DAYS = 30  # too short: the minimum applies
    with pytest.raises(ValueError, match="183"):
        purge_before(timezone.now() - datetime.timedelta(days=100))
    count = AuditEvent.objects.count()
    assert purge_before(timezone.now() - datetime.timedelta(days=200)) == 0
    assert AuditEvent.objects.count() == count


def test_purge_command_refuses_recent_dates(reviewed):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("purge_audit_log", "--before", (timezone.localdate() - datetime.timedelta(days=10)).isoformat())
    old = timezone.localdate() - datetime.timedelta(days=4 * 366)
    call_command("purge_audit_log", "--before", old.isoformat())


def test_deleted_page_keeps_its_record(reviewed, reviewers):
    from governance.services import withdrawal

    req = withdrawal.create_request(reviewed, "delete", "重复", reviewers["editor"])
    withdrawal.decide(req, reviewers["signer"], True, "同意")
    actions = list(AuditEvent.objects.filter(page_id=reviewed.pk).values_list("action", flat=True))
    assert "request.delete" in actions and "request.approve" in actions and "delete" in actions


def test_blocked_publish_attempt_is_logged(make_draft, users):
    from wagtail.test.utils.form_data import querydict_from_html

    page = make_draft()
    c = Client()
    c.force_login(users["admin"])
    data = querydict_from_html(c.get(f"/admin/pages/{page.pk}/edit/").content.decode(), form_id="page-edit-form")
    data["action-publish"] = "1"
    c.post(f"/admin/pages/{page.pk}/edit/", data)
    assert not type(page).objects.get(pk=page.pk).live
