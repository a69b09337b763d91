"""Production settings fail at start, with a clear message, when deployment values are missing or bad."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7"


def clean_environ():
    """The process environment minus deployment values and test-only switches."""
    drop = {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {k: v for k, v in os.environ.items() if k not in drop}


def start(settings_module, **env):
    environ = clean_environ()
    environ.update(env, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run([sys.executable, "-c", "import django; django.setup(); print('started')"],
                          cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("env, message", [
    ({"DATABASE_URL": "sqlite:////tmp/x.sqlite3", "ALLOWED_HOSTS": "gov.example"}, "缺少环境变量 SECRET_KEY"),
    ({"SECRET_KEY": "short", "DATABASE_URL": "sqlite:////tmp/x.sqlite3", "ALLOWED_HOSTS": "gov.example"}, "SECRET_KEY 太弱"),
    ({"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "gov.example"}, "缺少环境变量 DATABASE_URL"),
    ({"SECRET_KEY": GOOD_KEY, "DATABASE_URL": "mysql://x/y", "ALLOWED_HOSTS": "gov.example"}, "DATABASE_URL 'mysql://x/y' 无效"),
    ({"SECRET_KEY": GOOD_KEY, "DATABASE_URL": "sqlite:////tmp/x.sqlite3"}, "缺少环境变量 ALLOWED_HOSTS"),
])
def test_production_refuses_to_start_without_valid_configuration(env, message):
    result = start("govsite.settings.production", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_and_check_deploy_is_clean(tmp_path):
    env = {"SECRET_KEY": GOOD_KEY, "DATABASE_URL": f"sqlite:///{tmp_path}/p.sqlite3", "ALLOWED_HOSTS": "www.example.gov.cn"}
    assert start("govsite.settings.production", **env).stdout.strip() == "started"
    environ = {**clean_environ(), **env, "DJANGO_SETTINGS_MODULE": "govsite.settings.production"}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"],
                            cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_search_backend_is_chosen_by_environment():
    from django.core.exceptions import ImproperlyConfigured

    from search.backend_settings import search_backends_from_env

    assert search_backends_from_env({})["default"]["BACKEND"] == "search.backends.chinese_db"
    engine = search_backends_from_env({"SEARCH_BACKEND": "opensearch", "SEARCH_ENGINE_URL": "http://127.0.0.1:9250"})
    assert engine["default"]["URLS"] == ["http://127.0.0.1:9250"]
    assert engine["fallback"]["BACKEND"] == "search.backends.chinese_db"
    with pytest.raises(ImproperlyConfigured, match="SEARCH_BACKEND"):
        search_backends_from_env({"SEARCH_BACKEND": "solr"})


@pytest.mark.django_db
def test_deploy_check_names_missing_footer_marks(site_tree):
    from django.core.checks import run_checks
    from wagtail.models import Site

    from cms_pages.models import GovSiteSettings

    settings = GovSiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert not [e for e in run_checks(include_deployment_checks=True) if e.id == "gongkai.E001"]
    settings.icp_number = ""
    settings.site_id_code = ""
    settings.save()
    errors = [e for e in run_checks(include_deployment_checks=True) if e.id == "gongkai.E001"]
    assert len(errors) == 1 and "网站标识码" in errors[0].msg and "ICP备案编号" in errors[0].msg


@pytest.mark.parametrize("url, message", [
    ("memcached://x", "CACHE_URL 'memcached://x' 无效"),
    ("file://relative/dir", "file:// 后须为绝对路径"),
    ("db://bad-name;", "db:// 后须为表名"),
])
def test_a_bad_cache_url_stops_the_start_with_a_clear_message(url, message):
    result = start("govsite.settings.dev", CACHE_URL=url)
    assert result.returncode != 0 and message in result.stderr


def test_the_default_cache_is_shared_by_worker_processes(tmp_path):
    """Facet counts of the policy library are invalidated by a version key in the cache: a
    publish handled by one worker must invalidate them for every other worker."""
    environ = clean_environ()
    environ.pop("CACHE_URL", None)
    environ.update(DJANGO_SETTINGS_MODULE="govsite.settings.dev", GONGKAI_VAR_DIR=str(tmp_path))

    def run(code):
        return subprocess.run([sys.executable, "-c", "import django; django.setup(); "
                               "from django.core.cache import cache; " + code],
                              cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60)

    from policies.listing import _VERSION_KEY

    assert run(f"cache.set({_VERSION_KEY!r}, 'v-from-worker-1', None)").returncode == 0
    seen = run(f"print(cache.get({_VERSION_KEY!r}))")
    assert seen.stdout.strip() == "v-from-worker-1", seen.stderr
