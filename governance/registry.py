"""Which page types are governed: every concrete subclass of ``GovernmentPage``.

Discovered from the app registry on each call, so page types added by other apps
(notices, disclosure items, interpretations, reports …) are governed without any
change here.
"""
from django.apps import apps


def governed_models():
    from cms_pages.models import GovernmentPage

    return [
        m for m in apps.get_models()
        if issubclass(m, GovernmentPage) and not m._meta.abstract and not m._meta.proxy
    ]


def is_governed(obj_or_class) -> bool:
    """True for a governed page (any form: specific instance, base ``Page``, class)."""
    from wagtail.models import Page

    from cms_pages.models import GovernmentPage

    if isinstance(obj_or_class, type):
        return issubclass(obj_or_class, GovernmentPage)
    if isinstance(obj_or_class, GovernmentPage):
        return True
    if isinstance(obj_or_class, Page):
        try:
            cls = obj_or_class.specific_class
        except Exception:  # unsaved page without a content type
            return False
        return cls is not None and issubclass(cls, GovernmentPage)
    return False


def governed_content_type_ids():
    from django.contrib.contenttypes.models import ContentType

    return [ct.pk for ct in ContentType.objects.get_for_models(*governed_models()).values()]


def governed_descendants(page, inclusive=True):
    """Governed pages in the subtree of ``page`` (a queryset of base pages)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    cts = ContentType.objects.get_for_models(*governed_models()).values()
    return Page.objects.descendant_of(page, inclusive=inclusive).filter(content_type__in=list(cts))


def model_has_field(model, name) -> bool:
    try:
        model._meta.get_field(name)
        return True
    except Exception:
        return False


def in_scope(path, content_type_id, section=None, type_ids=()) -> bool:
    """True when a page (tree ``path``, ``content_type_id``) lies in the scope of a
    policy or rule: below ``section`` (if any) and of one of ``type_ids`` (if any)."""
    if section is not None and not (path or "").startswith(section.path):
        return False
    return not type_ids or content_type_id in type_ids
