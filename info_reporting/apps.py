from django.apps import AppConfig


class InfoReportingConfig(AppConfig):
    name = "info_reporting"
    verbose_name = "政务信息报送"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from info_reporting import attachments, permissions, signals

        permissions.register_policy()
        attachments.register_policies()
        signals.connect()
