"""The SQLAlchemy engine of a Django database alias, derived from Django's live settings.

The URL is built from ``connections[alias].settings_dict`` at the moment it is
needed, never read separately from the environment: when the test runner
swaps ``NAME`` for a test database (``--keepdb``, parallel workers) the core
follows it automatically.
"""

from __future__ import annotations

import threading

import sqlalchemy as sa
from django.db import connections
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from archive.db import create_engine, read_session_factory, session_factory

__all__ = ["dispose_engines", "engine_for", "read_session_for", "session_for", "url_for"]

_DRIVERS = {
    "django.db.backends.sqlite3": "sqlite",
    "django.db.backends.postgresql": "postgresql+psycopg",
}
_engines: dict[tuple[str, str], Engine] = {}
_lock = threading.Lock()


def url_for(alias: str = "default") -> sa.URL:
    settings = connections[alias].settings_dict
    try:
        driver = _DRIVERS[settings["ENGINE"]]
    except KeyError:
        raise ValueError(f"the archive does not support {settings['ENGINE']}") from None
    if driver == "sqlite":
        return sa.URL.create(driver, database=str(settings["NAME"]))
    return sa.URL.create(
        driver,
        username=settings.get("USER") or None,
        password=settings.get("PASSWORD") or None,
        host=settings.get("HOST") or None,
        port=int(settings["PORT"]) if settings.get("PORT") else None,
        database=settings["NAME"],
    )


def engine_for(alias: str = "default") -> Engine:
    url = url_for(alias)
    key = (alias, url.render_as_string(hide_password=False))
    with _lock:
        if key not in _engines:
            _engines[key] = create_engine(url)
        return _engines[key]


def session_for(alias: str = "default") -> sessionmaker[Session]:
    return session_factory(engine_for(alias))


def read_session_for(alias: str = "default") -> sessionmaker[Session]:
    """Sessions for pages and the API: they read a snapshot and never wait for writers."""
    return read_session_factory(engine_for(alias))


def dispose_engines() -> None:
    """Close every pooled connection (before a test database is dropped)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
