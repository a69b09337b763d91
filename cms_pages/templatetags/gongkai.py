from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def publication_date(page):
    """The publication date shown to the public: a government page's 发布日期 (never a
    substitute such as the import time, which would misstate when it was published);
    for other pages, the date of first publication."""
    from cms_pages.models import GovernmentPage

    page = getattr(page, "specific_deferred", page)
    if isinstance(page, GovernmentPage):
        return page.published_date
    return timezone.localdate(page.first_published_at) if page.first_published_at else None
