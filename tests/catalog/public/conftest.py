"""Fixtures of the public catalog tests: the document factory (also used by the search tests)."""

from __future__ import annotations

import functools
import importlib.util
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker


def load_factories() -> ModuleType:
    """``tests/catalog/public/factories.py`` (tests are not a package under importlib mode)."""
    name = "catalog_test_factories"
    if name not in sys.modules:
        path = Path(__file__).parents[1] / "public" / "factories.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # before exec: dataclasses look their module up
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture
def factories() -> ModuleType:
    return load_factories()


@pytest.fixture
def create(sessions: sessionmaker[Session], factories: ModuleType) -> Callable[..., int]:
    """``create(title, **fields)``: a document through the core, its id (published by default)."""
    return functools.partial(factories.create_document, sessions)


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
