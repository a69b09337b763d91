"""Standalone settings to run modelsearch's own ``BackendTests`` against our backend.

    DJANGO_SETTINGS_MODULE=tests.search.backend_suite.settings \
        /work/venv/bin/python -m pytest tests/search/backend_suite -q

``MODELSEARCH_BACKENDS`` selects the backend under test (default: the Chinese-aware database
backend, ``search.backends.chinese_db``); ``DATABASE_URL`` may point at PostgreSQL.
"""
import os

import dj_database_url

SECRET_KEY = "backend-suite-only"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["localhost", "testserver"]
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en-gb"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

INSTALLED_APPS = [
    "modelsearch.test.testapp",
    "modelsearch",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = []
ROOT_URLCONF = "modelsearch.test.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True, "OPTIONS": {}}]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STATIC_URL = "/static/"

DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or "sqlite:///:memory:")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")

BACKEND_UNDER_TEST = os.environ.get("SUITE_SEARCH_BACKEND", "search.backends.chinese_db")
MODELSEARCH_BACKENDS = {"default": {"BACKEND": BACKEND_UNDER_TEST}}
