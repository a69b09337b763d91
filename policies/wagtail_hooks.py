"""Admin integration of the 政策文件库: log actions, link integrity on withdrawal requests,
editor warnings after saving, and the 清理 / 解读 reports."""
from django.contrib import messages
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from . import admin_views
from .effects import LOG_ACTION


@hooks.register("register_log_actions")
def register_policy_log_actions(actions):
    @actions.register_action(LOG_ACTION)
    class ValidityChanged(LogFormatter):
        label = "有效性变更"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            text = f"有效性由“{data.get('from_label', '')}”变为“{data.get('to_label', '')}”"
            if data.get("cause_title"):
                number = f"（{data['cause_doc_number']}）" if data.get("cause_doc_number") else ""
                text += f"，原因：《{data['cause_title']}》{number}"
            elif data.get("basis"):
                text += f"，依据：{data['basis']}"
            return text

    @actions.register_action("gongkai.policy_bulk_validity")
    class BulkValidity(LogFormatter):
        label = "清理批量变更"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return f"清理：{data.get('action_label', '')}（{data.get('on', '')}），依据：{data.get('basis', '')}"


# -- link integrity -----------------------------------------------------------------------
# Published documents leave the site only through a governance 撤回/删除 request; the request
# form lists the live documents that still rely on this one and asks for confirmation.
@hooks.register("governance_withdrawal_warnings")
def referenced_document_warnings(page, kind):
    action = "删除" if kind == "delete" else "撤回"
    return [
        f"本文件{ref['label']}：《{ref['page'].title}》仍在公开，{action}后该文件中的关联将失效"
        for ref in admin_views.blocking_references(page)
    ]


# -- editor warnings ----------------------------------------------------------------------
def _warn(request, page):
    from .models import PolicyDocumentPage

    page = getattr(page, "specific", page)
    if not isinstance(page, PolicyDocumentPage):
        return
    draft = page.get_latest_revision_as_object()
    for warning in draft.date_warnings():
        messages.warning(request, warning)
    if draft.doc_number and draft.doc_number_unparsed:
        messages.warning(request, f"发文字号“{draft.doc_number}”无法识别，已按原样保存并标记待核对"
                                  "（标准格式如 国办发〔2024〕12号、国令第711号）")
    if draft.doc_number_key:
        twins = (PolicyDocumentPage.objects.filter(doc_number_key=draft.doc_number_key)
                 .exclude(pk=page.pk))
        if draft.lead_authority:
            twins = twins.filter(lead_authority=draft.lead_authority)
        twin = twins.first()
        if twin is not None:
            messages.warning(request, f"文号“{draft.doc_number_canonical}”已被《{twin.title}》使用：请核对是否录入错误，"
                                      "或是否应作为修订/替代关系关联该文件")


@hooks.register("after_create_page")
def warn_after_create(request, page):
    _warn(request, page)


@hooks.register("after_edit_page")
def warn_after_edit(request, page):
    _warn(request, page)


# -- reports ------------------------------------------------------------------------------
@hooks.register("register_admin_urls")
def register_policy_admin_urls():
    return [
        path("policies/validity-review/", admin_views.validity_review, name="policies_validity_review"),
        path("policies/interpretations-overdue/", admin_views.interpretations_report,
             name="policies_interpretations_overdue"),
        path("policies/data-checks/", admin_views.data_checks, name="policies_data_checks"),
    ]


class _ReportItem(MenuItem):
    def is_shown(self, request):
        return admin_views._can_use_reports(request.user)


@hooks.register("register_reports_menu_item")
def register_validity_review_menu_item():
    return _ReportItem("政策文件清理", reverse("policies_validity_review"), name="policies-validity-review",
                       icon_name="date", order=1200)


@hooks.register("register_reports_menu_item")
def register_interpretations_menu_item():
    return _ReportItem("政策解读逾期", reverse("policies_interpretations_overdue"),
                       name="policies-interpretations-overdue", icon_name="warning", order=1210)


@hooks.register("register_reports_menu_item")
def register_data_checks_menu_item():
    return _ReportItem("政策文件数据核对", reverse("policies_data_checks"), name="policies-data-checks",
                       icon_name="warning", order=1220)
