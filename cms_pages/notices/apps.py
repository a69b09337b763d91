from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "cms_pages.notices"
    label = "notices"
    verbose_name = "通知公告"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from .alerts import on_page_published

        page_published.connect(on_page_published, dispatch_uid="gongkai_notices_on_publish")
