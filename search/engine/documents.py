"""The flat archive fields the engine stores beside modelsearch's own document (``gk_*``).

Facets and filters are keyword/date fields (search.md §3.6), the 文号 key is a keyword for the
exact-match clause, and the page's tree path lets visibility be decided at query time from the
current view restrictions (a restriction added later needs no reindex).
"""
from __future__ import annotations

from search.contract import CONTENT_TYPES

# model label (lower case) -> archive content type key (search.contract.CONTENT_TYPES)
MODEL_TYPES = {
    "policies.policydocumentpage": "policy",
    "policies.policyinterpretationpage": "interpretation",
    "policies.interpretationpage": "interpretation",
    "disclosure.disclosureitempage": "disclosure",
    "disclosure.disclosurepage": "disclosure",
    "notices.noticepage": "notice",
    "cms_pages_notices.noticepage": "notice",
}


def archive_type(page) -> str | None:
    """Archive content type key of a page, or None when the page is not archive content."""
    key = getattr(page, "archive_type", None)
    if isinstance(key, str) and key in CONTENT_TYPES:
        return key
    return MODEL_TYPES.get(page._meta.label_lower)


def _choice_label(obj, field_name):
    value = getattr(obj, field_name, "") or ""
    display = getattr(obj, f"get_{field_name}_display", None)
    return value, (display() if callable(display) and value else value)


def archive_fields(page) -> dict:
    """``gk_*`` fields for one (specific) page; empty dict for non-archive pages."""
    kind = archive_type(page)
    if kind is None:
        return {}
    from cms_pages.models import GovernmentPage

    date = page.display_date if isinstance(page, GovernmentPage) else None
    authority = (getattr(page, "issuing_authority", "") or "").strip()
    if not authority and getattr(page, "issuing_organisation_id", None):
        authority = page.issuing_organisation.name
    validity, _ = _choice_label(page, "validity")
    doc_kind, _ = _choice_label(page, "doc_kind")
    topic = page.topic.path if getattr(page, "topic_id", None) else ""
    return {
        "gk_type": kind,
        "gk_year": str(date.year) if date else "",
        "gk_date": date.isoformat() if date else None,
        "gk_authority": authority,
        "gk_validity": validity,
        "gk_doc_kind": doc_kind,
        "gk_topic": topic,
        "gk_doc_key": getattr(page, "doc_number_key", "") or "",
        "gk_path": page.path,
        "gk_page_id": page.pk,
    }


ARCHIVE_PROPERTIES = {
    "gk_type": {"type": "keyword"},
    "gk_year": {"type": "keyword"},
    "gk_date": {"type": "date"},
    "gk_authority": {"type": "keyword"},
    "gk_validity": {"type": "keyword"},
    "gk_doc_kind": {"type": "keyword"},
    "gk_topic": {"type": "keyword"},
    "gk_doc_key": {"type": "keyword"},
    "gk_path": {"type": "keyword"},
    "gk_page_id": {"type": "long"},
}

# facet name (search.contract.FACETS) -> engine field
FACET_FIELDS = {
    "type": "gk_type",
    "year": "gk_year",
    "issuing_authority": "gk_authority",
    "validity": "gk_validity",
    "doc_kind": "gk_doc_kind",
    "topic": "gk_topic",
}


def facet_label(facet: str, value: str) -> str:
    if facet == "type":
        return CONTENT_TYPES.get(value, value)
    if facet == "validity":
        from policies.vocabulary import Validity

        try:
            return Validity(value).label
        except ValueError:
            return value
    return value
