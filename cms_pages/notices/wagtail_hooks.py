from django.urls import include, path
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button, HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import NoticeKind, NoticePage, NoticeUnitSigner, internal_access_response


class NoticeKindViewSet(SnippetViewSet):
    model = NoticeKind
    icon = "tag"
    menu_label = "通知类别"
    menu_order = 310
    list_display = ["name", "slug", "period_required", "period_length", "period_unit", "period_min_length", "is_active"]
    search_fields = ["name", "slug"]


class NoticeUnitSignerViewSet(SnippetViewSet):
    """单位签收人: who signs internal notices for a unit (validated against 人员所属单位)."""

    model = NoticeUnitSigner
    icon = "user"
    menu_label = "单位签收人"
    menu_order = 320
    list_display = ["unit", "user"]
    list_filter = ["unit"]


class NoticeAdminGroup(SnippetViewSetGroup):
    items = (NoticeKindViewSet, NoticeUnitSignerViewSet)
    menu_label = "通知公告设置"
    menu_icon = "doc-full"
    menu_order = 310


register_snippet(NoticeAdminGroup)


@hooks.register("register_admin_urls")
def register_notice_admin_urls():
    urls = [
        path("<int:page_id>/roster/", admin_views.roster, name="roster"),
        path("<int:page_id>/remind/", admin_views.remind, name="remind"),
        path("<int:page_id>/revoke/", admin_views.revoke, name="revoke"),
    ]
    return [path("notices/", include((urls, "notices_admin"), namespace="notices_admin"))]


def _roster_button(page, user, cls):
    specific = page.specific_deferred if hasattr(page, "specific_deferred") else page.specific
    if isinstance(specific, NoticePage) and specific.is_internal and admin_views.can_manage(user, specific):
        return cls("阅读签收情况", admin_views.roster_url(specific), icon_name="group", priority=90)
    return None


@hooks.register("register_page_header_buttons")
def notice_header_buttons(page, user, view_name=None, next_url=None):
    button = _roster_button(page, user, HeaderButton)
    if button:
        yield button


@hooks.register("register_page_listing_more_buttons")
def notice_listing_buttons(page, user, next_url=None):
    button = _roster_button(page, user, Button)
    if button:
        yield button


@hooks.register("before_serve_page")
def internal_notice_access(page, request, serve_args, serve_kwargs):
    """Staff outside the audience get a clear 403 (Wagtail's group restriction would send a
    signed-in user back to the login form); visitors are sent to log in."""
    if isinstance(page, NoticePage) and page.is_internal:
        denied = internal_access_response(page, request)
        if denied is None:
            page._audience_checked = True  # audience by unit or name: see NoticePage.get_view_restrictions
        return denied
    return None


@hooks.register("before_serve_document")
def internal_attachment_access(document, request):
    """An attachment used only by internal notices is served only to their audience."""
    from cms_pages.models import GovernmentPageAttachment

    page_ids = set(GovernmentPageAttachment.objects.filter(document=document).values_list("page_id", flat=True))
    if not page_ids:
        return None
    internal = list(NoticePage.objects.filter(pk__in=page_ids, is_internal=True))
    if not internal or len(internal) < len(page_ids):
        return None  # also attached to a public page
    responses = [internal_access_response(page, request) for page in internal]
    if any(r is None for r in responses):
        return None
    return responses[0]  # outside the audience, or the notice was revoked (410)


@hooks.register("register_log_actions")
def register_notice_log_actions(actions):
    actions.register_action("notices.pin_changed", "置顶变更", "置顶设置已变更")
    actions.register_action("notices.reminder", "催办", "已发送催办邮件")
    actions.register_action("notices.auto_reminder", "自动催办", "已自动发送催办邮件")
    actions.register_action("notices.revoked", "撤回内部通知", "发布人已撤回内部通知")
    actions.register_action("notices.pii_confirmed", "个人信息人工核对", "编辑确认已人工核对个人信息检查提示")


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def log_pii_confirmation(request, page):
    """The editor's confirmation that warnings (suspicious numbers, unreadable attachments) were
    checked by hand is logged with the user (notices.md §4)."""
    from .forms import SUBMIT_ACTIONS

    if isinstance(page.specific, NoticePage) and request.POST.get("pii_confirmed") and any(
            request.POST.get(a) for a in SUBMIT_ACTIONS):
        from wagtail.log_actions import log

        log(page.specific, "notices.pii_confirmed", user=request.user)


class FreshnessPanel(Component):
    """Dashboard warning when a board approaches the 6-month "栏目不更新" threshold (site_rules §1)."""

    name = "notice_freshness"
    order = 90
    template_name = "notices/admin/freshness_panel.html"

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context):
        return {"rows": self.rows}


@hooks.register("construct_homepage_panels")
def add_freshness_panel(request, panels):
    from .freshness import stale_boards

    rows = stale_boards()
    if rows:
        panels.append(FreshnessPanel(rows))


@hooks.register("search_visible_restricted_pages")
def internal_notices_for_search(user):
    """Staff search finds the internal notices a user is a recipient of — by group, unit or
    name — not only those whose Wagtail group restriction they pass."""
    from .models import NoticePage

    return NoticePage.objects.visible_to(user).values_list("pk", flat=True)
