"""``manage.py setup_roles``: create or refresh the ``librarian`` and ``viewer`` groups."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from catalog.roles import ensure_roles


class Command(BaseCommand):
    help = (
        "Create or refresh the 'librarian' (curate and publish) and 'viewer' (read-only) "
        "groups of the admin. Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for group, count in ensure_roles().items():
            self.stdout.write(f"{group}: {count} permissions")
