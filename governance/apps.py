from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = "审核与治理"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import guard, integration, signals, system_checks  # noqa: F401

        integration.install()
        guard.connect()
        signals.connect()
