"""``refresh_vocabulary``: recount the words of the published catalog ("Did you mean …")."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from archive.search.suggest import rebuild
from catalog.sa import engine_for


class Command(BaseCommand):
    help = ("Rebuild search_vocabulary from the published catalog, for spelling suggestions. "
            "Ingest and restore keep it up to date; run it after publishing, withdrawing or "
            "editing documents in the admin, or to recount it exactly.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        with engine_for().begin() as connection:
            words = rebuild(connection)
        self.stdout.write(f"{words} words in {time.perf_counter() - started:.1f} s")
