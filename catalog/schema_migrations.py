"""The Alembic configuration of the project, bound to a live connection."""

from __future__ import annotations

from alembic.config import Config
from sqlalchemy.engine import Connection

from archive.config import PROJECT_ROOT

__all__ = ["alembic_config"]


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config(toml_file=str(PROJECT_ROOT / "pyproject.toml"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config
