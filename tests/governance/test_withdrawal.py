"""Unpublish/delete of governed content are requests decided by a reviewer; the URL stays."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from wagtail.models import Page

from governance.models import ChangeRequest, WithdrawnNotice
from governance.services import withdrawal

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_page(make_draft, review):
    page = make_draft(title="关于调整补贴标准的通知")
    review.submit(page)
    return review.approve_all(page)


def test_withdrawal_keeps_url_with_notice(live_page, reviewers):
    url = live_page.url
    assert Client().get(url).status_code == 200
    req = withdrawal.create_request(live_page, "unpublish", "标准有误，需撤回", reviewers["editor"],
                                    public_notice="该通知已撤回，新标准另行公布。")
    with pytest.raises(PermissionDenied, match="四眼"):
        withdrawal.decide(req, reviewers["editor"], True)
    with pytest.raises(PermissionDenied, match="签发人"):
        withdrawal.decide(req, reviewers["reviewer"], True)
    withdrawal.decide(req, reviewers["signer"], True, "同意撤回")
    page = Page.objects.get(pk=live_page.pk)
    assert not page.live
    response = Client().get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "已撤回" in html and "该通知已撤回，新标准另行公布。" in html and "关于调整补贴标准的通知" in html


def test_rejecting_a_request_needs_a_comment(live_page, reviewers):
    req = withdrawal.create_request(live_page, "unpublish", "不再需要", reviewers["editor"])
    with pytest.raises(ValidationError):
        withdrawal.decide(req, reviewers["signer"], False, "")
    withdrawal.decide(req, reviewers["signer"], False, "信息仍然有效")
    assert Page.objects.get(pk=live_page.pk).live


def test_one_pending_request_and_reason_required(live_page, reviewers):
    with pytest.raises(ValidationError):
        withdrawal.create_request(live_page, "unpublish", " ", reviewers["editor"])
    withdrawal.create_request(live_page, "unpublish", "理由", reviewers["editor"])
    with pytest.raises(ValidationError):
        withdrawal.create_request(live_page, "delete", "理由", reviewers["reviewer"])


def test_reader_and_reporter_cannot_request(live_page, reviewers):
    for username in ("reader", "reporter", "secrecy"):
        with pytest.raises(PermissionDenied):
            withdrawal.create_request(live_page, "unpublish", "理由", reviewers[username])


def test_delete_request_deletes_and_leaves_a_notice(live_page, reviewers):
    url = live_page.url
    req = withdrawal.create_request(live_page, "delete", "重复发布", reviewers["reviewer"])
    withdrawal.decide(req, reviewers["admin"], True, "同意删除")
    assert not Page.objects.filter(pk=live_page.pk).exists()
    html = Client().get(url).content.decode()
    assert "已删除" in html


def test_republishing_retires_the_notice(live_page, reviewers, review):
    url = live_page.url
    req = withdrawal.create_request(live_page, "unpublish", "暂时撤回", reviewers["editor"])
    withdrawal.decide(req, reviewers["signer"], True)
    page = Page.objects.get(pk=live_page.pk).specific
    page.summary = "修订后重新发布"
    page.save_revision(user=reviewers["editor"])
    review.submit(page)
    review.approve_all(page, order=("reviewer2", "secrecy", "reviewer", "signer"))
    assert not WithdrawnNotice.objects.filter(page=page, active=True).exists()
    assert "修订后重新发布" in Client().get(url).content.decode() or Page.objects.get(pk=page.pk).live


def test_unknown_paths_still_404(site_tree):
    assert Client().get("/zcwjk/no-such-page/").status_code == 404


def test_request_screens_over_http(live_page, reviewers):
    def client_for(username):
        c = Client()
        c.force_login(reviewers[username])
        return c

    editor = client_for("editor")
    r = editor.post(f"/admin/governance/requests/new/{live_page.pk}/unpublish/", {"reason": "内容过时"})
    assert r.status_code == 302
    req = ChangeRequest.objects.get(page=live_page)
    signer = client_for("signer")
    assert "内容过时" in signer.get("/admin/governance/requests/").content.decode()
    signer.post(f"/admin/governance/requests/{req.pk}/decide/", {"decision": "reject", "comment": ""})
    req.refresh_from_db()
    assert req.status == ChangeRequest.PENDING  # comment missing
    signer.post(f"/admin/governance/requests/{req.pk}/decide/", {"decision": "approve", "comment": ""})
    req.refresh_from_db()
    assert req.status == ChangeRequest.APPROVED and req.decided_by.username == "signer"


def test_restricted_content_leaves_no_public_notice(live_page, reviewers):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=live_page, restriction_type=PageViewRestriction.LOGIN)
    url = live_page.url
    req = withdrawal.create_request(live_page, "unpublish", "内部通知到期", reviewers["editor"])
    withdrawal.decide(req, reviewers["signer"], True)
    assert not WithdrawnNotice.objects.exists()
    assert live_page.title not in Client().get(url).content.decode()
