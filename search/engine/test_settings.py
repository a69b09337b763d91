"""Test settings with the engine app installed, until the lead adds it to INSTALLED_APPS.

``govsite.settings.test`` plus ``search.engine`` (label ``search_engine``) when missing; used by
``scripts/test-scale`` and by ``tests/search_engine``. Harmless once the app is in the base list.
"""
from govsite.settings.test import *  # noqa: F401,F403
from govsite.settings.test import INSTALLED_APPS as _APPS

INSTALLED_APPS = list(_APPS)
if "search.engine" not in INSTALLED_APPS:
    INSTALLED_APPS.insert(INSTALLED_APPS.index("search") + 1, "search.engine")
