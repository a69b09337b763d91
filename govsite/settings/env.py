"""Reading deployment settings from the environment, with clear Chinese/English errors.

Everything deployment-specific comes from environment variables (never code edits):
DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, DEBUG, SEARCH_BACKEND / SEARCH_ENGINE_URL …
"""
import os

from django.core.exceptions import ImproperlyConfigured


def env_str(name, default=None, *, required=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        if required:
            raise ImproperlyConfigured(
                f"缺少环境变量 {name}（{name} environment variable is required in production）"
            )
        return default
    return value.strip()


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"环境变量 {name} 的取值 {value!r} 无效，应为 true/false")


def env_list(name, default=()):
    value = env_str(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(url):
    """Parse DATABASE_URL (sqlite:///path or postgres://…) into a Django DATABASES entry."""
    import dj_database_url

    if not url.startswith(("sqlite:", "postgres:", "postgresql:", "pgsql:")):
        raise ImproperlyConfigured(
            f"DATABASE_URL {url!r} 无效：仅支持 sqlite:///路径 或 postgres://用户@主机:端口/库名"
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=0)
    except Exception as exc:  # dj_database_url raises several types
        raise ImproperlyConfigured(f"DATABASE_URL 无法解析：{exc}") from exc
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"DATABASE_URL {url!r} 缺少数据库名或文件路径")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.setdefault("OPTIONS", {})
        # WAL + a busy timeout keep the embedded default usable by the web server and the
        # scheduler at the same time.
        config["OPTIONS"].update({"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"})
    return config


def cache_from_url(url):
    """Parse CACHE_URL into a Django CACHES entry.

    ``locmem://`` — one process only (development, tests); ``file:///path`` — shared by the
    worker processes of one host; ``db://table_name`` — shared by every host through the
    database (run ``manage.py createcachetable`` once). Caches that must agree across workers
    (e.g. the policy library's facet counts, invalidated on publish) need a shared one."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ImproperlyConfigured(f"CACHE_URL {url!r} 无效：应为 locmem://、file:///目录 或 db://表名")
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest or "gongkai"}
    if scheme == "file":
        if not rest.startswith("/"):
            raise ImproperlyConfigured(f"CACHE_URL {url!r} 无效：file:// 后须为绝对路径，如 file:///var/cache/gongkai")
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": rest}
    if scheme == "db":
        if not rest.replace("_", "").isalnum():
            raise ImproperlyConfigured(f"CACHE_URL {url!r} 无效：db:// 后须为表名，如 db://gongkai_cache")
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": rest}
    raise ImproperlyConfigured(f"CACHE_URL {url!r} 无效：仅支持 locmem://、file:///目录 或 db://表名")
