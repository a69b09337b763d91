"""Moves change a page's URL and tree path (visibility is decided from the path): reindex the
moved page and its live descendants. Publish/unpublish/delete are handled in search/indexing.py."""


def _on_moved(sender, instance, **kwargs):
    from wagtail.models import Page

    from search.indexing import index_pages

    pages = Page.objects.descendant_of(instance, inclusive=True).live().specific()
    index_pages(list(pages))


def connect_signals():
    from wagtail.signals import post_page_move

    post_page_move.connect(_on_moved, dispatch_uid="gongkai_engine_reindex_on_move")
