"""Configuration read from the environment, in one typed place.

Core functions take configuration as arguments; only entry points (Django
settings, ``alembic`` on the command line, ``bench``) call these helpers.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["PROJECT_ROOT", "data_dir", "database_url", "env_bool", "env_int", "env_list"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name}={value!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def env_int(name: str, default: int, minimum: int = 1) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{name}={value!r} is not a whole number") from None
    if number < minimum:
        raise ValueError(f"{name}={number} is below its minimum of {minimum}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def data_dir() -> Path:
    """Where the embedded database, secrets and media live (git ignores it)."""
    return Path(os.environ.get("ARCHIVE_DATA_DIR") or PROJECT_ROOT / "data")


def database_url() -> str:
    """``DATABASE_URL``, or the embedded SQLite file under :func:`data_dir`."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{data_dir() / 'archive.sqlite3'}"
