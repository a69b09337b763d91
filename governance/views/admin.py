"""Admin views: review inbox, 审核记录, checks, 撤回/删除 requests, audit log."""
import datetime

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from governance.models import AuditEvent, ChangeRequest, CheckRun, PersonalDataBasis
from governance.models.audit import ACTION_LABELS
from governance.registry import is_governed
from governance.services import inbox as inbox_service
from governance.services import withdrawal


def _governed_page_or_404(page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not is_governed(page):
        raise PermissionDenied("该页面不是政府信息，不适用审核记录")
    return page


def can_view_history(user, page):
    return user.is_superuser or user.has_perm("governance.view_auditevent") or page.permissions_for_user(user).can_edit()


# --------------------------------------------------------------------------- inbox


class BulkDecisionForm(forms.Form):
    ACTIONS = [("approve", "批量通过"), ("reject", "批量退回")]
    task_states = forms.TypedMultipleChoiceField(coerce=int, choices=[], required=True,
                                                 error_messages={"required": "请至少选择一条待审核信息"})
    action = forms.ChoiceField(choices=ACTIONS)
    comment = forms.CharField(label="意见", required=False, widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args, ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task_states"].choices = [(i, i) for i in ids]

    def clean(self):
        data = super().clean()
        if data.get("action") == "reject" and not (data.get("comment") or "").strip():
            raise ValidationError("批量退回必须填写退回意见")
        return data


def inbox(request):
    items = inbox_service.review_items(request.user)
    requests_ = inbox_service.request_items(request.user)
    form = BulkDecisionForm(ids=[i.pk for i in items if not i.blocked])
    if request.method == "POST":
        form = BulkDecisionForm(request.POST, ids=[i.pk for i in items if not i.blocked])
        if form.is_valid():
            done, skipped = inbox_service.bulk_decide(
                request.user, form.cleaned_data["task_states"], form.cleaned_data["action"],
                form.cleaned_data["comment"],
            )
            verb = "通过" if form.cleaned_data["action"] == "approve" else "退回"
            if done:
                messages.success(request, f"已{verb} {len(done)} 条：{'、'.join(done)}")
            for title, reason in skipped:
                messages.warning(request, f"“{title}”未处理：{reason}")
            return redirect("governance_admin:inbox")
        for error in form.non_field_errors() + [e for errs in form.errors.values() for e in errs]:
            messages.error(request, error)
    return TemplateResponse(request, "governance/admin/inbox.html", {
        "page_title": "审核待办",
        "header_icon": "tasks",
        "items": items,
        "actionable": [i for i in items if not i.blocked],
        "blocked": [i for i in items if i.blocked],
        "requests": requests_,
        "submissions": inbox_service.my_submissions(request.user),
        "overdue_count": sum(1 for i in items if i.overdue and not i.blocked),
        "form": form,
        "today": datetime.date.today(),
    })


# --------------------------------------------------------------------------- history


def history(request, page_id):
    page = _governed_page_or_404(page_id)
    if not can_view_history(request.user, page):
        raise PermissionDenied
    from governance.services.audit import history as page_history

    events = page_history(page.pk)
    workflow_state = page.current_workflow_state
    latest_run = CheckRun.objects.filter(page_id=page.pk).first()
    return TemplateResponse(request, "governance/admin/history.html", {
        "page_title": "审核记录", "page_subtitle": page.get_admin_display_title(), "header_icon": "history",
        "page": page, "events": events, "workflow_state": workflow_state,
        "tasks": workflow_state.all_tasks_with_status() if workflow_state else [],
        "latest_run": latest_run,
        "requests": ChangeRequest.objects.filter(page=page),
        "print": request.GET.get("print") == "1",
    })


class BasisForm(forms.Form):
    basis = forms.ChoiceField(label="公开依据", choices=PersonalDataBasis.BASIS_CHOICES)
    note = forms.CharField(label="依据说明", max_length=300, help_text="写明文件依据，如《……办法》第×条")


def run_checks_view(request, page_id):
    from governance.services.audit import record
    from governance.services.checks import mask_personal_data, run_checks

    page = _governed_page_or_404(page_id)
    can_edit = page.permissions_for_user(request.user).can_edit()
    if not can_edit and not request.user.has_perm("governance.view_auditevent"):
        raise PermissionDenied
    basis_form = BasisForm()
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not can_edit:
        raise PermissionDenied
    if action == "mask":
        revision, count = mask_personal_data(page, request.user)
        if count:
            record("pii.mask", page=page, user=request.user, comment=f"自动遮盖 {count} 个字段中的个人信息",
                   revision=revision)
            messages.success(request, f"已遮盖 {count} 个字段中的个人信息（已保存为新草稿）；附件须遮盖后重新上传")
        else:
            messages.info(request, "正文中没有可自动遮盖的个人信息")
        return redirect("governance_admin:checks", page.pk)
    if action == "basis":
        basis_form = BasisForm(request.POST)
        if basis_form.is_valid():
            PersonalDataBasis.objects.filter(page=page, active=True).update(active=False)
            basis = PersonalDataBasis.objects.create(page=page, recorded_by=request.user, **basis_form.cleaned_data)
            record("pii.basis", page=page, user=request.user, comment=str(basis))
            messages.success(request, "已记录公开依据：个人信息检查结果将作为警告交保密审查人员核实")
            return redirect("governance_admin:checks", page.pk)
    if action == "revoke":
        PersonalDataBasis.objects.filter(page=page, active=True).update(active=False)
        record("pii.basis", page=page, user=request.user, comment="撤销个人信息公开依据")
        return redirect("governance_admin:checks", page.pk)
    revision = page.get_latest_revision()
    target = revision.as_object() if revision else page
    run = run_checks(target, revision=revision, user=request.user, context="manual", save=action == "recheck")
    return TemplateResponse(request, "governance/admin/checks.html", {
        "page_title": "发布前检查", "page_subtitle": page.get_admin_display_title(), "header_icon": "search",
        "page": page, "run": run, "can_edit": can_edit, "basis_form": basis_form,
        "basis": PersonalDataBasis.objects.filter(page=page, active=True).first(),
        "has_pii": any(f["check"].startswith("pii.") for f in run.findings),
    })


# --------------------------------------------------------------------------- requests


class ChangeRequestForm(forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea({"rows": 3}),
                             error_messages={"required": "请填写撤回/删除的理由"})
    public_notice = forms.CharField(
        label="公开说明", required=False, max_length=300,
        help_text="下线后原地址显示的说明；留空使用默认说明（如“该信息已撤回，不再公开。”）",
    )
    confirm_warnings = forms.BooleanField(label="我已核对上述提示，仍要提交申请", required=False)

    def __init__(self, *args, warnings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings = list(warnings)
        if not self.warnings:
            del self.fields["confirm_warnings"]

    def clean_confirm_warnings(self):
        if self.warnings and not self.cleaned_data.get("confirm_warnings"):
            raise forms.ValidationError("请先核对上述提示并勾选确认")
        return True


def request_create(request, page_id, kind):
    page = _governed_page_or_404(page_id)
    if kind not in (ChangeRequest.KIND_UNPUBLISH, ChangeRequest.KIND_DELETE):
        raise PermissionDenied
    perms = page.permissions_for_user(request.user)
    allowed = perms.can_request_unpublish() if kind == ChangeRequest.KIND_UNPUBLISH else perms.can_request_delete()
    if not allowed:
        raise PermissionDenied("您无权对该信息提出此申请")
    form = ChangeRequestForm(request.POST or None, warnings=withdrawal.warnings_for(page, kind))
    if request.method == "POST" and form.is_valid():
        try:
            withdrawal.create_request(page, kind, form.cleaned_data["reason"], request.user,
                                      form.cleaned_data["public_notice"], warnings=form.warnings)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            label = dict(ChangeRequest.KIND_CHOICES)[kind]
            messages.success(request, f"已提交“{page.title}”的{label}申请，等待审核")
            return redirect("governance_admin:history", page.pk)
    return TemplateResponse(request, "governance/admin/request_form.html", {
        "page_title": "撤回申请" if kind == ChangeRequest.KIND_UNPUBLISH else "删除申请",
        "page_subtitle": page.get_admin_display_title(), "header_icon": "warning",
        "page": page, "form": form, "kind": kind,
    })


def request_list(request):
    pending = inbox_service.request_items(request.user)
    mine = ChangeRequest.objects.filter(requested_by=request.user)[:50]
    return TemplateResponse(request, "governance/admin/requests.html", {
        "page_title": "撤回/删除申请", "header_icon": "warning", "pending": pending, "mine": mine,
    })


@require_POST
def request_decide(request, pk):
    req = get_object_or_404(ChangeRequest, pk=pk)
    decision = request.POST.get("decision")
    if decision == "cancel":
        try:
            withdrawal.cancel(req, request.user)
            messages.success(request, "申请已撤销")
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _msg(exc))
        return redirect("governance_admin:requests")
    try:
        withdrawal.decide(req, request.user, decision == "approve", request.POST.get("comment", ""))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _msg(exc))
    else:
        messages.success(request, "已同意申请，信息已下线，原地址显示下线说明" if decision == "approve" else "已驳回申请")
    return redirect("governance_admin:requests")


def _msg(exc):
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc) or "无权办理"


# --------------------------------------------------------------------------- audit log


class AuditEventFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(label="时间", widget=DateRangePickerWidget)
    action = django_filters.MultipleChoiceFilter(
        label="操作", choices=sorted(ACTION_LABELS.items(), key=lambda kv: kv[1]), widget=forms.CheckboxSelectMultiple,
    )
    actor_name = django_filters.CharFilter(label="操作人", lookup_expr="icontains")
    page_title = django_filters.CharFilter(label="标题", lookup_expr="icontains")
    page_id = django_filters.NumberFilter(label="页面ID")

    class Meta:
        model = AuditEvent
        fields = []


class AuditLogView(ReportView):
    page_title = "审核日志"
    header_icon = "list-ul"
    results_template_name = "governance/admin/audit_log_results.html"
    filterset_class = AuditEventFilterSet
    index_url_name = "governance_admin:audit_log"
    index_results_url_name = "governance_admin:audit_log_results"
    model = AuditEvent
    paginate_by = 50
    any_permission_required = ["view"]  # governance.view_auditevent
    export_headings = {
        "created_at": "时间", "actor_label": "操作人", "action_label": "操作", "step": "环节",
        "page_id": "页面ID", "page_title": "标题", "page_type": "信息类型", "page_url": "地址",
        "comment": "意见", "revision_id": "版本ID",
    }
    list_export = list(export_headings)

    def get_queryset(self):
        return AuditEvent.objects.all().order_by("-created_at", "-pk")

    def get_filename(self):
        return f"审核日志-{datetime.date.today():%Y-%m-%d}"


# --------------------------------------------------------------------------- stale columns


def _export(rows, headings, filename, fmt):
    from django.http import HttpResponse

    if fmt == "xlsx":
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(headings)
        for row in rows:
            ws.append([str(v) if v is not None else "" for v in row])
        response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        wb.save(response)
    else:
        import csv

        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(headings)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.{fmt}"
    return response


def stale_columns(request):
    if not (request.user.is_superuser or request.user.has_perm("governance.view_auditevent")):
        raise PermissionDenied
    from governance.scheduler import heartbeat
    from governance.services.columns import assess_columns, summary

    statuses = assess_columns()
    order = {"stale": 0, "empty": 1, "due_soon": 2, "ok": 3, "exempt": 4}
    statuses.sort(key=lambda s: (order[s.assessment.status], s.page.path))
    counts, risks = summary(statuses)
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        rows = [(s.title, s.page.url or "", s.assessment.kind_label, s.assessment.status_label,
                 s.assessment.newest, s.assessment.age_days, s.assessment.deadline, s.assessment.message)
                for s in statuses]
        return _export(rows, ["栏目", "地址", "栏目类型", "状态", "最近更新", "未更新天数", "更新期限", "说明"],
                       f"栏目更新监测-{datetime.date.today():%Y-%m-%d}", fmt)
    last_run, scheduler_overdue = heartbeat()
    return TemplateResponse(request, "governance/admin/stale_columns.html", {
        "page_title": "栏目更新监测", "header_icon": "time", "statuses": statuses, "counts": counts,
        "risks": risks, "last_run": last_run, "scheduler_overdue": scheduler_overdue,
    })


# --------------------------------------------------------------------------- notifications


def notifications(request):
    from django.utils import timezone

    from governance.models import AdminNotification

    qs = AdminNotification.objects.filter(user=request.user)
    if request.method == "POST":
        qs.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("governance_admin:notifications")
    return TemplateResponse(request, "governance/admin/notifications.html", {
        "page_title": "站内通知", "header_icon": "mail", "notifications": qs[:200],
    })
