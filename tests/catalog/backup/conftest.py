"""Fixtures of the command tests: the synthetic catalog of ``tests/archive/backup``."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from archive.backup.restore import empty_catalog

SYNTHETIC = Path(__file__).parents[2] / "archive" / "backup" / "synthetic.py"


def _synthetic():
    # --import-mode=importlib: test folders are not packages, so load the helper by path.
    spec = importlib.util.spec_from_file_location("backup_commands_synthetic", SYNTHETIC)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


synthetic = _synthetic()


@pytest.fixture
def populate(engine: sa.Engine) -> Callable[..., list[int]]:
    """``populate(sessions, count)``: the synthetic catalog (see synthetic.py).

    The shared teardown (``tests/conftest.py``) empties every archive table afterwards.
    """
    return synthetic.populate


@pytest.fixture
def add_users():
    return synthetic.add_users


@pytest.fixture
def wipe_database():
    """Empty the catalog, its history, users and groups, writing no history."""

    def wipe(engine: sa.Engine) -> None:
        with engine.begin() as connection:
            empty_catalog(connection)

    return wipe
