from django.apps import AppConfig


class CmsPagesConfig(AppConfig):
    name = "cms_pages"
    verbose_name = "门户基础"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from . import checks  # noqa: F401  (registers the deploy check)
        from .models.base import stamp_published_date

        page_published.connect(stamp_published_date, dispatch_uid="gongkai_stamp_published_date")
