"""Attachment text for search: PDF, DOCX, XLSX, OFD and plain text (read by the one extractor,
cms_pages/attachment_text.py) extracted when a document is saved or uploaded, stored in
:class:`search.models.AttachmentText`, and indexed with every live page that attaches it (the
backends append it to the page's body text).

A broken, encrypted or unreadable file never raises: it is stored with a status and a Chinese
message, and editors see a warning when they save or publish a page that attaches it
(search/wagtail_hooks.py), and in the document upload form (search/forms.py).
"""
from __future__ import annotations

import hashlib
import logging

from cms_pages.attachment_text import MAX_BYTES as MAX_FILE_BYTES

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 2_000_000


def _status():
    from search.models import AttachmentText

    return AttachmentText.Status


def extract_bytes(data: bytes, filename: str) -> tuple[str, str, str]:
    """``(status, text, message)`` for a file's content (cms_pages/attachment_text.py); never raises."""
    from cms_pages.attachment_text import Unreadable, extract_text

    Status = _status()
    try:
        text = extract_text(filename or "", data, MAX_TEXT_CHARS)
    except Unreadable as exc:
        status = {"too_large": Status.TOO_LARGE, "unsupported": Status.UNSUPPORTED,
                  "encrypted": Status.ENCRYPTED, "empty": Status.EMPTY}.get(exc.kind, Status.BROKEN)
        return status, "", f"{exc.reason}，检索时只能找到标题"
    except Exception as exc:  # any parser failure is a data problem, not a crash
        logger.info("附件文字提取失败：%s (%s)", filename, exc)
        return Status.BROKEN, "", "文件已损坏或格式不符，无法提取文字，检索时只能找到标题"
    return Status.OK, text, ""


def extract_document(document, *, force: bool = False):
    """Extract and store the text of a Wagtail document; returns the AttachmentText row."""
    from search.models import AttachmentText

    try:
        with document.file.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except Exception as exc:
        logger.info("附件无法读取：%s (%s)", document.pk, exc)
        data = None
    digest = hashlib.sha1(data).hexdigest() if data is not None else ""
    existing = AttachmentText.objects.filter(document=document).first()
    if existing and not force and digest and existing.file_hash == digest:
        return existing
    checked = getattr(document, "_gk_extraction", None)  # done by the upload form (search/forms.py)
    if data is None:
        status, text, message = AttachmentText.Status.BROKEN, "", "附件文件无法读取，检索时只能找到标题"
    elif checked and checked[0] == digest:
        status, text, message = checked[1:]
    else:
        status, text, message = extract_bytes(data, getattr(document.file, "name", "") or document.title)
    row, _ = AttachmentText.objects.update_or_create(
        document=document, defaults={"text": text, "status": status, "message": message, "file_hash": digest},
    )
    return row


def pages_attaching(document_ids):
    """Live government pages that attach any of ``document_ids``."""
    from wagtail.models import Page

    from cms_pages.models.base import GovernmentPageAttachment

    page_ids = GovernmentPageAttachment.objects.filter(document_id__in=list(document_ids)).values_list("page_id", flat=True)
    return list(Page.objects.filter(pk__in=page_ids, live=True).specific())


def on_document_saved(sender, instance, **kwargs):
    """Signal handler: extract text on upload/replace and re-index pages that attach it."""
    try:
        before = getattr(instance, "_gk_text_hash", None)
        row = extract_document(instance)
        if row.file_hash != before:
            pages = pages_attaching([instance.pk])
            if pages:
                from search.indexing import index_pages

                index_pages(pages)
    except Exception:  # never break an upload
        logger.exception("附件文字提取出错：%s", getattr(instance, "pk", None))


def attachment_problems(page) -> list[str]:
    """Chinese warnings for the page's attachments whose text could not be extracted."""
    from search.models import AttachmentText

    manager = getattr(page, "attachments", None)
    if manager is None:
        return []
    try:
        attachments = list(manager.all().select_related("document"))
    except Exception:
        return []
    rows = {r.document_id: r for r in AttachmentText.objects.filter(document_id__in=[a.document_id for a in attachments])}
    problems = []
    for a in attachments:
        row = rows.get(a.document_id)
        if row is None:
            try:
                row = extract_document(a.document)
            except Exception:
                continue
        if row.status not in (AttachmentText.Status.OK, AttachmentText.Status.UNSUPPORTED):
            problems.append(f"附件《{a.display_name}》：{row.message or row.get_status_display()}")
    return problems


def attachment_text_for_page(page) -> str:
    """Extracted text of every document attached to ``page`` (empty when none)."""
    from search.models import AttachmentText

    manager = getattr(page, "attachments", None)
    if manager is None:
        return ""
    try:
        doc_ids = [a.document_id for a in manager.all()]
    except Exception:
        return ""
    if not doc_ids:
        return ""
    texts = AttachmentText.objects.filter(document_id__in=doc_ids, status=AttachmentText.Status.OK)
    by_id = dict(texts.values_list("document_id", "text"))
    return "\n".join(by_id[d] for d in doc_ids if by_id.get(d))


def attachment_texts_for_pages(page_ids) -> dict:
    """``{page_id: text}`` of extracted attachment text for several pages in two queries."""
    from cms_pages.models.base import GovernmentPageAttachment
    from search.models import AttachmentText

    links = list(GovernmentPageAttachment.objects.filter(page_id__in=list(page_ids)).order_by("sort_order")
                 .values_list("page_id", "document_id"))
    if not links:
        return {}
    texts = dict(AttachmentText.objects.filter(document_id__in={d for _, d in links}, status=AttachmentText.Status.OK)
                 .values_list("document_id", "text"))
    out: dict = {}
    for page_id, doc_id in links:
        if texts.get(doc_id):
            out.setdefault(page_id, []).append(texts[doc_id])
    return {k: "\n".join(v) for k, v in out.items()}
