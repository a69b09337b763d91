"""Attachment text for search (PDF via pypdf, DOCX via python-docx); filled in below."""
from __future__ import annotations


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
