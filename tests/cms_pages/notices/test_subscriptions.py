"""E-mail subscriptions: double opt-in, bad input, alerts on major changes only, unsubscribe."""
import datetime as dt
import re
import smtplib

import pytest
import time_machine
from django.core import mail
from django.test import Client

from cms_pages.notices.models import NoticeChange, NoticeSubscription

pytestmark = pytest.mark.django_db

TZ = dt.timezone(dt.timedelta(hours=8))


def link_in(message, kind):
    match = re.search(rf"http://\S+/notices/subscription/{kind}/\S+/", message.body)
    assert match, message.body
    return match.group(0).replace("http://testserver", "").replace("http://localhost", "")


def subscribe(client, board, email="Zhang.San@Example.com", kinds=(), consent=True):
    data = {"email": email, "kinds": [k.pk for k in kinds]}
    if consent:
        data["consent"] = "on"
    return client.post(f"/notices/{board.pk}/subscribe/", data)


@pytest.fixture
def confirmed(client, board):
    def make(email, kinds=()):
        mail.outbox.clear()
        assert subscribe(client, board, email, kinds).status_code == 200
        client.post(link_in(mail.outbox[-1], "confirm"))
        mail.outbox.clear()
        return NoticeSubscription.objects.get(email=email.lower())

    return make


def test_double_opt_in(client, board):
    response = client.get(f"/notices/{board.pk}/subscribe/")
    assert response.status_code == 200 and "邮件订阅" in response.content.decode()
    response = subscribe(client, board)
    assert response.status_code == 200
    assert "请查收确认邮件" in response.content.decode()
    sub = NoticeSubscription.objects.get()
    assert sub.email == "zhang.san@example.com"
    assert not sub.is_confirmed
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["zhang.san@example.com"]
    confirm = link_in(mail.outbox[0], "confirm")
    assert "zhang" not in confirm  # the token carries no address
    page = client.get(confirm)  # a link scanner's GET confirms nothing
    assert page.status_code == 200 and "确认订阅</button>" in page.content.decode()
    sub.refresh_from_db()
    assert not sub.is_confirmed
    assert "订阅已确认" in client.post(confirm).content.decode()
    sub.refresh_from_db()
    assert sub.is_confirmed
    assert "已经确认" in client.get(confirm).content.decode()


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "张三@", "x@@example.com", "a b@example.com", ""])
def test_malformed_email_is_refused_and_nothing_is_stored(client, board, email):
    response = subscribe(client, board, email)
    assert response.status_code == 400
    text = response.content.decode()
    assert "请输入有效的电子邮箱地址" in text or "请填写电子邮箱" in text
    assert NoticeSubscription.objects.count() == 0
    assert mail.outbox == []


def test_consent_is_required(client, board):
    response = subscribe(client, board, consent=False)
    assert response.status_code == 400
    assert "请阅读并勾选同意声明" in response.content.decode()
    assert NoticeSubscription.objects.count() == 0


def test_repeated_subscription_of_a_confirmed_address(client, board, confirmed):
    confirmed("li@example.com")
    response = subscribe(client, board, "LI@example.com")
    assert response.status_code == 400
    assert "该邮箱已订阅本栏目，无需重复订阅" in response.content.decode()
    assert NoticeSubscription.objects.count() == 1
    assert mail.outbox == []


def test_repeated_pending_subscription_resends_only_after_the_interval(client, board):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=TZ), tick=False):
        subscribe(client, board, "wang@example.com")
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 5, tzinfo=TZ), tick=False):
        response = subscribe(client, board, "wang@example.com")
        assert response.status_code == 400
        assert "确认邮件已于2026年3月2日 09:00发送到该邮箱" in response.content.decode()
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 11, tzinfo=TZ), tick=False):
        response = subscribe(client, board, "wang@example.com")
        assert response.status_code == 200 and "重新发送确认邮件" in response.content.decode()
    assert NoticeSubscription.objects.count() == 1
    assert len(mail.outbox) == 2


def test_mail_failure_stores_nothing(client, board, monkeypatch):
    def fail(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", fail)
    response = subscribe(client, board, "zhao@example.com")
    assert response.status_code == 400
    assert "确认邮件发送失败，订阅未保存" in response.content.decode()
    assert NoticeSubscription.objects.count() == 0


def test_confirmation_link_expires_and_forged_links_are_refused(client, board):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=TZ), tick=False):
        subscribe(client, board, "qian@example.com")
    confirm = link_in(mail.outbox[0], "confirm")
    with time_machine.travel(dt.datetime(2026, 3, 9, 10, tzinfo=TZ), tick=False):
        response = client.post(confirm)
        assert response.status_code == 400 and "链接已过期" in response.content.decode()
    forged = confirm[:-6] + "AAAAA/"
    assert client.get(forged).status_code == 400
    assert "链接无效" in client.get("/notices/subscription/unsubscribe/garbage/").content.decode()


def test_alerts_go_to_confirmed_subscribers_of_the_kind_on_first_publication(
        client, board, kinds, make_notice, confirmed, django_capture_on_commit_callbacks):
    confirmed("all@example.com")
    confirmed("gongshi@example.com", kinds=[kinds["公示"]])
    subscribe(client, board, "pending@example.com")  # never confirmed
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_notice("关于开展安全检查的通知", summary="安全检查安排")
    assert [m.to for m in mail.outbox] == [["all@example.com"]]
    message = mail.outbox[0]
    assert "关于开展安全检查的通知" in message.subject and "安全检查安排" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notices/subscription/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_notice("拟录用人员公示", kind="公示", period_start=dt.date(2026, 3, 2), period_end=dt.date(2026, 3, 6),
                    objection_channel="电话")
    assert sorted(m.to[0] for m in mail.outbox) == ["all@example.com", "gongshi@example.com"]


def test_minor_change_sends_nothing_major_change_sends_its_note(
        board, make_notice, confirmed, django_capture_on_commit_callbacks):
    confirmed("all@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        notice = make_notice("关于调整办公时间的通知")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notice.change_is_minor = True
        notice.body = "<p>更正一个错别字</p>"
        notice.save_revision().publish()
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        notice.refresh_from_db()
        notice.change_is_minor = False
        notice.change_note = "办公时间改为8:30至17:30"
        notice.save_revision().publish()
    assert len(mail.outbox) == 1
    assert "修改说明：办公时间改为8:30至17:30" in mail.outbox[0].body
    changes = list(NoticeChange.objects.filter(notice=notice).order_by("published_at", "pk"))
    assert [c.is_major for c in changes] == [True, False, True]
    assert changes[2].alerts_sent == 1


def test_no_alert_for_internal_or_expired_notices(board, make_notice, confirmed, django_capture_on_commit_callbacks):
    confirmed("all@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        make_notice("内部通知", is_internal=True, groups=["内部查阅"])
        make_notice("已过期", expires_at=dt.datetime(2020, 1, 1, tzinfo=TZ))
    assert [m for m in mail.outbox if "all@example.com" in m.to] == []


def test_unsubscribe_from_the_alert_link_and_one_click(board, make_notice, confirmed, django_capture_on_commit_callbacks):
    sub = confirmed("all@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        make_notice("某通知")
    link = link_in(mail.outbox[0], "unsubscribe")
    client = Client(enforce_csrf_checks=True)
    assert "确认退订" in client.get(link).content.decode()
    assert NoticeSubscription.objects.filter(pk=sub.pk).exists()
    response = client.post(link, {"List-Unsubscribe": "One-Click"})  # RFC 8058: no CSRF token
    assert response.status_code == 200 and "已退订" in response.content.decode()
    assert not NoticeSubscription.objects.filter(pk=sub.pk).exists()
    assert "已退订" in client.get(link).content.decode()
    assert client.post(link).status_code == 200  # repeating is harmless


def test_subscriber_addresses_are_masked_in_str(board):
    sub = NoticeSubscription.objects.create(board=board, email="zhangsan@example.com")
    assert "zhangsan" not in str(sub) and "zh***@example.com" in str(sub)
