"""Listing helpers shared by index pages and the home page."""
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from wagtail.models import Page

DEFAULT_PAGE_SIZE = 20


def paginate(request, queryset, per_page=DEFAULT_PAGE_SIZE):
    """Paginate; an out-of-range or malformed ?page= shows the nearest valid page, never a 500."""
    paginator = Paginator(queryset, per_page)
    raw = request.GET.get("page", 1)
    try:
        return paginator.page(raw)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages or 1)


def latest_items(section, limit):
    """Latest live, public items of a section. A section may define ``latest_items(limit)``
    to apply its own rules (pinning, expiry, internal notices); otherwise its live public
    descendants are listed newest first."""
    own = getattr(section, "latest_items", None)
    if callable(own):
        return list(own(limit))
    return list(
        Page.objects.descendant_of(section).live().public().specific().order_by("-first_published_at")[:limit]
    )
