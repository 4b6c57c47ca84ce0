"""``migrate``: Django's migrations, then Alembic's, on the same database.

Django owns its contrib tables (auth, admin log, sessions); Alembic owns the
archive tables and their triggers.  Overriding the command (rather than a
``post_migrate`` hook) means test databases are built exactly like real ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from django.core.management.commands import migrate
from django.db import connections

from catalog.sa import engine_for
from catalog.schema_migrations import alembic_config


class Command(migrate.Command):
    help = "Apply Django's migrations, then the archive's Alembic migrations (to head)."

    def handle(self, *args: Any, **options: Any) -> None:
        self._make_sqlite_folder(options["database"])
        super().handle(*args, **options)
        if options.get("plan") or options.get("check_unapplied") or options.get("prune"):
            return
        alias = options["database"]
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.MIGRATE_HEADING("Archive tables (Alembic):"))
        with engine_for(alias).begin() as connection:
            config = alembic_config(connection)
            command.upgrade(config, "head")
        if options["verbosity"] >= 1:
            self.stdout.write("  archive schema at head")

    @staticmethod
    def _make_sqlite_folder(alias: str) -> None:
        """Make the embedded database's folder (``data/``): importing settings does not."""
        settings_dict = connections[alias].settings_dict
        if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
            Path(str(settings_dict["NAME"])).parent.mkdir(parents=True, exist_ok=True)
