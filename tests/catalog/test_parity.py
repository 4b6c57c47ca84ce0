"""Every Django mirror matches its SQLAlchemy table, column by column.

Compared: names, types, lengths, nullability, primary and foreign keys, scalar
defaults, choices (a column's vocabulary is declared once, in the schema's
``info["choices"]``) and unique constraints, single- and multi-column.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from django.apps import apps
from django.db import models

from archive.schema import metadata

MIRRORS = [m for m in apps.get_app_config("catalog").get_models() if not m._meta.managed]

# The Django field classes that store each SQLAlchemy type (a primary key may be an auto field).
FIELD_CLASSES: list[tuple[type[sa.types.TypeEngine], tuple[type[models.Field], ...]]] = [
    (sa.BigInteger, (models.BigIntegerField, models.BigAutoField)),
    (sa.Integer, (models.IntegerField, models.AutoField)),
    (sa.Boolean, (models.BooleanField,)),
    (sa.DateTime, (models.DateTimeField,)),
    (sa.Date, (models.DateField,)),
    (sa.JSON, (models.JSONField,)),
    (sa.LargeBinary, (models.BinaryField,)),
    (sa.Text, (models.TextField,)),
    (sa.String, (models.CharField,)),
]


def django_columns(model: type[models.Model]) -> dict[str, models.Field]:
    return {f.column: f for f in model._meta.concrete_fields}


def expected_classes(column: sa.Column) -> tuple[type[models.Field], ...]:
    for sa_type, classes in FIELD_CLASSES:  # most specific first: Text is a String
        if isinstance(column.type, sa_type):
            return classes
    raise AssertionError(f"no Django field class known for {column.type!r}")


def scalar_default(column: sa.Column) -> Any:
    default = column.default
    if default is None or not default.is_scalar:
        return models.NOT_PROVIDED
    return str(default.arg) if isinstance(default.arg, str) else default.arg


def mirror_unique_sets(model: type[models.Model]) -> set[frozenset[str]]:
    """Multi-column unique constraints of a mirror, as sets of column names."""
    meta = model._meta
    groups = [tuple(fields) for fields in meta.unique_together]
    groups += [
        tuple(c.fields) for c in meta.constraints if isinstance(c, models.UniqueConstraint)
    ]
    return {frozenset(meta.get_field(name).column for name in group) for group in groups}


def table_unique_sets(table: sa.Table) -> set[frozenset[str]]:
    return {
        frozenset(c.name for c in constraint.columns)
        for constraint in table.constraints
        if isinstance(constraint, sa.UniqueConstraint) and len(constraint.columns) > 1
    }


def test_every_archive_table_has_a_mirror() -> None:
    """No table of the schema is left without a Django model, and no mirror names a stray table."""
    assert {m._meta.db_table for m in MIRRORS} == set(metadata.tables)


@pytest.mark.parametrize("model", MIRRORS, ids=lambda m: m._meta.db_table)
def test_mirror_matches_table(model: type[models.Model]) -> None:
    """Names, types, lengths, nullability, keys, defaults, choices and uniqueness agree."""
    table = metadata.tables[model._meta.db_table]
    fields = django_columns(model)
    assert set(fields) == set(table.columns.keys())
    for name, column in table.columns.items():
        field, where = fields[name], f"{table.name}.{name}"
        assert field.null == column.nullable, f"{where} nullability"
        assert field.primary_key == column.primary_key, f"{where} primary key"
        targets = {fk.column.table.name for fk in column.foreign_keys}
        if targets:
            assert field.is_relation, f"{where} should be a ForeignKey"
            assert {field.related_model._meta.db_table} == targets
            field = field.target_field  # the type is the referenced key's
        else:
            assert not field.is_relation, f"{where} is not a foreign key"
            assert isinstance(field, expected_classes(column)), f"{where} type"
            assert type(field) in expected_classes(column) or field.primary_key, f"{where} type"
        if isinstance(column.type, sa.String) and not isinstance(column.type, sa.Text):
            assert field.max_length == column.type.length, f"{where} length"
        assert (column.unique or False) == (fields[name].unique and not column.primary_key), (
            f"{where} unique"
        )
        if not targets:
            assert_same_default(fields[name], column, where)
        choices = column.info.get("choices")
        declared = {value for value, _label in fields[name].choices or ()}
        assert declared == set(choices or ()), f"{where} choices"
    assert mirror_unique_sets(model) == table_unique_sets(table), f"{table.name} unique together"


def assert_same_default(field: models.Field, column: sa.Column, where: str) -> None:
    """A scalar default stated on either side is the same on both (callables are form aids)."""
    mirror = field.default if not callable(field.default) else models.NOT_PROVIDED
    assert mirror == scalar_default(column), f"{where} default"


@pytest.mark.parametrize(
    ("table", "column", "mutant"),
    [
        ("document", "subtitle", sa.String(20)),
        ("authorship", "position", sa.String(40)),
        ("footnote", "text", sa.String(500)),
        ("person", "name", sa.Text()),
    ],
)
def test_a_changed_column_type_or_length_is_caught(table: str, column: str, mutant: Any) -> None:
    """The comparison itself fails when the schema's type or length moves away from the mirror."""
    model = next(m for m in MIRRORS if m._meta.db_table == table)
    target = metadata.tables[table].columns[column]
    original = target.type
    target.type = mutant
    try:
        with pytest.raises(AssertionError, match=f"{table}.{column} (type|length)"):
            test_mirror_matches_table(model)
    finally:
        target.type = original
