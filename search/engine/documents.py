"""The flat archive fields the engine stores beside modelsearch's own document (``gk_*``).

The facts come from :func:`search.backends.documents.document_facts`, the same function that
fills the database backend's ``SearchDocument`` rows, and the searchable text is built exactly
like the database backend's FTS columns (``title``; ``body`` = every other search field joined
with spaces, plus attachment text), normalised and spaced by :func:`search.normalize.index_text`.
So both backends match and filter on the same values (search.md §5).

Facets and filters are keyword/integer/date fields, the 文号 key is a keyword for the exact-match
clause, and the page's tree path lets visibility be decided at query time from the current view
restrictions (a restriction added later needs no reindex).
"""
from __future__ import annotations


from search.normalize import index_text


class _NoConfigBackend:
    config = None


def searchable_text(page) -> tuple[str, str]:
    """``(title, body)`` raw text, exactly as the database backend's FTS columns are built."""
    from modelsearch.backends.database.sqlite.sqlite import ObjectIndexer

    indexer = ObjectIndexer(page, _NoConfigBackend())
    title = indexer.title
    body = indexer.body
    try:
        from search.attachments import attachment_text_for_page

        extra = attachment_text_for_page(page)
    except Exception:
        extra = ""
    if extra:
        body = f"{body} {extra}"
    return title, body


def archive_fields(page) -> dict:
    """``gk_*`` fields for one (specific) page; empty dict for non-government pages."""
    from search.backends import documents

    if not documents.is_government_model(type(page)):
        return {}
    facts = documents.document_facts(page)
    title, body = searchable_text(page)
    date = facts["published_date"]
    return {
        "gk_type": facts["type_key"],
        "gk_internal": facts["is_internal"],
        "gk_year": facts["year"],
        "gk_date": date.isoformat() if date else None,
        "gk_authority": facts["issuing_authority"],
        "gk_validity": facts["validity"],
        "gk_doc_kind": facts["doc_kind"],
        "gk_topic": facts["topic"],
        "gk_doc_key": facts["doc_number_key"],
        "gk_title_key": facts.get("title_key", ""),
        "gk_path": facts["path"],
        "gk_page_id": page.pk,
        "gk_title": index_text(title),
        "gk_body": index_text(body),
    }


ARCHIVE_PROPERTIES = {
    "gk_type": {"type": "keyword"},
    "gk_internal": {"type": "boolean"},
    "gk_year": {"type": "integer"},
    "gk_date": {"type": "date"},
    "gk_authority": {"type": "keyword"},
    "gk_validity": {"type": "keyword"},
    "gk_doc_kind": {"type": "keyword"},
    "gk_topic": {"type": "keyword"},
    "gk_doc_key": {"type": "keyword"},
    "gk_title_key": {"type": "keyword"},
    "gk_path": {"type": "keyword"},
    "gk_page_id": {"type": "long"},
    # analyzer/sub-field added in backend.ChineseMappingMixin
    "gk_title": {"type": "text"},
    "gk_body": {"type": "text"},
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


def facet_label(facet: str, value) -> str:
    from search.backends.archive import ArchiveSearchBase

    return ArchiveSearchBase.facet_label(facet, value)


