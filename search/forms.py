"""Document form that tells the editor at upload time when an attachment's text cannot be
extracted (broken, encrypted, scanned …), so it will only be found by its title.

Activated with ``WAGTAILDOCS_DOCUMENT_FORM_BASE = "search.forms.AttachmentCheckingDocumentForm"``.
It never blocks an upload (an encrypted official PDF is still a legitimate attachment):

* Wagtail's multiple uploader (the documents "添加" button) answers each upload with a small edit
  form for the new document; that form shows the warning right away, under the title;
* the document edit view shows it under the file field;
* a bound form with a new file checks it during validation (``attachment_warning``), and the
  result is handed to the post-save extraction so the file is not parsed twice.

Uploads from the page editor's document chooser close the chooser on success; there the warning
comes when the page is saved (search/wagtail_hooks.py).
"""
from __future__ import annotations

import hashlib

from wagtail.documents.forms import BaseDocumentForm

WARNING_SUFFIX = "该附件的内容无法被全文检索找到，只能按标题检索。"


def stored_problem(document) -> str:
    """Chinese warning for a saved document whose text could not be extracted ('' if fine)."""
    if document is None or not getattr(document, "pk", None):
        return ""
    from search.models import AttachmentText

    row = AttachmentText.objects.filter(document_id=document.pk).first()
    if row is None or row.status in (AttachmentText.Status.OK, AttachmentText.Status.UNSUPPORTED):
        return ""
    return f"注意：{row.message or row.get_status_display()}。{WARNING_SUFFIX}"


def check_upload(uploaded, filename: str = "") -> tuple[str, tuple | None]:
    """``(warning, extraction)`` for an uploaded file; ``extraction`` is ``(sha1, status, text,
    message)`` for reuse by :func:`search.attachments.extract_document`.  Never raises."""
    from search.attachments import MAX_FILE_BYTES, extract_bytes
    from search.models import AttachmentText

    try:
        if hasattr(uploaded, "seek"):
            uploaded.seek(0)
        data = uploaded.read(MAX_FILE_BYTES + 1)
        if hasattr(uploaded, "seek"):
            uploaded.seek(0)
    except Exception:
        return "", None
    status, text, message = extract_bytes(data, filename or getattr(uploaded, "name", "") or "")
    extraction = (hashlib.sha1(data).hexdigest(), status, text, message)
    if status in (AttachmentText.Status.OK, AttachmentText.Status.UNSUPPORTED):
        return "", extraction
    label = AttachmentText.Status(status).label if status in AttachmentText.Status.values else status
    return f"注意：{message or label}。{WARNING_SUFFIX}", extraction


class AttachmentCheckingDocumentForm(BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.attachment_warning = ""
        if not self.is_bound:
            self.attachment_warning = stored_problem(self.instance)
            self._show_warning()

    def _show_warning(self):
        if not self.attachment_warning:
            return
        field = self.fields.get("file") or self.fields.get("title")
        if field is not None:
            field.help_text = f"{self.attachment_warning} {field.help_text or ''}".strip()

    def clean(self):
        cleaned = super().clean()
        uploaded = cleaned.get("file") if "file" in self.fields else None
        if uploaded is not None and "file" in self.changed_data:
            warning, extraction = check_upload(uploaded, getattr(uploaded, "name", ""))
            self.attachment_warning = warning
            if extraction is not None:
                self.instance._gk_extraction = extraction
            self._show_warning()
        return cleaned
