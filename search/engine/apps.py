from django.apps import AppConfig


class SearchEngineConfig(AppConfig):
    """OpenSearch/Elasticsearch side of search: durable failed-update queue, replay, reindex."""

    name = "search.engine"
    label = "search_engine"
    verbose_name = "检索引擎"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .signals import connect_signals

        connect_signals()
