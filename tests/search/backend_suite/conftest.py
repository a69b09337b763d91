"""Collect this directory only under its own settings (it needs modelsearch's test app)."""
import os

SUITE_SETTINGS = "tests.search.backend_suite.settings"

if os.environ.get("DJANGO_SETTINGS_MODULE") != SUITE_SETTINGS:
    collect_ignore_glob = ["test_*.py"]
