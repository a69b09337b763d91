"""E-mail subscriptions: the form and the double opt-in steps (notices.md §5.2)."""
from __future__ import annotations

from django import forms
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils import timezone

from . import alerts, conf, rules

EMAIL_MESSAGE = "请输入有效的电子邮箱地址，如 name@example.com"
CONSENT_TEXT = "我同意本网站保存我的电子邮箱，仅用于发送所订阅栏目的通知公告；可随时通过邮件中的链接退订"


class SubscriptionError(ValueError):
    pass


class SubscriptionForm(forms.Form):
    email = forms.CharField(
        label="电子邮箱", max_length=254,
        error_messages={"required": "请填写电子邮箱", "max_length": "电子邮箱地址过长（最多254个字符）"},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    kinds = forms.ModelMultipleChoiceField(
        label="订阅类别（不选表示全部）", queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "所选类别不存在，请重新选择", "invalid_pk_value": "所选类别无效"},
    )
    units = forms.ModelMultipleChoiceField(
        label="发布机构（不选表示全部；含下级机构）", queryset=None, required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={"invalid_choice": "所选发布机构不存在，请重新选择", "invalid_pk_value": "所选发布机构无效"},
    )
    topics = forms.ModelMultipleChoiceField(
        label="主题分类（不选表示全部；选一级分类含其下二级分类）", queryset=None, required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={"invalid_choice": "所选主题分类不存在，请重新选择", "invalid_pk_value": "所选主题分类无效"},
    )
    frequency = forms.ChoiceField(
        label="发送频率", choices=list(rules.FREQUENCIES.items()), initial=rules.IMMEDIATE, widget=forms.RadioSelect,
        required=False,  # not chosen: immediate
        error_messages={"invalid_choice": "发送频率只能选择即时、每日摘要或每周摘要"},
    )
    consent = forms.BooleanField(label=CONSENT_TEXT, error_messages={"required": "请阅读并勾选同意声明后再订阅"})

    def __init__(self, *args, **kwargs):
        from cms_pages.models import OrganisationUnit, TopicCategory

        from .models import NoticeKind

        super().__init__(*args, **kwargs)
        self.fields["kinds"].queryset = NoticeKind.objects.filter(is_active=True)
        self.fields["units"].queryset = OrganisationUnit.objects.filter(is_active=True)
        self.fields["topics"].queryset = TopicCategory.objects.all()

    def clean_email(self):
        value = (self.cleaned_data.get("email") or "").strip()
        try:
            EmailValidator(message=EMAIL_MESSAGE)(value)
        except forms.ValidationError:
            raise forms.ValidationError(EMAIL_MESSAGE) from None
        return value.lower()


def subscribe(board, form, request=None):
    """Store a pending subscription and send the confirmation mail, all or nothing.

    Returns ("created" | "resent", subscription). Raises SubscriptionError (Chinese message) for
    a repeated subscription or when the mail cannot be sent (nothing is then stored).
    """
    from .models import NoticeSubscription

    email = form.cleaned_data["email"]
    kinds = list(form.cleaned_data.get("kinds") or [])
    units = list(form.cleaned_data.get("units") or [])
    topics = list(form.cleaned_data.get("topics") or [])
    frequency = form.cleaned_data.get("frequency") or rules.IMMEDIATE
    now = timezone.now()
    existing = NoticeSubscription.objects.filter(board=board, email=email).first()
    if existing is not None and existing.is_confirmed:
        raise SubscriptionError(
            "该邮箱已订阅本栏目，无需重复订阅。如需更改订阅类别，请先通过提醒邮件中的退订链接退订，再重新订阅"
        )
    if existing is not None:
        interval = conf.get("CONFIRM_RESEND_INTERVAL")
        sent = existing.confirmation_sent_at
        if sent and (now - sent).total_seconds() < interval:
            raise SubscriptionError(
                f"确认邮件已于{rules.format_datetime(timezone.localtime(sent))}发送到该邮箱，请查收（包括垃圾邮件箱）"
                f"并点击其中的确认链接；如未收到，请{interval // 60}分钟后再试"
            )
    try:
        with transaction.atomic():
            if existing is None:
                sub = NoticeSubscription.objects.create(board=board, email=email, created_at=now, frequency=frequency,
                                                        confirmation_sent_at=now, consent_text=CONSENT_TEXT)
                outcome = "created"
            else:
                sub = existing
                sub.frequency = frequency
                NoticeSubscription.objects.filter(pk=sub.pk).update(confirmation_sent_at=now, frequency=frequency)
                outcome = "resent"
            sub.kinds.set(kinds)
            sub.units.set(units)
            sub.topics.set(topics)
            alerts.send_confirmation(sub, request)
    except OSError:  # SMTP failures (smtplib errors are OSError): nothing was stored
        raise SubscriptionError("确认邮件发送失败，订阅未保存，请稍后重试") from None
    return outcome, sub


def confirm(subscription):
    from .models import NoticeSubscription

    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        NoticeSubscription.objects.filter(pk=subscription.pk).update(confirmed_at=subscription.confirmed_at)
    return subscription


# ---------------------------------------------------------------------------------------------
# rate limit (per address and per client IP), in the shared cache

class RateLimited(SubscriptionError):
    def __init__(self, message, retry_after):
        super().__init__(message)
        self.retry_after = retry_after


def _hit(key, limit, window, now_ts):
    """Fixed window counter: (allowed, seconds until the window ends)."""
    from django.core.cache import cache

    start = int(now_ts) // window * window
    full_key = f"notices:subscribe-rate:{key}:{start}"
    cache.add(full_key, 0, timeout=window + 60)
    try:
        count = cache.incr(full_key)
    except ValueError:  # evicted between add and incr
        cache.set(full_key, 1, timeout=window + 60)
        count = 1
    return count <= limit, start + window - int(now_ts)


def client_ip(request):
    """REMOTE_ADDR (the reverse proxy must set it to the client; X-Forwarded-For is not trusted here)."""
    return (request.META.get("REMOTE_ADDR") or "unknown").strip()


def check_rate(request, email=None):
    """Raise ``RateLimited`` (Chinese message) when the client IP or the address has sent too many
    subscription requests in the current window. Every POST counts for the IP; valid addresses
    count for the address (hashed: the cache holds no address)."""
    import hashlib
    import time

    window = conf.get("SUBSCRIBE_RATE_WINDOW")
    now_ts = time.time()
    checks = [("ip", client_ip(request), conf.get("SUBSCRIBE_RATE_PER_IP"))]
    if email:
        checks.append(("email", hashlib.sha256(email.encode("utf-8")).hexdigest()[:24],
                       conf.get("SUBSCRIBE_RATE_PER_EMAIL")))
    for kind, value, limit in checks:
        allowed, retry = _hit(f"{kind}:{value}", limit, window, now_ts)
        if not allowed:
            raise RateLimited(rules.rate_limit_message(kind, limit, window, retry), retry)
