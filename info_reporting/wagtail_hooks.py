"""Admin integration of 政务信息报送: unit isolation in the explorer, choosers, editing and
document serving; the menu; snippets for levels, rules, issues and penalties; the urgent-items
dashboard panel."""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from info_reporting import access
from info_reporting.models import (
    STATUS_SUBMITTED,
    AdoptionLevel,
    InfoReportIndexPage,
    InfoReportPage,
    PenaltyRecord,
    PeriodicalIssue,
    ScoringRuleSet,
)

# --------------------------------------------------------------------------
# unit isolation


@hooks.register("construct_explorer_page_queryset")
def isolate_explorer(parent_page, pages, request):
    if access.is_info_editor(request.user):
        return pages
    if parent_page is not None and access.hidden_page_ids(request.user).filter(pk=parent_page.pk).exists():
        # exploring another unit's item itself (its header names it) is refused too
        raise Http404("没有这条信息，或您无权查看")
    return pages.exclude(pk__in=access.hidden_page_ids(request.user))


@hooks.register("construct_page_chooser_queryset")
def isolate_chooser(pages, request):
    if access.is_info_editor(request.user):
        return pages
    return pages.exclude(pk__in=access.hidden_page_ids(request.user))


@hooks.register("before_edit_page")
def refuse_foreign_item(request, page):
    specific = page.specific if not isinstance(page, InfoReportPage) else page
    if isinstance(specific, InfoReportPage) and not access.can_view_item(request.user, specific):
        raise PermissionDenied("只能查看和修改本单位报送的信息")


@hooks.register("before_create_page")
def refuse_reporting_without_unit(request, parent_page, page_class):
    if page_class is InfoReportPage and not access.has_info_access(request.user):
        raise PermissionDenied("您不是报送员或尚未设置所属单位，不能报送信息，请联系管理员设置“人员所属单位”")


@hooks.register("before_serve_document")
def isolate_attachments(document, request):
    """A unit's attachments are served only to that unit (and co-units of the item) and to the
    information section; see ``attachments.document_visible``."""
    from info_reporting.attachments import document_visible

    if document_visible(request.user, document) is False:
        raise Http404("没有这个文件，或您无权查看")


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def file_item_attachments(request, page):
    """An item's attachments go into its unit's collection, whoever uploaded them."""
    from info_reporting.attachments import file_item_attachments as file_them

    if isinstance(page, InfoReportPage):
        page.sync_co_units()  # 联合报送 units see the item from the first save on
        file_them(page)


@hooks.register("construct_document_chooser_queryset")
def isolate_document_chooser(documents, request):
    from cms_pages.models import GovernmentPageAttachment

    if access.is_info_editor(request.user):
        return documents
    hidden = GovernmentPageAttachment.objects.filter(
        page_id__in=access.hidden_page_ids(request.user)
    ).values("document_id")
    return documents.exclude(pk__in=hidden)


# --------------------------------------------------------------------------
# admin URLs and menu


@hooks.register("register_admin_urls")
def register_urls():
    from info_reporting import admin_views as v

    urls = [
        path("items/", v.item_list, name="items"),
        path("items/export.xlsx", v.item_export, name="items_export"),
        path("items/<int:pk>/", v.process, name="process"),
        path("rankings/", v.rankings, name="rankings"),
        path("rankings/export.xlsx", v.rankings_export, name="rankings_export"),
        path("rankings/bulletin/", v.generate_bulletin, name="generate_bulletin"),
        path("issues/compile/", v.compile_issue, name="issue_compile"),
        path("issues/<int:pk>/print/", v.issue_print, name="issue_print"),
        path("issues/<int:pk>/issue.docx", v.issue_docx, name="issue_docx"),
        path("bulletins/<int:pk>/bulletin.docx", v.bulletin_docx, name="bulletin_docx"),
        path("issues/<int:pk>/sign-off/", v.issue_sign_off, name="issue_sign_off"),
    ]
    return [path("info-reporting/", include((urls, "info_reporting_admin"), namespace="info_reporting_admin"))]


class InfoAccessMenuItem(MenuItem):
    def is_shown(self, request):
        return access.has_info_access(request.user)


class InfoEditorMenuItem(MenuItem):
    def is_shown(self, request):
        return access.is_info_editor(request.user)


class InfoSubmenu(SubmenuMenuItem):
    def is_shown(self, request):
        return access.has_info_access(request.user)


@hooks.register("register_admin_menu_item")
def info_menu():
    from wagtail.admin.menu import Menu

    menu = Menu(items=[
        InfoAccessMenuItem("报送列表", reverse("info_reporting_admin:items"), icon_name="list-ul", order=100),
        InfoAccessMenuItem("排名统计", reverse("info_reporting_admin:rankings"), icon_name="order", order=200),
        InfoEditorMenuItem("编排刊物", reverse("info_reporting_admin:issue_compile"), icon_name="doc-full", order=300),
    ])
    return InfoSubmenu("政务信息报送", menu, icon_name="mail", order=250)


# --------------------------------------------------------------------------
# snippets


class AdoptionLevelViewSet(SnippetViewSet):
    model = AdoptionLevel
    icon = "tag"
    menu_label = "采用级别"
    list_display = ["name", "code", "category", "scope", "kind", "is_periodical", "is_active"]


class ScoringRuleSetViewSet(SnippetViewSet):
    model = ScoringRuleSet
    icon = "calculator"
    menu_label = "计分规则"
    list_display = ["year", "name", "office_level"]


class PeriodicalIssueViewSet(SnippetViewSet):
    model = PeriodicalIssue
    icon = "doc-full"
    menu_label = "刊期"
    list_display = ["title", "status", "issue_date"]
    list_filter = ["year", "publication", "status"]


class PenaltyRecordViewSet(SnippetViewSet):
    model = PenaltyRecord
    icon = "warning"
    menu_label = "扣分记录"
    list_display = ["unit", "kind", "date", "note"]


class InfoSettingsGroup(SnippetViewSetGroup):
    menu_label = "信息报送设置"
    menu_icon = "cogs"
    menu_order = 260
    items = (AdoptionLevelViewSet, ScoringRuleSetViewSet, PeriodicalIssueViewSet, PenaltyRecordViewSet)


register_snippet(InfoSettingsGroup)


@hooks.register("before_delete_snippet")
def refuse_issue_gap(request, instances):
    """Deleting an issue must not leave a gap in the year's numbers, nor remove an issued one."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from info_reporting import services

    for obj in instances:
        if isinstance(obj, PeriodicalIssue):
            try:
                services.check_issue_removable(obj)
            except services.TransitionError as exc:
                messages.error(request, str(exc))
                return redirect(PeriodicalIssue.snippet_viewset.get_url_name("list"))


@hooks.register("before_edit_snippet")
def refuse_editing_issued(request, instance):
    from django.contrib import messages
    from django.shortcuts import redirect

    if isinstance(instance, PeriodicalIssue) and instance.is_issued:
        messages.error(request, f"{instance.title}已签发，不能再修改")
        return redirect("info_reporting_admin:issue_print", pk=instance.pk)


# --------------------------------------------------------------------------
# dashboard


class UrgentItemsPanel(Component):
    """紧急信息 awaiting the information section, shown first on the dashboard."""

    name = "info_reporting_urgent"
    template_name = "info_reporting/admin/urgent_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        from django.db.models import Q

        items = (
            InfoReportPage.objects.filter(status=STATUS_SUBMITTED)
            .filter(Q(urgency="urgent") | Q(category="紧急信息"))
            .select_related("reporting_unit").order_by("-submitted_at")[:20]
        )
        return {"items": items}


class UnitItemsPanel(Component):
    """A reporter's own unit: latest items and their status."""

    name = "info_reporting_unit_items"
    template_name = "info_reporting/admin/unit_panel.html"
    order = 60

    def __init__(self, unit):
        self.unit = unit

    def get_context_data(self, parent_context):
        items = InfoReportPage.objects.filter(pk__in=access.unit_item_ids(self.unit)).order_by("-latest_revision_created_at", "-pk")[:10]
        index = InfoReportIndexPage.objects.first()
        add_url = reverse("wagtailadmin_pages:add", args=("info_reporting", "inforeportpage", index.pk)) if index else None
        return {"items": items, "unit": self.unit, "add_url": add_url}


@hooks.register("construct_homepage_panels")
def add_info_panels(request, panels):
    if access.is_info_editor(request.user):
        panels.append(UrgentItemsPanel())
    else:
        unit = access.reporter_unit(request.user)
        if unit is not None:
            panels.append(UnitItemsPanel(unit))


# --------------------------------------------------------------------------
# 通报 DOCX button


@hooks.register("register_page_header_buttons")
def bulletin_docx_button(page, user, view_name=None, next_url=None):
    from wagtail.admin.widgets import HeaderButton

    from info_reporting.models import InfoBulletinPage

    if page.specific_class is InfoBulletinPage and access.is_info_editor(user):
        yield HeaderButton("下载通报 DOCX", reverse("info_reporting_admin:bulletin_docx", args=[page.pk]),
                           icon_name="download", priority=90)
