"""Every Django mirror matches its SQLAlchemy table: columns, nullability, keys, FK targets."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models

from archive.schema import metadata

MIRRORS = [m for m in apps.get_app_config("catalog").get_models() if not m._meta.managed]


def django_columns(model: type[models.Model]) -> dict[str, models.Field]:
    return {f.column: f for f in model._meta.concrete_fields}


def test_every_archive_table_has_a_mirror() -> None:
    """No table of the schema is left without a Django model, and no mirror names a stray table."""
    assert {m._meta.db_table for m in MIRRORS} == set(metadata.tables)


@pytest.mark.parametrize("model", MIRRORS, ids=lambda m: m._meta.db_table)
def test_mirror_matches_table(model: type[models.Model]) -> None:
    """Column names, nullability, primary key and foreign keys agree."""
    table = metadata.tables[model._meta.db_table]
    fields = django_columns(model)
    assert set(fields) == set(table.columns.keys())
    for name, column in table.columns.items():
        field = fields[name]
        assert field.null == column.nullable, f"{table.name}.{name} nullability"
        assert field.primary_key == column.primary_key, f"{table.name}.{name} primary key"
        targets = {fk.column.table.name for fk in column.foreign_keys}
        if targets:
            assert field.is_relation, f"{table.name}.{name} should be a ForeignKey"
            assert {field.related_model._meta.db_table} == targets
        else:
            assert not field.is_relation, f"{table.name}.{name} is not a foreign key"
        if column.unique:
            assert field.unique, f"{table.name}.{name} unique"
