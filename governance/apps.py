from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "审核与治理"
    default_auto_field = "django.db.models.BigAutoField"
