from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "workdays"
    verbose_name = "工作日历"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from workdays.calendar import connect_signals

        connect_signals()
        from workdays import checks  # noqa: F401  (registers the system check)
