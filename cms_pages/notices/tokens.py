"""Signed tokens for the subscription links (double opt-in and unsubscribe).

The token carries the subscription id and a hash of the address, never the address itself, so
links in logs reveal no personal data; changing SECRET_KEY invalidates them all.
"""
import hashlib

from django.core import signing

from . import conf

CONFIRM_SALT = "gongkai.notices.subscription.confirm"
UNSUBSCRIBE_SALT = "gongkai.notices.subscription.unsubscribe"


class BadToken(ValueError):
    pass


def _digest(email):
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()[:20]


def make_token(subscription, salt):
    return signing.dumps({"s": subscription.pk, "h": _digest(subscription.email)}, salt=salt)


def confirm_token(subscription):
    return make_token(subscription, CONFIRM_SALT)


def unsubscribe_token(subscription):
    return make_token(subscription, UNSUBSCRIBE_SALT)


def read_token(token, salt, max_age=None):
    """The subscription the token names, or ``BadToken`` with a Chinese message."""
    from .models import NoticeSubscription

    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise BadToken("链接已过期，请重新订阅") from None
    except signing.BadSignature:
        raise BadToken("链接无效，请检查是否完整复制了邮件中的链接") from None
    subscription = NoticeSubscription.objects.filter(pk=data.get("s")).select_related("board").first()
    if subscription is None or _digest(subscription.email) != data.get("h"):
        return None
    return subscription


def read_confirm_token(token):
    return read_token(token, CONFIRM_SALT, max_age=conf.get("CONFIRM_TOKEN_MAX_AGE"))


def read_unsubscribe_token(token):
    return read_token(token, UNSUBSCRIBE_SALT)
