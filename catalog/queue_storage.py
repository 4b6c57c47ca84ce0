"""The embedded task queue's storage, made on first use rather than at import.

Huey's ``SqliteStorage`` connects and creates its tables when it is built, which
is when the settings are imported — so importing them would create ``data/`` and
``data/queue.sqlite3`` (the settings write nothing: ``catalog/settings.py``).  This
storage makes the folder and the tables on its first connection, in the process
that uses the queue (the web server enqueuing an upload, the worker).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from huey.storage import SqliteStorage

__all__ = ["SqliteStorageMadeOnFirstUse"]


class SqliteStorageMadeOnFirstUse(SqliteStorage):
    def initialize_schema(self) -> None:
        self._schema_made = False  # see _create_connection

    def _create_connection(self) -> sqlite3.Connection:
        Path(self.filename).parent.mkdir(parents=True, exist_ok=True)
        connection = super()._create_connection()
        if not self._schema_made:
            for statement in self.ddl:  # "create … if not exists": any process may run them
                connection.execute(statement)
            self._schema_made = True
        return connection
