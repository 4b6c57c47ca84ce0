"""Fixtures shared by the catalog tests: the document factory of ``public/factories.py``."""

from __future__ import annotations

import functools
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy.orm import Session, sessionmaker


def load_factories() -> ModuleType:
    """``tests/catalog/public/factories.py`` (tests are not a package under importlib mode)."""
    name = "catalog_test_factories"
    if name not in sys.modules:
        path = Path(__file__).parent / "public" / "factories.py"
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
