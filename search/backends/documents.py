"""Which pages the archive search covers, and the facts it filters and facets on.

Generic over government page types: a model's ``search_type_key`` class attribute wins;
otherwise a known model name maps to a key of :data:`search.contract.CONTENT_TYPES`;
other GovernmentPage subclasses get their model name (staff-only kinds such as reports).
"""
from __future__ import annotations

import re

from search.contract import CONTENT_TYPES
from search.normalize import normalize

KNOWN_TYPES = {
    "policydocumentpage": "policy",
    "policyinterpretationpage": "interpretation",
    "interpretationpage": "interpretation",
    "disclosureitempage": "disclosure",
    "noticepage": "notice",
}

_NON_TOKEN_RE = re.compile(r"[^\w\ue000-\uf8ff]+|_+")


def compact(normalized: str) -> str:
    """Normalised text with spaces and punctuation removed (for substring signals)."""
    return _NON_TOKEN_RE.sub("", normalized or "")


def is_government_model(model) -> bool:
    try:
        from cms_pages.models import GovernmentPage
    except Exception:  # pragma: no cover
        return False
    return isinstance(model, type) and issubclass(model, GovernmentPage)


def type_key_for_model(model) -> str:
    key = getattr(model, "search_type_key", None)
    if key:
        return str(key)
    name = model._meta.model_name
    return KNOWN_TYPES.get(name, name)


def type_label(key: str) -> str:
    if key in CONTENT_TYPES:
        return CONTENT_TYPES[key]
    from django.apps import apps

    for model in apps.get_models():
        if is_government_model(model) and type_key_for_model(model) == key:
            return str(model._meta.verbose_name)
    return key


def _text(value) -> str:
    return "" if value is None else str(value)


def issuing_authority(page) -> str:
    value = _text(getattr(page, "issuing_authority", "")).strip()
    if not value and getattr(page, "issuing_organisation_id", None):
        try:
            value = page.issuing_organisation.name
        except Exception:
            value = ""
    return value[:200]


def document_facts(page) -> dict:
    """Column values of :class:`search.models.SearchDocument` for a (specific) page."""
    date = getattr(page, "published_date", None) or None
    if date is None:
        display = getattr(page, "display_date", None)
        date = display if display and not callable(display) else None
    topic = ""
    if getattr(page, "topic_id", None):
        try:
            topic = page.topic.path
        except Exception:
            topic = ""
    doc_number = _text(getattr(page, "doc_number", "")).strip()
    key = _text(getattr(page, "doc_number_key", "")).strip()
    if doc_number and not key:
        try:
            from policies import doc_number as dn

            key = dn.search_key(doc_number) or ""
        except Exception:
            key = ""
    return {
        "type_key": type_key_for_model(type(page)),
        "is_internal": bool(getattr(page, "is_internal", False)),
        "published_date": date,
        "year": date.year if date else None,
        "issuing_authority": issuing_authority(page),
        "validity": _text(getattr(page, "validity", ""))[:20],
        "doc_kind": _text(getattr(page, "doc_kind", ""))[:20],
        "topic": topic[:100],
        "doc_number": doc_number[:120],
        "doc_number_key": key[:120],
        "external_id": getattr(page, "external_id", None),
        "title_key": compact(normalize(page.title)),
        "path": getattr(page, "path", "") or "",
    }


def store_documents(pages, entry_ids=None) -> None:
    """Upsert the facts of ``pages``; ``entry_ids`` maps ``str(page.pk)`` to its index entry id."""
    from search.models import SearchDocument

    entry_ids = entry_ids or {}
    rows = [SearchDocument(page_id=p.pk, entry_id=entry_ids.get(str(p.pk)), **document_facts(p))
            for p in pages if is_government_model(type(p))]
    if not rows:
        return
    fields = [
        "type_key", "is_internal", "published_date", "year", "issuing_authority", "validity",
        "doc_kind", "topic", "doc_number", "doc_number_key", "external_id", "title_key", "path", "entry_id",
    ]
    SearchDocument.objects.bulk_create(rows, update_conflicts=True, unique_fields=["page"], update_fields=fields)


def delete_documents(page_ids) -> None:
    from search.models import SearchDocument

    SearchDocument.objects.filter(page_id__in=list(page_ids)).delete()


def snippet_source(page) -> str:
    """Raw text a snippet is cut from: summary, body (plain) and attachment text."""
    from cms_pages.text_format import to_plain_text

    parts = []
    summary = _text(getattr(page, "summary", "")).strip()
    if summary:
        parts.append(summary)
    body = getattr(page, "body", None)
    if body:
        try:
            parts.append(to_plain_text(body))
        except Exception:
            parts.append(_text(body))
    try:
        from search.attachments import attachment_text_for_page

        extra = attachment_text_for_page(page)
        if extra:
            parts.append(extra)
    except Exception:
        pass
    return "\n".join(p for p in parts if p)
