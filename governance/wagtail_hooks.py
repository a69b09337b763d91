"""Admin integration of the governance layer.

The permission tester (``governance.permissions``) and the save/delete guard
(``governance.guard``) make bypassing the workflow impossible; the hooks here make
the admin say so in Chinese instead of failing with a bare 403, and add the
governance screens (inbox, 审核记录, checks, requests, audit log, settings).
"""
from django.contrib import messages as django_messages
from django.http import HttpResponseRedirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.action_menu import ActionMenuItem, SubmitForModerationMenuItem
from wagtail.admin.menu import MenuItem, SubmenuMenuItem, Menu
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from governance.models import ColumnSetting, ContentRule, MetadataRequirement, WordingRuleEntry, WorkflowPolicy
from governance.registry import governed_descendants, is_governed

# --------------------------------------------------------------------------- settings (snippets)


class WorkflowPolicyViewSet(SnippetViewSet):
    model = WorkflowPolicy
    icon = "tasks"
    menu_label = "审核策略"
    list_display = ["name", "scope_label", "workflow", "priority", "active"]
    list_filter = ["active", "workflow"]


class WordingRuleViewSet(SnippetViewSet):
    model = WordingRuleEntry
    icon = "warning"
    menu_label = "表述检查词库"
    list_display = ["pattern", "kind", "suggestion", "severity", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["pattern", "suggestion", "note"]


class MetadataRequirementViewSet(SnippetViewSet):
    model = MetadataRequirement
    icon = "form"
    menu_label = "必填元数据"
    list_display = ["label", "field_name", "page_type", "severity", "active"]


class ContentRuleViewSet(SnippetViewSet):
    model = ContentRule
    icon = "mail"
    menu_label = "内容规则"
    list_display = ["name", "event", "notify_group", "add_to_collection", "active"]
    list_filter = ["event", "active"]


class ColumnSettingViewSet(SnippetViewSet):
    model = ColumnSetting
    icon = "time"
    menu_label = "栏目更新监测设置"
    list_display = ["page", "kind", "max_age_days", "level_one"]


class GovernanceSettingsGroup(SnippetViewSetGroup):
    menu_label = "审核设置"
    menu_icon = "cogs"
    menu_order = 310
    items = (WorkflowPolicyViewSet, WordingRuleViewSet, MetadataRequirementViewSet, ContentRuleViewSet,
             ColumnSettingViewSet)


register_snippet(GovernanceSettingsGroup)


# --------------------------------------------------------------------------- admin URLs and menu


@hooks.register("register_admin_urls")
def register_governance_urls():
    from governance import admin_urls

    return [path("governance/", include((admin_urls.urlpatterns, "governance_admin"), namespace="governance_admin"))]


class _PermMenuItem(MenuItem):
    def __init__(self, *args, perm=None, **kwargs):
        self.perm = perm
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return self.perm is None or request.user.is_superuser or request.user.has_perm(self.perm)


def _governance_menu():
    return Menu(items=[
        _PermMenuItem("审核待办", reverse("governance_admin:inbox"), name="governance-inbox", icon_name="tasks", order=10),
        _PermMenuItem("撤回/删除申请", reverse("governance_admin:requests"), name="governance-requests", icon_name="warning", order=20),
        _PermMenuItem("审核日志", reverse("governance_admin:audit_log"), name="governance-audit", icon_name="list-ul",
                      order=30, perm="governance.view_auditevent"),
    ] + _extra_menu_items())


def _extra_menu_items():
    return [
        _PermMenuItem("栏目更新监测", reverse("governance_admin:stale_columns"), name="governance-stale",
                      icon_name="time", order=40, perm="governance.view_auditevent"),
        _PermMenuItem("站内通知", reverse("governance_admin:notifications"), name="governance-notifications",
                      icon_name="mail", order=50),
    ]


@hooks.register("register_admin_menu_item")
def register_governance_menu():
    return SubmenuMenuItem("审核", _governance_menu(), name="governance", icon_name="tasks", order=250)


# --------------------------------------------------------------------------- page buttons


def _page_buttons(page, user, next_url=None):
    if not is_governed(page):
        return []
    perms = page.permissions_for_user(user)
    buttons = []
    if perms.can_edit() or user.has_perm("governance.view_auditevent"):
        buttons.append(Button("审核记录", reverse("governance_admin:history", args=[page.pk]), icon_name="history", priority=66))
    if perms.can_edit():
        buttons.append(Button("发布前检查", reverse("governance_admin:checks", args=[page.pk]), icon_name="search", priority=67))
    if perms.can_request_unpublish():
        buttons.append(Button("申请撤回", reverse("governance_admin:request_create", args=[page.pk, "unpublish"]),
                              icon_name="download", priority=61))
    if perms.can_request_delete():
        buttons.append(Button("申请删除", reverse("governance_admin:request_create", args=[page.pk, "delete"]),
                              icon_name="bin", priority=62))
    return buttons


@hooks.register("register_page_header_buttons")
def governance_header_buttons(page, user, view_name, next_url=None):
    return _page_buttons(page, user, next_url)


@hooks.register("register_page_listing_more_buttons")
def governance_listing_buttons(page, user, next_url=None):
    return _page_buttons(page, user, next_url)


# --------------------------------------------------------------------------- action menu


class GovernedSubmitMenuItem(SubmitForModerationMenuItem):
    """“提交审核” on the create view: Wagtail only offers it when the *parent* has a
    workflow; governed types get theirs from the placeful policy."""

    label = "提交审核"

    def is_shown(self, context):
        return True


class RequestUnpublishMenuItem(ActionMenuItem):
    label = "申请撤回"
    name = "action-request-unpublish"
    icon_name = "download"

    def is_shown(self, context):
        return context["view"] == "edit" and context["page"].permissions_for_user(context["request"].user).can_request_unpublish()

    def get_url(self, context):
        return reverse("governance_admin:request_create", args=[context["page"].pk, "unpublish"])


def _governed_page_class(request, context):
    page = context.get("page")
    if page is not None:
        return page.specific_class
    match = getattr(request, "resolver_match", None)
    if match and "content_type_app_name" in match.kwargs:
        from django.contrib.contenttypes.models import ContentType

        try:
            return ContentType.objects.get_by_natural_key(
                match.kwargs["content_type_app_name"], match.kwargs["content_type_model_name"]
            ).model_class()
        except ContentType.DoesNotExist:
            return None
    return None


@hooks.register("construct_page_action_menu")
def governed_action_menu(menu_items, request, context):
    page_class = _governed_page_class(request, context)
    if page_class is None or not is_governed(page_class):
        return
    menu_items[:] = [item for item in menu_items if item.name not in ("action-publish", "action-unpublish")]
    if context.get("view") == "create" and not any(item.name == "action-submit" for item in menu_items):
        from governance.services.policies import resolve_workflow

        parent = context.get("parent_page")
        if parent is not None and resolve_workflow(path=parent.path, page_class=page_class):
            menu_items.append(GovernedSubmitMenuItem(order=60))
    if context.get("view") == "edit":
        item = RequestUnpublishMenuItem(order=25)
        if item.is_shown(context):
            menu_items.append(item)
    menu_items.sort(key=lambda item: item.order)


# --------------------------------------------------------------------------- create / edit flow


def _strip(request, *keys):
    post = request.POST.copy()
    for key in keys:
        post.pop(key, None)
    request.POST = post


@hooks.register("before_create_page")
def governed_create(request, parent_page, page_class):
    """Creating governed content never publishes it: “发布” saves a draft instead."""
    if request.method == "POST" and is_governed(page_class) and request.POST.get("action-publish"):
        _strip(request, "action-publish")
        messages.warning(request, "政府信息须经审核流程发布，已保存为草稿；请点击“提交审核”")


@hooks.register("after_create_page")
def governed_after_create(request, page):
    if request.method == "POST" and is_governed(page) and request.POST.get("action-submit"):
        page = page.specific
        if page.current_workflow_state is None:
            workflow = page.get_workflow()
            if workflow is None:
                messages.error(request, "该信息类型没有适用的审核策略，请联系管理员运行 setup_workflows")
            else:
                workflow.start(page, request.user)
                messages.success(request, f"“{page.get_admin_display_title()}”已提交审核")
        return _checks_feedback(request, page)


@hooks.register("after_edit_page")
def governed_after_edit(request, page):
    if request.method == "POST" and is_governed(page) and (
        request.POST.get("action-submit") or request.POST.get("action-restart-workflow")
    ):
        return _checks_feedback(request, page.specific)


def _checks_feedback(request, page):
    """When the automated checks sent the submission back, say where the errors are
    and stay on the edit page (instead of Wagtail's “submitted” message)."""
    from wagtail.models import WorkflowState

    from governance.models import AutomatedChecksTaskState

    state = page.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return None
    task_state = state.current_task_state.specific if state.current_task_state else None
    if not isinstance(task_state, AutomatedChecksTaskState) or task_state.check_run is None:
        return None
    run = task_state.check_run
    storage = django_messages.get_messages(request)
    queued = getattr(storage, "_queued_messages", None)
    if queued is not None:  # drop Wagtail's “submitted for moderation” message
        storage._queued_messages = [m for m in queued if m.level >= django_messages.WARNING]
    errors = run.errors
    lines = "；".join(f"{f['where']}：{f['message']}" for f in errors[:10])
    more = f"（另有 {len(errors) - 10} 项）" if len(errors) > 10 else ""
    messages.error(
        request,
        f"自动检查发现 {len(errors)} 个错误，未提交审核，请修改后重新提交：{lines}{more}",
        buttons=[messages.button(reverse("governance_admin:checks", args=[page.pk]), "查看检查结果")],
    )
    return HttpResponseRedirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


@hooks.register("before_publish_page")
def governed_before_publish(request, page):
    """Backstop for the create/edit views (the permission tester already hides “发布”)."""
    if not is_governed(page):
        return None
    from governance.guard import system_action
    from governance.services import gate
    from governance.services.audit import record

    if gate.revision_fully_approved(page, page.get_latest_revision()):
        return None
    if page.live and not page.live_revision_id:
        # the create view saved the new page live before asking: put it back to draft
        with system_action():
            type(page).objects.filter(pk=page.pk).update(live=False, has_unpublished_changes=True)
        page.live = False
    record("publish.blocked", page=page, user=request.user, comment="未经审核的直接发布请求已拦截，内容保存为草稿")
    messages.error(request, "政府信息须经审核流程（自动检查、三审、保密审查）全部通过后才能发布；内容已保存为草稿，请提交审核")
    return HttpResponseRedirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


@hooks.register("before_unpublish_page")
def governed_before_unpublish(request, page):
    if is_governed(page):
        messages.error(request, "已发布的政府信息不能直接下线，请提交撤回申请")
        return HttpResponseRedirect(reverse("governance_admin:request_create", args=[page.pk, "unpublish"]))
    if request.POST.get("include_descendants") and governed_descendants(page, inclusive=False).live().exists():
        messages.error(request, "该栏目下有已发布的政府信息，不能连同下级一起下线；请对各条信息分别提交撤回申请")
        return HttpResponseRedirect(reverse("wagtailadmin_explore", args=[page.pk]))
    return None


@hooks.register("before_delete_page")
def governed_before_delete(request, page):
    published = governed_descendants(page).exclude(first_published_at__isnull=True, live=False)
    if not published.exists():
        return None
    if request.method == "GET":
        messages.warning(request, "已发布过的政府信息不能直接删除，须提交删除申请并经审核")
    if is_governed(page):
        return HttpResponseRedirect(reverse("governance_admin:request_create", args=[page.pk, "delete"]))
    messages.error(request, f"该页面下有 {published.count()} 条已发布过的政府信息，不能直接删除")
    return HttpResponseRedirect(reverse("wagtailadmin_explore", args=[page.get_parent().pk]))


@hooks.register("before_bulk_action")
def governed_bulk_action(request, action_type, objects, action_class_instance):
    from wagtail.models import Page

    if not objects or not all(isinstance(o, Page) for o in objects):
        return None
    if action_type not in ("publish", "unpublish", "delete"):
        return None
    blocked = []
    for obj in objects:
        if action_type == "publish" and is_governed(obj):
            if not obj.permissions_for_user(request.user).can_publish():
                blocked.append(obj)
        elif action_type in ("unpublish", "delete"):
            subtree = governed_descendants(obj)
            if action_type == "unpublish" and subtree.live().exists():
                blocked.append(obj)
            elif action_type == "delete" and subtree.exclude(first_published_at__isnull=True, live=False).exists():
                blocked.append(obj)
    if not blocked:
        return None
    titles = "、".join(o.get_admin_display_title() for o in blocked[:5])
    verb = {"publish": "发布", "unpublish": "下线", "delete": "删除"}[action_type]
    messages.error(request, f"批量{verb}被拒绝：{titles} 为（或包含）政府信息，须经审核流程办理")
    return HttpResponseRedirect(request.GET.get("next") or reverse("wagtailadmin_explore_root"))


@hooks.register("before_copy_page")
def governed_copy(request, page):
    """Copies of governed content are drafts: they must be reviewed where they land."""
    if request.method == "POST" and request.POST.get("publish_copies"):
        if governed_descendants(page).exists():
            _strip(request, "publish_copies")
            messages.warning(request, "政府信息的副本须重新审核，已复制为草稿")
    return None


# --------------------------------------------------------------------------- dashboard


@hooks.register("construct_homepage_panels")
def governance_panels(request, panels):
    from governance.panels import NotificationsPanel, ReviewInboxPanel, StaleColumnsPanel

    panels.extend([NotificationsPanel(), ReviewInboxPanel(), StaleColumnsPanel()])

