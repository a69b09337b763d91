"""Admin: the "who has not read / not signed" roster of an internal notice, 催办 and export."""
from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from . import alerts, rules
from .models import NoticePage


def can_manage(user, page):
    """The publisher side: the notice's owner or anyone who may edit it."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or page.owner_id == user.pk or page.permissions_for_user(user).can_edit()


def _page_or_403(request, page_id):
    page = get_object_or_404(NoticePage, pk=page_id, is_internal=True)
    if not can_manage(request.user, page):
        raise PermissionDenied("只有发布人或有编辑权限的用户可以查看签收情况")
    return page


def roster(request, page_id):
    page = _page_or_403(request, page_id)
    now = timezone.now()
    statuses = page.roster(now)
    export = request.GET.get("format")
    if export == "csv":
        return _csv(page, statuses)
    if export == "xlsx":
        from .export import roster_workbook_response

        return roster_workbook_response(page, statuses, now)
    counts = {
        "total": len(statuses),
        "done": sum(1 for s in statuses if s.done),
        "outstanding": sum(1 for s in statuses if not s.done),
        "overdue": sum(1 for s in statuses if s.overdue),
        "read": sum(1 for s in statuses if s.status != rules.UNREAD),
        "signed": sum(1 for s in statuses if s.status == rules.SIGNED),
        "to_remind": len(rules.to_remind(statuses)),
    }
    return TemplateResponse(request, "notices/admin/roster.html", {
        "page": page, "statuses": statuses, "counts": counts, "now": now,
        "colour_labels": rules.COLOUR_LABELS, "units": rules.summarise_by_unit(statuses),
        "audience": audience_description(page), "unit_signing": page.unit_signing_status(),
    })


def audience_description(page):
    parts = []
    for label, items in (("用户组", page.audience_groups.all()), ("单位", page.audience_units.all()),
                         ("指定人员", page.audience_people.all())):
        names = [getattr(i, "get_full_name", lambda: "")() or str(i) for i in items]
        if names:
            parts.append(f"{label}：{'、'.join(names)}")
    return "；".join(parts) or "（未选择受众）"


def remind(request, page_id):
    page = _page_or_403(request, page_id)
    if request.method != "POST":
        return redirect("notices_admin:roster", page_id=page.pk)
    if not page.live:
        messages.error(request, "通知尚未发布，不能催办")
        return redirect("notices_admin:roster", page_id=page.pk)
    if page.is_revoked:
        messages.error(request, "通知已撤回，不能催办")
        return redirect("notices_admin:roster", page_id=page.pk)
    sent, no_email = alerts.send_reminders(page, sender=request.user)
    from wagtail.log_actions import log

    log(page, "notices.reminder", user=request.user, data={"sent": sent, "without_email": len(no_email)})
    if sent:
        messages.success(request, f"已向 {sent} 人发送催办邮件")
    else:
        messages.info(request, "没有需要催办的人员" if not no_email else "未发送催办邮件")
    if no_email:
        messages.warning(request, f"以下人员没有登记电子邮箱，请电话催办：{'、'.join(no_email)}")
    return redirect("notices_admin:roster", page_id=page.pk)


def _fmt(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M") if dt else ""


def _csv(page, statuses):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="notice-{page.pk}-roster.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 CSV correctly with a BOM
    writer = csv.writer(response)
    writer.writerow(["单位", "姓名", "状态", "首次阅读时间", "签收时间", "最近催办时间", "是否逾期", "单位签收人"])
    for s in statuses:
        writer.writerow([s.row.unit, s.row.name, s.label, _fmt(s.row.read_at), _fmt(s.row.acknowledged_at),
                         _fmt(s.row.reminded_at), "是" if s.overdue else "", s.row.unit_signed_by])
    return response


def roster_url(page):
    return reverse("notices_admin:roster", args=[page.pk])


def revoke(request, page_id):
    """撤回: the sender withdraws an internal notice from its recipients (POST, reason required).

    The page stays in the tree (not unpublished) so its receipts, roster and audit trail remain
    for the record; recipients see a 已撤回 marker instead of the text."""
    page = _page_or_403(request, page_id)
    if request.method != "POST":
        return redirect("notices_admin:roster", page_id=page.pk)
    reason = (request.POST.get("reason") or "").strip()
    if page.is_revoked:
        messages.info(request, f"该通知已于{rules.format_datetime(timezone.localtime(page.revoked_at))}撤回，无需重复操作")
    elif not page.live:
        messages.error(request, "通知尚未发布，无需撤回；如不再需要，可直接删除草稿")
    elif not reason:
        messages.error(request, "请填写撤回原因（将显示给收件人），再撤回")
    elif len(reason) > 300:
        messages.error(request, f"撤回原因最多300字（现有{len(reason)}字），请精简后再撤回")
    else:
        revoke_notice(page, request.user, reason)
        messages.success(request, "已撤回：收件人列表中显示“已撤回”，阅读签收记录已保留")
    return redirect("notices_admin:roster", page_id=page.pk)


def revoke_notice(page, user, reason, now=None):
    """Record the revocation without saving a revision (it is not a content change and must not
    put a new version through review); drop it from staff search; audit-log it."""
    from wagtail.log_actions import log

    from .models import NoticePage

    now = now or timezone.now()
    updated = NoticePage.objects.filter(pk=page.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=user, revoke_reason=reason)
    if not updated:
        return False
    page.revoked_at, page.revoked_by, page.revoke_reason = now, user, reason
    try:
        from search.indexing import remove_page

        remove_page(page)
    except ImportError:  # search app absent
        pass
    log(page, "notices.revoked", user=user, data={"reason": reason})
    try:  # also in governance's audit log (审核记录), next to the notice's review history
        from governance.services.audit import record
    except ImportError:
        pass
    else:
        record("notice_revoked", page=page, user=user, comment=reason, data={"revoked_at": now.isoformat()})
    return True
