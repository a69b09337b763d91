"""Placeholder: the Chinese-aware database backend (issue 3) replaces this module.

Until then the stock modelsearch database backend is used, so the portal runs.
"""
from modelsearch.backends.database import SearchBackend  # noqa: F401
