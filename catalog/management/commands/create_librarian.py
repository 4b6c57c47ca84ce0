"""``manage.py create_librarian USERNAME``: a staff account in the ``librarian`` group."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalog.roles import LIBRARIAN, VIEWER, create_librarian

PASSWORD_VARIABLE = "ARCHIVE_LIBRARIAN_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a staff account that can curate and publish the catalog (the 'librarian' "
        f"group), or only read it (--viewer). The password is asked for, or read from "
        f"${PASSWORD_VARIABLE} when --no-input is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The new account's user name.")
        parser.add_argument("--email", default="", help="The account's e-mail address.")
        parser.add_argument(
            "--viewer", action="store_true", help="Make a read-only 'viewer' account instead."
        )
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"Do not prompt: read the password from ${PASSWORD_VARIABLE}.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = self._password(options["interactive"])
        try:
            password_validation.validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        role = VIEWER if options["viewer"] else LIBRARIAN
        user = create_librarian(options["username"], password, options["email"], role=role)
        self.stdout.write(f"created {user.get_username()} ({role})")

    def _password(self, interactive: bool) -> str:
        if not interactive:
            password = os.environ.get(PASSWORD_VARIABLE, "")
            if not password:
                raise CommandError(f"set ${PASSWORD_VARIABLE} or run without --no-input")
            return password
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("the passwords do not match")
        return password
