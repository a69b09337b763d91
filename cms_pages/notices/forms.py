"""The notice edit form: every bulletin-board rule is checked here, before anything is saved.

Choice (issue 7): the personal-data check runs in the page form's ``clean()`` rather than in a
``before_edit_page`` hook, so findings appear as ordinary Wagtail field errors next to the body
and next to each attachment, the page and its revision are not saved, and the same code path
serves the create and edit views. It runs when the editor submits for review or publishes (drafts
may be saved while work is in progress). The generic governance workflow can call
``pii_check.notice_pii_findings(page)`` on its own.
"""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm

from . import conf, pii_check, rules

SUBMIT_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")


def _head(document, n=16):
    try:
        f = document.file
        f.open("rb")
        try:
            return f.read(n)
        finally:
            f.close()
    except OSError:
        return None


def _size(document):
    try:
        return document.get_file_size()
    except (OSError, ValueError):
        return None


class NoticePageForm(WagtailAdminPageForm):
    auto_mask = forms.BooleanField(
        label="自动遮盖正文中的个人信息", required=False,
        help_text="勾选后，提交时标题、概述和正文中的身份证号码、手机号码、银行卡号按规定格式遮盖；附件须重新上传遮盖后的文件",
    )
    pii_confirmed = forms.BooleanField(
        label="我已人工核对检查提示（疑似号码、无法检查的附件），确认不含未遮盖的个人信息", required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        # The change fields describe *this* publication: once a version is live, start afresh.
        if page.pk and page.live and not page.has_unpublished_changes:
            self.initial["change_is_minor"] = False
            self.initial["change_note"] = ""
        if "kind" in self.fields:
            from .models import NoticeKind

            self.fields["kind"].queryset = NoticeKind.objects.filter(is_active=True) | NoticeKind.objects.filter(
                pk=getattr(page, "kind_id", None))
            self.fields["kind"].empty_label = "请选择类别"

    # ---------------------------------------------------------------------------------------
    @property
    def submitting(self):
        return any(self.data.get(name) for name in SUBMIT_ACTIONS)

    def _error(self, exc):
        field = exc.field if exc.field in self.fields else None
        self.add_error(field, exc.message)

    def clean(self):
        cleaned = super().clean()
        now = timezone.localtime()  # local, so messages show the time the editor sees
        if self.submitting and getattr(self.instance, "revoked_at", None):
            # a revoked notice stays revoked (receipts are its record); publishing it again would
            # also put it back into staff search
            self.add_error(None, "该内部通知已撤回，不能再提交审核或发布；如需重新通知，请新建一条通知")
        self._clean_period(cleaned)
        self._clean_pin(cleaned, now)
        self._clean_expiry(cleaned, now)
        self._clean_internal(cleaned, now)
        self._clean_change(cleaned)
        documents = self._clean_attachments()
        if self.submitting:
            self._clean_personal_data(cleaned, documents)
        return cleaned

    def _clean_period(self, cleaned):
        kind = cleaned.get("kind")
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if kind is None:
            return
        if start is None and end is None and kind.period_required:
            # notices.md §2.1: the start defaults to the publication date
            start = cleaned["period_start"] = (
                timezone.localdate(cleaned["go_live_at"]) if cleaned.get("go_live_at") else timezone.localdate()
            )
        from .calendar import work_calendar

        calendar = work_calendar() if start else None
        if start is not None and end is None:
            end = cleaned["period_end"] = kind.period_end_for(start, calendar)
        minimum_end, label = kind.minimum_end_for(start, calendar) if start else (None, "")
        try:
            rules.validate_period(start, end, required=kind.period_required, minimum_end=minimum_end,
                                  minimum_label=label)
        except rules.PeriodError as exc:
            self._error(exc)
        if kind.period_required and not (cleaned.get("objection_channel") or "").strip():
            self.add_error("objection_channel", f"“{kind.name}”须注明异议受理方式：受理部门及电话、地址或电子邮箱")

    def _clean_pin(self, cleaned, now):
        pinned = cleaned.get("pinned")
        if not pinned:
            return
        if cleaned.get("pin_until") is None:
            cleaned["pin_until"] = rules.default_pin_until(now, conf.get("PIN_DEFAULT_DAYS"))
        page = self.instance
        previous = page.pin_until if page.pk and page.pinned else None
        try:
            rules.validate_pin(True, cleaned["pin_until"], now, previous_pin_until=previous,
                               previously_pinned=bool(page.pk and page.pinned), max_days=conf.get("PIN_MAX_DAYS"))
        except rules.PinError as exc:
            self._error(exc)
            return
        # capacity: only when this notice is not already an active pin
        if page.pk and rules.pin_is_active(page.pinned, page.pin_until, now):
            return
        parent = self.parent_page or (page.get_parent() if page.pk else None)
        if parent is None:
            return
        from .models import NoticePage

        others = NoticePage.objects.child_of(parent).live().filter(pinned=True, pin_until__gt=now)
        if page.pk:
            others = others.exclude(pk=page.pk)
        if cleaned.get("pin_scope") == rules.PIN_SCOPE_HOME:
            others = others.filter(pin_scope=rules.PIN_SCOPE_HOME)
        try:
            rules.check_pin_capacity(list(others.values_list("title", flat=True)), conf.get("PIN_MAX_ACTIVE"))
        except rules.PinError as exc:
            self._error(exc)

    def _clean_expiry(self, cleaned, now):
        page = self.instance
        try:
            rules.validate_expiry(cleaned.get("expires_at"), now, previous=page.expires_at if page.pk else None,
                                  published_at=page.first_published_at)
        except rules.ExpiryError as exc:
            self._error(exc)

    def _clean_internal(self, cleaned, now):
        if cleaned.get("is_internal"):
            if not any(cleaned.get(f) for f in ("audience_groups", "audience_units", "audience_people")):
                self.add_error("audience_groups", "内部通知须至少选择一项受众：用户组、单位或指定人员")
        elif cleaned.get("requires_ack"):
            self.add_error("requires_ack", "只有内部通知可以要求签收：请先勾选“内部通知”，或取消“需签收”")
        try:
            rules.validate_auto_remind(cleaned.get("auto_remind_days"), is_internal=bool(cleaned.get("is_internal")))
        except rules.NoticeRuleError as exc:
            self._error(exc)
        deadline = cleaned.get("ack_deadline")
        if deadline is not None:
            if not cleaned.get("requires_ack"):
                self.add_error("ack_deadline", "设置签收截止时间前，请先勾选“需签收”")
            elif deadline <= now and deadline != self.instance.ack_deadline:
                self.add_error("ack_deadline", f"签收截止时间（{rules.format_datetime(timezone.localtime(deadline))}）已过，请选择将来的时间")
        if cleaned.get("pinned") and cleaned.get("is_internal"):
            self.add_error("pinned", "内部通知不出现在公开列表中，不能置顶")

    def _clean_change(self, cleaned):
        page = self.instance
        first_publication = not (page.pk and page.first_published_at)
        if first_publication:
            cleaned["change_is_minor"] = False  # the first publication is always major
            return
        if self.submitting and not cleaned.get("change_is_minor") and not (cleaned.get("change_note") or "").strip():
            self.add_error("change_note", "重大修改须填写修改说明（将公开显示并通知订阅者）；如只是更正错别字、格式，请勾选“细微更正”")

    def _attachment_forms(self):
        formset = self.formsets.get("attachments") if hasattr(self, "formsets") else None
        if formset is None:
            return []
        formset.is_valid()  # validates the inline forms so their cleaned_data is available
        result = []
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or not data.get("document"):
                continue
            result.append((form, data["document"], data.get("label") or ""))
        return result

    def _clean_attachments(self):
        documents = []
        allowed = tuple(conf.get("ATTACHMENT_EXTENSIONS"))
        max_bytes = conf.get("ATTACHMENT_MAX_BYTES")
        for form, document, label in self._attachment_forms():
            try:
                rules.check_attachment(document.file.name, _size(document), _head(document),
                                       allowed=allowed, max_bytes=max_bytes)
            except rules.AttachmentError as exc:
                form.add_error("document", exc.message)
                self.add_error(None, exc.message)
                continue
            documents.append((form, document))
        return documents

    def _clean_personal_data(self, cleaned, documents):
        if cleaned.get("auto_mask"):
            for name in ("title", "summary", "body"):
                if cleaned.get(name):
                    cleaned[name] = pii_check.mask_text(cleaned[name])
        warnings = []
        blocking = False
        for name, label, text in (
            ("title", pii_check.TITLE, cleaned.get("title") or ""),
            ("summary", pii_check.SUMMARY, cleaned.get("summary") or ""),
            ("body", pii_check.BODY, pii_check.body_text(cleaned.get("body") or "")),
        ):
            for finding in pii_check.scan_text(text, label):
                if finding.blocks_publication:
                    blocking = True
                    self.add_error(name if name in self.fields else None, pii_check.describe(finding))
                else:
                    warnings.append((name, finding))
        for form, document in documents:
            for finding in pii_check.attachment_findings(document):
                if finding.blocks_publication:
                    blocking = True
                    form.add_error("document", pii_check.describe(finding) + "。请遮盖后重新上传附件")
                    self.add_error(None, pii_check.describe(finding) + "。请遮盖后重新上传附件")
                else:
                    warnings.append(("document", finding))
                    if not cleaned.get("pii_confirmed"):
                        form.add_error(None, pii_check.describe(finding))
        if blocking:
            self.add_error(None, ValidationError(
                "发现未遮盖的个人信息，不能提交：请按提示遮盖（身份证号保留前2位和后3位，手机号如 138****1234），"
                "或勾选“自动遮盖正文中的个人信息”后重新提交", code="pii"))
        if warnings and not cleaned.get("pii_confirmed"):
            for name, finding in warnings:
                if name != "document":
                    self.add_error(name if name in self.fields else None, pii_check.describe(finding))
            self.add_error("pii_confirmed", "有需要人工核对的提示（见上），核对后请勾选此项再提交")
        self.pii_warnings = [f for _, f in warnings]
