from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = "政府信息公开"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms_pages.importing import register_importer

        from .importing import DisclosureImporter

        register_importer("disclosure", DisclosureImporter)

        from workdays.signals import calendar_changed

        from .services import _on_calendar_changed

        calendar_changed.connect(_on_calendar_changed, dispatch_uid="disclosure_recompute_deadlines")
