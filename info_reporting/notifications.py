"""E-mail notifications: urgent items to the information section, decisions to the unit."""
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse

from info_reporting.access import INFO_EDITOR_GROUPS

logger = logging.getLogger(__name__)


def editor_emails():
    User = get_user_model()
    users = User.objects.filter(is_active=True).filter(
        Q(is_superuser=True) | Q(groups__name__in=INFO_EDITOR_GROUPS)
    ).exclude(email="").distinct()
    return sorted({u.email for u in users})


def _admin_url(path):
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return f"{base}{path}"


def notify_urgent(item):
    """紧急信息: tell every information editor at once."""
    recipients = editor_emails()
    if not recipients:
        logger.warning("紧急信息“%s”没有可通知的信息科编辑（未填写邮箱）", item.title)
        return 0
    when = item.event_time.strftime("%Y-%m-%d %H:%M") if item.event_time else "未填写"
    body = (
        f"{item.reporting_unit.name}报送紧急信息，请立即处理：\n\n"
        f"标题：{item.title}\n类型：{item.category}\n事发时间：{when}\n"
        f"执笔人：{item.writer}　联系电话：{item.contact}\n\n"
        f"处理：{_admin_url(reverse('info_reporting_admin:process', args=[item.pk]))}\n"
    )
    return send_mail(f"【紧急信息】{item.title}", body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)


def notify_unit(item, what, comment=""):
    """Tell the submitter what happened to the item (e.g. 退回修改 with the editor's comment)."""
    submitter = item.submitter
    if submitter is None or not submitter.email:
        return 0
    body = f"您报送的信息“{item.title}”已{what}。\n" + (f"\n意见：{comment}\n" if comment else "") + (
        f"\n查看：{_admin_url(reverse('wagtailadmin_pages:edit', args=[item.pk]))}\n"
    )
    return send_mail(f"【政务信息】{item.title}：{what}", body, settings.DEFAULT_FROM_EMAIL, [submitter.email], fail_silently=True)


def notify_signers(item):
    """待审签: tell the unit's 审签人."""
    from info_reporting.access import unit_signers

    recipients = sorted({u.email for u in unit_signers(item.reporting_unit) if u.email})
    if not recipients:
        return 0
    body = (
        f"本单位信息“{item.title}”待您审签（执笔人：{item.writer}，联系电话：{item.contact}）。\n\n"
        f"审签：{_admin_url(reverse('info_reporting_admin:process', args=[item.pk]))}\n"
    )
    return send_mail(f"【待审签】{item.title}", body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)
