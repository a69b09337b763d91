"""Public and staff views of the bulletin board that are not Wagtail pages."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from . import subscriptions, tokens
from .models import NoticeIndexPage, NoticePage, NoticeReceipt, NoticeUnitAck, internal_access_response


def _public_board(board_id):
    return get_object_or_404(NoticeIndexPage.objects.live().public(), pk=board_id)


@never_cache
def subscribe(request, board_id):
    board = _public_board(board_id)
    outcome = None
    status = 200
    if request.method == "POST":
        form = subscriptions.SubscriptionForm(request.POST)
        status = 400
        valid = form.is_valid()
        try:
            subscriptions.check_rate(request, form.cleaned_data.get("email") if valid else None)
        except subscriptions.RateLimited as exc:
            form.add_error(None, str(exc))
            response = render(request, "notices/subscribe.html", {"board": board, "form": form}, status=429)
            response["Retry-After"] = str(exc.retry_after)
            return response
        if valid:
            try:
                outcome, _ = subscriptions.subscribe(board, form, request)
            except subscriptions.SubscriptionError as exc:
                form.add_error("email", str(exc))
            else:
                return render(request, "notices/subscribe_sent.html", {"board": board, "outcome": outcome})
    else:
        form = subscriptions.SubscriptionForm()
    return render(request, "notices/subscribe.html", {"board": board, "form": form}, status=status)


@never_cache
def confirm(request, token):
    try:
        subscription = tokens.read_confirm_token(token)
    except tokens.BadToken as exc:
        return render(request, "notices/subscription_message.html", {"title": "确认订阅", "message": str(exc)}, status=400)
    if subscription is None:
        return render(request, "notices/subscription_message.html",
                      {"title": "确认订阅", "message": "该订阅已不存在（可能已退订），请重新订阅"}, status=404)
    if request.method == "POST":
        subscriptions.confirm(subscription)
        return render(request, "notices/subscription_message.html", {
            "title": "订阅成功", "board": subscription.board,
            "message": (f"订阅已确认：“{subscription.board.title}”有符合您选择的新通知公告或重大更新时，"
                        f"将按“{subscription.get_frequency_display()}”发送邮件给您。"),
        })
    if subscription.is_confirmed:
        return render(request, "notices/subscription_message.html", {
            "title": "确认订阅", "board": subscription.board, "message": "该订阅已经确认，无需重复操作。"})
    return render(request, "notices/subscription_confirm.html", {"subscription": subscription, "action": "confirm"})


@never_cache
@csrf_exempt  # the signed token is the authority; mail clients' one-click unsubscribe (RFC 8058) posts without CSRF
def unsubscribe(request, token):
    try:
        subscription = tokens.read_unsubscribe_token(token)
    except tokens.BadToken as exc:
        return render(request, "notices/subscription_message.html", {"title": "退订", "message": str(exc)}, status=400)
    if request.method == "POST":
        board = subscription.board if subscription else None
        if subscription is not None:
            subscription.delete()  # nothing is kept after unsubscribing
        return render(request, "notices/subscription_message.html", {
            "title": "已退订", "board": board, "message": "已退订，今后不会再向该邮箱发送提醒。"})
    if subscription is None:
        return render(request, "notices/subscription_message.html",
                      {"title": "退订", "message": "该邮箱已退订，无需重复操作。"})
    return render(request, "notices/subscription_confirm.html", {"subscription": subscription, "action": "unsubscribe"})


@login_required
@never_cache
def acknowledge(request, page_id):
    """签收 an internal notice (POST only)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    page = get_object_or_404(NoticePage.objects.live(), pk=page_id, is_internal=True)
    if page.is_revoked and page.user_can_view(request.user):
        messages.error(request, "该通知已撤回，无需签收")
        return redirect("notices:internal_list")
    denied = internal_access_response(page, request)
    if denied is not None:
        return denied
    if not page.requires_ack:
        raise Http404("本通知无需签收")
    now = timezone.now()
    designated = page.designated_units()
    for_units = page.units_signed_by(request.user, designated)
    covering = page.signing_unit_for(request.user, designated)
    if covering is not None and covering not in for_units:
        unit, signers = designated[covering]
        names = "、".join(u.get_full_name() or u.get_username() for u in signers)
        messages.error(request, f"本通知由“{unit}”的指定签收人（{names}）代表本单位签收，您无需也不能签收；"
                                "您的阅读记录已保存")
        return redirect(page.url)
    receipt, _ = NoticeReceipt.objects.get_or_create(notice=page, user=request.user,
                                                     defaults={"first_read_at": now})
    done_before = receipt.acknowledged_at is not None
    if not done_before:
        NoticeReceipt.objects.filter(pk=receipt.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=now, first_read_at=receipt.first_read_at or now)
    signed_units = []
    for unit_id in for_units:
        _, created = NoticeUnitAck.objects.get_or_create(
            notice=page, unit_id=unit_id, defaults={"user": request.user, "acknowledged_at": now})
        if created:
            signed_units.append(str(designated[unit_id][0]))
    if signed_units:
        messages.success(request, f"已代表{'、'.join(signed_units)}签收")
    elif for_units:
        messages.info(request, "本单位已签收过本通知")
    elif not done_before:
        messages.success(request, "已签收")
    else:
        messages.info(request, "您已签收过本通知")
    return redirect(page.url)


@login_required
@never_cache
def internal_list(request):
    """The internal notices the signed-in user may read, with their read / 签收 state."""
    from cms_pages.listings import paginate

    qs = NoticePage.objects.visible_to(request.user, include_revoked=True).select_related("kind").by_date()
    page_obj = paginate(request, qs)
    receipts = {r.notice_id: r for r in NoticeReceipt.objects.filter(
        user=request.user, notice_id__in=[n.pk for n in page_obj.object_list])}
    rows = [(n, receipts.get(n.pk), n.unit_signing_for(request.user)) for n in page_obj.object_list]
    return render(request, "notices/internal_list.html", {"page_obj": page_obj, "rows": rows})

