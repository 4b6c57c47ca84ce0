"""Fixtures of the public catalog tests (the document factory: ``tests/catalog/conftest.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: Any) -> None:
    """Hashed static names need ``collectstatic``; page tests use the plain storage
    (``test_gunicorn.py`` exercises the real, collected one)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Facet counts are cached by catalog state; tests empty the tables, so ids repeat."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
