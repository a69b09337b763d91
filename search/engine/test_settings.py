"""Kept for commands that still name it (bench/search_consistency.py, older notes).

``search.engine`` is in ``INSTALLED_APPS`` (govsite/settings/base.py), so this is exactly
``govsite.settings.test``; the guard only matters on a tree where it is not.
"""
from govsite.settings.test import *  # noqa: F401,F403
from govsite.settings.test import INSTALLED_APPS as _APPS

INSTALLED_APPS = list(_APPS)
if "search.engine" not in INSTALLED_APPS:
    INSTALLED_APPS.insert(INSTALLED_APPS.index("search") + 1, "search.engine")
