"""Subscriptions by column, kind, issuing unit or 主题分类, with immediate / daily / weekly delivery
(notices.md §5.2): the form, filtering, the digest command (one mail per period, never twice) and
the rate limit on subscription requests."""
import datetime as dt
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from cms_pages.notices.models import NoticeDelivery, NoticeSubscription

pytestmark = pytest.mark.django_db

TZ = dt.timezone(dt.timedelta(hours=8))


def at(*args):
    return dt.datetime(*args, tzinfo=TZ)


def unit(name):
    from cms_pages.models import OrganisationUnit

    return OrganisationUnit.objects.get(name=name)


@pytest.fixture
def topics(db):
    from cms_pages.models import TopicCategory

    top, _ = TopicCategory.objects.get_or_create(name="城乡建设、环境保护", parent=None)
    child, _ = TopicCategory.objects.get_or_create(name="住房保障", parent=top)
    other, _ = TopicCategory.objects.get_or_create(name="财政、金融、审计", parent=None)
    return {"top": top, "child": child, "other": other}


def make_sub(board, email, frequency="immediate", confirmed=at(2026, 3, 1, 8), kinds=(), units=(), topics=()):
    sub = NoticeSubscription.objects.create(board=board, email=email, frequency=frequency, confirmed_at=confirmed)
    sub.kinds.set(kinds)
    sub.units.set(units)
    sub.topics.set(topics)
    return sub


def run_digests(when):
    mail.outbox.clear()
    with time_machine.travel(when, tick=False):
        call_command("send_notice_digests", stdout=open("/dev/null", "w"))
    return list(mail.outbox)


# -- the form ------------------------------------------------------------------------------------

def test_subscribe_by_unit_topic_and_frequency(client, board, kinds, topics):
    finance = unit("示范市财政局")
    response = client.post(f"/notices/{board.pk}/subscribe/", {
        "email": "li.si@example.com", "kinds": [kinds["公示"].pk], "units": [finance.pk],
        "topics": [topics["top"].pk], "frequency": "weekly", "consent": "on"})
    assert response.status_code == 200, response.content.decode()
    sub = NoticeSubscription.objects.get()
    assert sub.frequency == "weekly" and not sub.is_confirmed
    assert list(sub.units.all()) == [finance] and list(sub.topics.all()) == [topics["top"]]
    body = mail.outbox[0].body
    assert "发布机构：示范市财政局" in body and "主题分类：" in body and "频率：每周摘要" in body
    page = client.get(f"/notices/{board.pk}/subscribe/").content.decode()
    assert "每日摘要" in page and "每周摘要" in page and "发布机构" in page and "主题分类" in page


@pytest.mark.parametrize("field, value, message", [
    ("frequency", "hourly", "发送频率只能选择即时、每日摘要或每周摘要"),
    ("units", "999999", "所选发布机构不存在"),
    ("topics", "999999", "所选主题分类不存在"),
])
def test_bad_choices_are_refused_and_nothing_is_stored(client, board, field, value, message):
    data = {"email": "wang@example.com", "consent": "on", field: value}
    response = client.post(f"/notices/{board.pk}/subscribe/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not NoticeSubscription.objects.exists() and mail.outbox == []


# -- immediate alerts follow the choices ------------------------------------------------------------

def test_immediate_alerts_follow_unit_and_topic_and_digest_subscribers_wait(
        board, make_notice, topics, django_capture_on_commit_callbacks):
    make_sub(board, "finance@example.com", units=[unit("示范市财政局")])
    make_sub(board, "city@example.com", units=[unit("示范市人民政府")])  # includes every sub-unit
    make_sub(board, "housing@example.com", topics=[topics["top"]])  # first level includes 住房保障
    make_sub(board, "audit@example.com", topics=[topics["other"]])
    make_sub(board, "daily@example.com", frequency="daily")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_notice("关于公租房配租的公告", issuing_organisation=unit("示范市财政局"), topic=topics["child"])
    assert sorted(m.to[0] for m in mail.outbox) == ["city@example.com", "finance@example.com", "housing@example.com"]
    assert NoticeDelivery.objects.filter(digest=False).count() == 3


# -- digests -------------------------------------------------------------------------------------

def test_daily_digest_one_mail_per_day_never_twice(board, make_notice, kinds, topics):
    daily = make_sub(board, "daily@example.com", frequency="daily")
    make_sub(board, "daily-gongshi@example.com", frequency="daily", kinds=[kinds["公示"]])
    make_sub(board, "immediate@example.com")
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        first = make_notice("关于春季防火的通知")
        make_notice("关于内部学习的通知", is_internal=True, groups=["内部查阅"])  # never in a digest
    with time_machine.travel(at(2026, 3, 2, 15), tick=False):
        expired = make_notice("关于临时停水的通知", expires_at=at(2026, 3, 2, 18))  # gone before the digest

    sent = run_digests(at(2026, 3, 3, 0, 5))
    assert [m.to for m in sent] == [["daily@example.com"]]
    body = sent[0].body
    assert first.title in body and "[新发布]" in body and first.full_url in body
    assert "关于内部学习的通知" not in body and expired.title not in body
    assert "退订" in body and sent[0].extra_headers["List-Unsubscribe"].startswith("<http")
    assert "每日摘要" in sent[0].subject

    assert run_digests(at(2026, 3, 3, 0, 6)) == []  # the same day again: nothing
    assert run_digests(at(2026, 3, 3, 23, 0)) == []

    # a minor correction is not sent; a major change is, with its note, the next day
    with time_machine.travel(at(2026, 3, 3, 9), tick=False):
        first.change_is_minor = True
        first.save_revision().publish()
    assert run_digests(at(2026, 3, 4, 0, 5)) == []
    with time_machine.travel(at(2026, 3, 4, 9), tick=False):
        first.change_is_minor = False
        first.change_note = "防火期延长至4月30日"
        first.save_revision().publish()
    sent = run_digests(at(2026, 3, 5, 0, 5))
    assert [m.to for m in sent] == [["daily@example.com"]]
    assert "[更新]" in sent[0].body and "防火期延长至4月30日" in sent[0].body
    assert NoticeDelivery.objects.filter(subscription=daily, digest=True).count() == 2


def test_weekly_digest_goes_out_on_monday_with_the_whole_week(board, make_notice):
    weekly = make_sub(board, "weekly@example.com", frequency="weekly", confirmed=at(2026, 3, 4, 8))  # a Wednesday
    with time_machine.travel(at(2026, 3, 4, 10), tick=False):
        make_notice("周三发布的通知")
    with time_machine.travel(at(2026, 3, 6, 10), tick=False):
        make_notice("周五发布的通知")
    assert run_digests(at(2026, 3, 5, 0, 5)) == []  # Thursday
    sent = run_digests(at(2026, 3, 9, 0, 5))  # Monday
    assert len(sent) == 1 and "每周摘要" in sent[0].subject and "2条" in sent[0].subject
    assert "周三发布的通知" in sent[0].body and "周五发布的通知" in sent[0].body
    assert run_digests(at(2026, 3, 9, 12)) == []
    assert run_digests(at(2026, 3, 12, 0, 5)) == []  # Thursday, nothing new and not due
    weekly.refresh_from_db()
    assert weekly.last_digest_at == at(2026, 3, 9, 0, 5)  # the period the Monday mail covered


def test_a_missed_monday_does_not_skip_a_week(board, make_notice):
    make_sub(board, "weekly@example.com", frequency="weekly", confirmed=at(2026, 3, 2, 8))
    with time_machine.travel(at(2026, 3, 3, 10), tick=False):
        make_notice("本周的通知")
    sent = run_digests(at(2026, 3, 10, 0, 5))  # Tuesday: the scheduler was down on Monday
    assert len(sent) == 1 and "本周的通知" in sent[0].body


def test_failed_digest_is_retried_and_still_sent_only_once(board, make_notice, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    make_sub(board, "daily@example.com", frequency="daily")
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        make_notice("关于春季防火的通知")
    original = EmailBackend.send_messages

    def broken(self, messages):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(EmailBackend, "send_messages", broken)
    assert run_digests(at(2026, 3, 3, 0, 5)) == []
    assert not NoticeDelivery.objects.exists()  # rolled back: nothing recorded as sent
    monkeypatch.setattr(EmailBackend, "send_messages", original)
    sent = run_digests(at(2026, 3, 3, 0, 10))
    assert len(sent) == 1 and "关于春季防火的通知" in sent[0].body
    assert run_digests(at(2026, 3, 3, 0, 15)) == []


def test_unconfirmed_subscribers_get_no_digest(board, make_notice):
    make_sub(board, "pending@example.com", frequency="daily", confirmed=None)
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        make_notice("关于春季防火的通知")
    assert run_digests(at(2026, 3, 3, 0, 5)) == []


# -- rate limit -------------------------------------------------------------------------------------

def test_rate_limit_per_address(client, board, settings):
    settings.GONGKAI_NOTICES = {"SUBSCRIBE_RATE_PER_EMAIL": 3, "CONFIRM_RESEND_INTERVAL": 0}
    data = {"email": "same@example.com", "consent": "on"}
    with time_machine.travel(at(2026, 3, 2, 10, 20), tick=False):
        for _ in range(3):
            assert client.post(f"/notices/{board.pk}/subscribe/", data).status_code == 200
        response = client.post(f"/notices/{board.pk}/subscribe/", data)
    assert response.status_code == 429
    text = response.content.decode()
    assert "订阅申请过于频繁：同一电子邮箱每1小时最多提交3次，请约40分钟后再试" in text
    assert int(response["Retry-After"]) == 40 * 60
    assert len(mail.outbox) == 3 and NoticeSubscription.objects.count() == 1
    # another address from elsewhere is not affected; the next window is open again
    other = client.post(f"/notices/{board.pk}/subscribe/", {"email": "other@example.com", "consent": "on"},
                        REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
    with time_machine.travel(at(2026, 3, 2, 11, 1), tick=False):
        assert client.post(f"/notices/{board.pk}/subscribe/", data).status_code == 200


def test_rate_limit_per_ip_counts_bad_requests_too(client, board, settings):
    settings.GONGKAI_NOTICES = {"SUBSCRIBE_RATE_PER_IP": 4}
    for i in range(4):
        assert client.post(f"/notices/{board.pk}/subscribe/", {"email": f"not-an-address-{i}"}).status_code == 400
    response = client.post(f"/notices/{board.pk}/subscribe/", {"email": "valid@example.com", "consent": "on"})
    assert response.status_code == 429
    assert "同一网络地址" in response.content.decode()
    assert not NoticeSubscription.objects.exists() and mail.outbox == []


def test_plain_text_mails_are_not_html_escaped(board, make_notice):
    make_sub(board, "daily@example.com", frequency="daily")
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        make_notice("关于“水&电”检修的通知")
    sent = run_digests(at(2026, 3, 3, 0, 5))
    assert "关于“水&电”检修的通知" in sent[0].body and "&amp;" not in sent[0].body
