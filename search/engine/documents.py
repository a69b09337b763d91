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


def _field_texts(obj, fields):
    """``(field, text)`` pairs of ``obj``'s search fields, as modelsearch's database indexers see them."""
    from django.db.models import Manager
    from django.utils.encoding import force_str
    from modelsearch.index import AutocompleteField, RelatedFields, SearchField

    def prepare(value):
        if isinstance(value, str):
            return value
        if isinstance(value, list):
            return ", ".join(prepare(item) for item in value)
        if isinstance(value, dict):
            return ", ".join(prepare(item) for item in value.values())
        return force_str(value)

    for field in fields:
        if isinstance(field, (SearchField, AutocompleteField)):
            yield field, prepare(field.get_value(obj))
        elif isinstance(field, RelatedFields):
            sub = field.get_value(obj)
            if sub is None:
                continue
            if isinstance(sub, Manager):
                subs = sub.all()
            else:
                subs = [sub() if callable(sub) else sub]
            for sub_obj in subs:
                yield from _field_texts(sub_obj, field.fields)


def searchable_text(page) -> tuple[str, str]:
    """``(title, body)`` raw text, exactly as the database backend's FTS columns are built.

    Same rule as modelsearch's SQLite ``ObjectIndexer`` (title = the ``title`` search fields,
    body = every other search field, joined with spaces), written out here because importing
    ``modelsearch.backends.database.sqlite`` fails on PostgreSQL (its FTS model only exists on
    SQLite), and the engine runs beside either database.
    """
    from modelsearch.index import SearchField

    titles, bodies = [], []
    for field, text in _field_texts(page, page.get_search_fields()):
        if isinstance(field, SearchField):
            (titles if field.field_name == "title" else bodies).append(text)
    title, body = " ".join(titles), " ".join(bodies)
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


