"""撤回 of an internal notice by its sender (notices.md §6): recipients see 已撤回 instead of the
text and can no longer sign; receipts, roster and audit log are kept; nobody is reminded."""
import datetime as dt

import pytest
import time_machine
from django.core import mail

from cms_pages.notices.models import NoticePage, NoticeReceipt

pytestmark = pytest.mark.django_db

TZ = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def internal(make_notice, make_document):
    notice = make_notice("关于周五集中学习的通知", is_internal=True, groups=["内部查阅"], requires_ack=True,
                         body="<p>集中学习唯一词汇庚辛壬</p>", auto_remind_days=1)
    notice.attachments.create(document=make_document("学习材料.pdf", b"%PDF-1.4\n%study\n"))
    notice.save_revision().publish()
    notice.refresh_from_db()
    return notice


def revoke(client, notice, reason="会议取消"):
    return client.post(f"/admin/notices/{notice.pk}/revoke/", {"reason": reason}, follow=True)


def test_sender_revokes_and_recipients_see_the_marker(client_for, users, internal):
    reader = client_for("reader")
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=TZ), tick=False):
        reader.get(internal.url)  # read, not yet signed
    with time_machine.travel(dt.datetime(2026, 3, 2, 15, tzinfo=TZ), tick=False):
        response = revoke(client_for("editor"), internal)
    assert "已撤回" in response.content.decode()
    internal.refresh_from_db()
    assert internal.is_revoked and internal.revoked_by == users["editor"] and internal.revoke_reason == "会议取消"
    assert internal.live  # not unpublished: the record stays

    # the recipient's list keeps a tombstone without a link
    html = reader.get("/notices/internal/").content.decode()
    assert "已撤回" in html and "会议取消" in html and f'href="{internal.url}"' not in html
    # the page and its attachment no longer show the text to recipients
    page = reader.get(internal.url)
    assert page.status_code == 410
    text = page.content.decode()
    assert "已撤回" in text and "2026年3月2日 15:00" in text and "集中学习唯一词汇" not in text
    assert reader.get(internal.attachments.first().document.url).status_code == 410
    # signing is refused with a message, nothing recorded
    response = reader.post(f"/notices/{internal.pk}/acknowledge/", follow=True)
    assert "该通知已撤回，无需签收" in response.content.decode()
    receipt = NoticeReceipt.objects.get(notice=internal, user=users["reader"])
    assert receipt.acknowledged_at is None
    assert receipt.first_read_at == dt.datetime(2026, 3, 2, 9, tzinfo=TZ)  # kept for the record
    # outsiders still get no hint of it
    assert client_for("reporter").get(internal.url).status_code == 403
    assert client_for(None).get(internal.url).status_code == 302


def test_sender_side_keeps_the_text_roster_and_export(client_for, internal):
    client_for("reader").get(internal.url)
    revoke(client_for("editor"), internal)
    editor = client_for("editor")
    roster = editor.get(f"/admin/notices/{internal.pk}/roster/")
    html = roster.content.decode()
    assert "已撤回" in html and "会议取消" in html and "一键催办" not in html
    assert {s.row.name for s in roster.context["statuses"]} == {"reader"}
    assert editor.get(f"/admin/notices/{internal.pk}/roster/", {"format": "xlsx"}).status_code == 200
    # admin (superuser, the sender side) still sees the text
    assert "集中学习唯一词汇" in client_for("admin").get(internal.url).content.decode()


def test_revocation_needs_a_reason_happens_once_and_only_by_the_sender_side(client_for, internal):
    editor = client_for("editor")
    assert "请填写撤回原因" in revoke(editor, internal, reason="  ").content.decode()
    assert "撤回原因最多300字" in revoke(editor, internal, reason="因" * 301).content.decode()
    internal.refresh_from_db()
    assert not internal.is_revoked
    # recipients and other staff cannot revoke
    for role in ("reader", "reporter"):
        assert client_for(role).post(f"/admin/notices/{internal.pk}/revoke/", {"reason": "x"})["Location"] == "/admin/"
    internal.refresh_from_db()
    assert not internal.is_revoked
    revoke(editor, internal)
    first = NoticePage.objects.get(pk=internal.pk).revoked_at
    assert "无需重复操作" in revoke(editor, internal, reason="再次").content.decode()
    internal.refresh_from_db()
    assert internal.revoked_at == first and internal.revoke_reason == "会议取消"
    from wagtail.models import PageLogEntry

    entry = PageLogEntry.objects.get(page=internal, action="notices.revoked")
    assert entry.data["reason"] == "会议取消" and entry.user.username == "editor"
    from governance.models import AuditEvent

    event = AuditEvent.objects.get(page_id=internal.pk, action="notice_revoked")
    assert event.comment == "会议取消" and event.actor.username == "editor"


def test_revoked_notice_is_never_chased(client_for, internal):
    from cms_pages.notices.alerts import send_automatic_reminders

    revoke(client_for("editor"), internal)
    mail.outbox.clear()
    response = client_for("editor").post(f"/admin/notices/{internal.pk}/remind/", follow=True)
    assert "通知已撤回，不能催办" in response.content.decode()
    with time_machine.travel(dt.datetime.now(TZ) + dt.timedelta(days=3)):
        assert send_automatic_reminders() == {}
    assert mail.outbox == []


def test_publishing_an_older_revision_does_not_undo_the_revocation(client_for, internal):
    older = internal.latest_revision
    revoke(client_for("editor"), internal)
    page = NoticePage.objects.get(pk=internal.pk)
    restored = page.with_content_json(older.content)
    assert restored.revoked_at == page.revoked_at and restored.revoke_reason == "会议取消"


def test_a_revoked_notice_cannot_be_submitted_again(client_for, internal):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    revoke(client_for("editor"), internal)
    revisions = internal.revisions.count()
    data = nested_form_data({
        "title": internal.title, "slug": internal.slug, "kind": internal.kind_id, "body": rich_text("<p>改</p>"),
        "summary": internal.summary, "issuing_organisation": internal.issuing_organisation_id,
        "formed_date": internal.formed_date.isoformat(), "is_internal": "on", "requires_ack": "on",
        "audience_groups": internal.audience_groups.first().pk, "change_note": "重新发布",
        "attachments": inline_formset([]), "comments": inline_formset([]),
        "pin_priority": 0, "pin_scope": "list", "priority": "normal", "keywords": "", "action-submit": "1",
    })
    response = client_for("reviewer").post(f"/admin/pages/{internal.pk}/edit/", data)
    assert response.status_code == 200
    assert "该内部通知已撤回，不能再提交审核或发布" in response.content.decode()
    assert internal.revisions.count() == revisions
