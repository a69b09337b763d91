from .base import *  # noqa: F401,F403
from .env import cache_from_url, env_str

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
GONGKAI_DEMO_USERS = True
CACHES = {"default": cache_from_url("locmem://gongkai-tests")}
WAGTAIL_AUTOSAVE_INTERVAL = 0  # tests submit forms explicitly; no background autosave requests
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
import tempfile as _tempfile  # noqa: E402

MEDIA_ROOT = env_str("MEDIA_ROOT", _tempfile.mkdtemp(prefix="gongkai-test-media-"))

# Static files come from the finders here; WhiteNoise serves collected files in production.
MIDDLEWARE = [m for m in MIDDLEWARE if "whitenoise" not in m]  # noqa: F405
