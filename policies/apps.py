from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = "政策文件库"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms_pages.importing import register_importer

        from . import effects
        from .importing import PolicyImporter

        register_importer("policy", PolicyImporter)
        effects.connect()
