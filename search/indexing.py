"""Keeping the search index in step with what is published.

Government pages are indexed when published and removed when unpublished or deleted, never
on draft saves (their models set ``search_auto_update = False``), so drafts cannot leak.
"""
import logging

from modelsearch.backends import get_search_backends
from modelsearch.index import class_is_indexed

logger = logging.getLogger(__name__)


def index_pages(pages):
    """Add or update live pages in every configured backend, in bulk per model."""
    by_model = {}
    for page in pages:
        page = page.specific if hasattr(page, "specific") else page
        if class_is_indexed(type(page)) and page.live:
            by_model.setdefault(type(page), []).append(page)
    for backend in get_search_backends(with_auto_update=False):
        for model, objs in by_model.items():
            backend.add_bulk(model, objs)


def remove_page(page):
    page = page.specific if hasattr(page, "specific") else page
    for backend in get_search_backends(with_auto_update=False):
        try:
            backend.delete(page)
        except Exception:  # the index may never have held it
            logger.exception("删除搜索索引项失败：%s", page.pk)


def _on_published(sender, instance, **kwargs):
    index_pages([instance])


def _on_unpublished(sender, instance, **kwargs):
    remove_page(instance)


def _on_deleted(sender, instance, **kwargs):
    remove_page(instance)


def connect_signals():
    """Index government pages on publish; remove them on unpublish and delete."""
    from django.db.models.signals import post_delete
    from wagtail.signals import page_published, page_unpublished

    page_published.connect(_on_published, dispatch_uid="gongkai_index_on_publish")
    page_unpublished.connect(_on_unpublished, dispatch_uid="gongkai_remove_on_unpublish")
    for model in _government_models():
        post_delete.connect(_on_deleted, sender=model, dispatch_uid=f"gongkai_remove_{model._meta.label}")


def _government_models():
    from django.apps import apps

    from cms_pages.models import GovernmentPage

    return [m for m in apps.get_models() if issubclass(m, GovernmentPage)]
