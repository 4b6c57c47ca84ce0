"""Django's users and groups, read and written as plain tables (no Django import).

Permissions are written by natural key ``[app_label, model, codename]``, never by
id: ``migrate`` creates the permission and content-type rows of the target
database itself, in an order that need not match the source.  Passwords are
Django's hashes, copied as they are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from archive.backup.errors import RestoreError
from archive.backup.tables import TIMESTAMP_PATTERN, row_from_json, row_to_json

__all__ = [
    "AUTH_TABLES",
    "GROUP_SCHEMA",
    "USER_SCHEMA",
    "AuthTables",
    "count_auth",
    "delete_auth",
    "insert_groups",
    "insert_users",
    "iter_groups",
    "iter_users",
    "reflect_auth",
]

AUTH_TABLES = (
    "django_content_type",
    "auth_permission",
    "auth_group",
    "auth_group_permissions",
    "auth_user",
    "auth_user_groups",
    "auth_user_user_permissions",
)

PermissionKey = tuple[str, str, str]

_PERMISSIONS = {
    "type": "array",
    "items": {
        "type": "array",
        "items": {"type": "string"},
        "minItems": 3,
        "maxItems": 3,
    },
}
GROUP_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "name", "permissions"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string", "minLength": 1},
        "permissions": _PERMISSIONS,
    },
}
_TIMESTAMP = {"type": "string", "pattern": TIMESTAMP_PATTERN}
USER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "username", "password", "groups", "permissions"],
    # Other columns of a customised auth_user are copied as they are.
    "additionalProperties": True,
    "properties": {
        "id": {"type": "integer"},
        "username": {"type": "string", "minLength": 1},
        "password": {"type": "string"},
        "last_login": {"anyOf": [_TIMESTAMP, {"type": "null"}]},
        "date_joined": _TIMESTAMP,
        "is_superuser": {"type": "boolean"},
        "is_staff": {"type": "boolean"},
        "is_active": {"type": "boolean"},
        "groups": {"type": "array", "items": {"type": "integer"}},
        "permissions": _PERMISSIONS,
    },
}


@dataclass(frozen=True)
class AuthTables:
    content_type: sa.Table
    permission: sa.Table
    group: sa.Table
    group_permissions: sa.Table
    user: sa.Table
    user_groups: sa.Table
    user_permissions: sa.Table


def reflect_auth(connection: sa.Connection) -> AuthTables | None:
    """Django's auth tables, or None in a database that has none (a bare core database)."""
    present = set(sa.inspect(connection).get_table_names())
    if not set(AUTH_TABLES) <= present:
        return None
    metadata = sa.MetaData()
    metadata.reflect(connection, only=AUTH_TABLES)
    return AuthTables(*(metadata.tables[name] for name in AUTH_TABLES))


def count_auth(connection: sa.Connection, tables: AuthTables) -> dict[str, int]:
    count = sa.func.count()
    return {
        "group": connection.scalar(sa.select(count).select_from(tables.group)) or 0,
        "user": connection.scalar(sa.select(count).select_from(tables.user)) or 0,
    }


def _permission_keys(connection: sa.Connection, tables: AuthTables) -> dict[int, PermissionKey]:
    p, ct = tables.permission, tables.content_type
    query = sa.select(p.c.id, ct.c.app_label, ct.c.model, p.c.codename).join(
        ct, p.c.content_type_id == ct.c.id
    )
    return {row[0]: (row[1], row[2], row[3]) for row in connection.execute(query)}


def _links(
    connection: sa.Connection, table: sa.Table, owner: str, other: str
) -> dict[int, list[int]]:
    links: dict[int, list[int]] = defaultdict(list)
    for owner_id, other_id in connection.execute(sa.select(table.c[owner], table.c[other])):
        links[owner_id].append(other_id)
    return links


def _keys(ids: Iterable[int], keys: dict[int, PermissionKey]) -> list[list[str]]:
    return sorted(list(keys[i]) for i in ids)


def iter_groups(connection: sa.Connection, tables: AuthTables) -> Iterator[dict[str, Any]]:
    keys = _permission_keys(connection, tables)
    permissions = _links(connection, tables.group_permissions, "group_id", "permission_id")
    for row in connection.execute(sa.select(tables.group).order_by(tables.group.c.id)).mappings():
        yield {
            "id": row["id"],
            "name": row["name"],
            "permissions": _keys(permissions.get(row["id"], ()), keys),
        }


def iter_users(connection: sa.Connection, tables: AuthTables) -> Iterator[dict[str, Any]]:
    # Users are a handful of librarians, not the catalog: their links fit in memory.
    keys = _permission_keys(connection, tables)
    groups = _links(connection, tables.user_groups, "user_id", "group_id")
    permissions = _links(connection, tables.user_permissions, "user_id", "permission_id")
    query = sa.select(tables.user).order_by(tables.user.c.id)
    for row in connection.execute(query).mappings():
        record = row_to_json(tables.user, row)
        record["groups"] = sorted(groups.get(row["id"], ()))
        record["permissions"] = _keys(permissions.get(row["id"], ()), keys)
        yield record


def _permission_ids(connection: sa.Connection, tables: AuthTables) -> dict[PermissionKey, int]:
    return {key: pk for pk, key in _permission_keys(connection, tables).items()}


def _resolve(ids: dict[PermissionKey, int], keys: list[list[str]], owner: str) -> list[int]:
    try:
        return [ids[(key[0], key[1], key[2])] for key in keys]
    except KeyError as missing:
        raise RestoreError(
            f"{owner} has permission {list(missing.args[0])}, which this database does not "
            "know: run `manage.py migrate` with the same apps installed"
        ) from None


def insert_groups(
    connection: sa.Connection, tables: AuthTables, records: list[dict[str, Any]]
) -> None:
    if not records:
        return
    ids = _permission_ids(connection, tables)
    connection.execute(tables.group.insert(), [{"id": r["id"], "name": r["name"]} for r in records])
    links = [
        {"group_id": r["id"], "permission_id": pid}
        for r in records
        for pid in _resolve(ids, r["permissions"], f"group {r['name']!r}")
    ]
    if links:
        connection.execute(tables.group_permissions.insert(), links)


def insert_users(
    connection: sa.Connection, tables: AuthTables, records: list[dict[str, Any]]
) -> None:
    if not records:
        return
    ids = _permission_ids(connection, tables)
    connection.execute(tables.user.insert(), [row_from_json(tables.user, r) for r in records])
    groups = [{"user_id": r["id"], "group_id": g} for r in records for g in r["groups"]]
    if groups:
        connection.execute(tables.user_groups.insert(), groups)
    permissions = [
        {"user_id": r["id"], "permission_id": pid}
        for r in records
        for pid in _resolve(ids, r["permissions"], f"user {r['username']!r}")
    ]
    if permissions:
        connection.execute(tables.user_permissions.insert(), permissions)


def delete_auth(connection: sa.Connection, tables: AuthTables) -> None:
    """Remove every user and group (``restore --replace``), links first."""
    for table in (tables.user_permissions, tables.user_groups, tables.group_permissions):
        connection.execute(table.delete())
    connection.execute(tables.user.delete())
    connection.execute(tables.group.delete())
