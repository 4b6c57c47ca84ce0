"""Fixtures of the backup tests: the synthetic catalog and helpers to compare backups."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
import sqlalchemy as sa

from archive.backup.restore import empty_catalog

HERE = Path(__file__).parent
DATA = HERE / "data"


def _load(name: str) -> ModuleType:
    # --import-mode=importlib: test folders are not packages, so load helpers by path.
    spec = importlib.util.spec_from_file_location(f"backup_tests_{name}", HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


synthetic = _load("synthetic")


@pytest.fixture
def populate(engine: sa.Engine) -> Callable[..., list[int]]:
    """``populate(sessions, count)``: the synthetic catalog (see synthetic.py).

    The shared teardown (``tests/conftest.py``) empties every archive table afterwards.
    """
    return synthetic.populate


@pytest.fixture
def add_users():
    return synthetic.add_users


def wipe(engine: sa.Engine) -> None:
    """Empty the catalog, its history, users and groups, writing no history."""
    with engine.begin() as connection:
        empty_catalog(connection)


def records_part(path: Path) -> list[bytes]:
    """The record lines of a backup (without manifest and trailer)."""
    return path.read_bytes().splitlines()[1:-1]


@pytest.fixture
def wipe_database():
    return wipe


@pytest.fixture
def record_lines():
    return records_part
