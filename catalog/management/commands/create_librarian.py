"""``manage.py create_librarian USERNAME``: a staff account in the ``librarian`` group."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError

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
        username = options["username"]
        if get_user_model().objects.filter(username=username).exists():
            raise CommandError(f"a user named {username!r} already exists: choose another name")
        password = self._password(options["interactive"])
        try:
            password_validation.validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        role = VIEWER if options["viewer"] else LIBRARIAN
        try:
            user = create_librarian(username, password, options["email"], role=role)
        except IntegrityError:  # created by someone else meanwhile
            raise CommandError(f"a user named {username!r} already exists") from None
        self.stdout.write(f"created {user.get_username()} ({role})")

    def _password(self, interactive: bool) -> str:
        if not interactive:
            password = os.environ.get(PASSWORD_VARIABLE, "")
            if not password:
                raise CommandError(f"set ${PASSWORD_VARIABLE} or run without --no-input")
            return password
        try:
            password = getpass.getpass("Password: ")
            again = getpass.getpass("Password (again): ")
        except EOFError:  # no terminal, nothing on standard input
            raise CommandError(
                f"no password given (no terminal to ask on): set ${PASSWORD_VARIABLE} and "
                "use --no-input"
            ) from None
        if password != again:
            raise CommandError("the passwords do not match")
        return password
