"""Writing many rows in few statements: the import's results and revisions, and the figures.

An import of a year of quarters writes some 12,000 results and a rebuild of the stored figures
some 60,000 rows. Django's bulk_create and bulk_update spend most of that time preparing each
object in Python, and QuerySet.delete() first fetches every row because the audit trail listens
to every model's deletions. These helpers take plain tuples, convert only the values that need
it (a quarter, JSON, a date), and send one statement per chunk of rows, on SQLite and
PostgreSQL alike. They run inside the caller's transaction and send no signals: use them for
rows that the audit trail does not follow (results keep their own revisions).
"""

# Field is generic only in django-stubs: annotations stay unevaluated.
from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any, TypeAlias

from django.db import connection, models

from activation.fields import QuarterField

CHUNK = 500

# A row: the values of some fields (of mixed types, as the model holds them), in the order of
# their names.
Row: TypeAlias = Sequence[Any]
# Converts one value of a field to what the database stores.
Converter: TypeAlias = Callable[[object], object]

# Values of these fields go to the database as they are; any other field converts its values.
_AS_IS = (models.IntegerField, models.FloatField, models.BooleanField, models.CharField)


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """The concrete field `name` of `model`: one with a column."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model._meta.label}.{name} has no column")
    return field


def _column(field: models.Field[Any, Any]) -> str:
    """The quoted column of a concrete field."""
    if field.column is None:
        raise TypeError(f"{field} has no column")
    return connection.ops.quote_name(field.column)


def _converter(field: models.Field[Any, Any]) -> Converter | None:
    """None when `field`'s values need no conversion, else a function converting one value.

    Repeated values (a rebuild has some 40 quarters, and most figures share their sources) are
    converted once.
    """
    if field.is_relation or (isinstance(field, _AS_IS) and not isinstance(field, QuarterField)):
        return None
    converted: dict[object, object] = {}

    def convert(value: object) -> object:
        key = tuple(value) if isinstance(value, list) else value
        try:
            return converted[key]
        except KeyError:
            pass
        except TypeError:  # unhashable (a dict of JSON): no memory
            return field.get_db_prep_save(value, connection)
        converted[key] = field.get_db_prep_save(value, connection)
        return converted[key]

    return convert


def _converters(
    fields: Sequence[models.Field[Any, Any]], offset: int = 0
) -> list[tuple[int, Converter]]:
    """[(position in a row, converter)] of the fields whose values need converting."""
    return [
        (position + offset, convert)
        for position, convert in enumerate(map(_converter, fields))
        if convert is not None
    ]


def _flat_values(rows: Iterable[Row], converting: list[tuple[int, Converter]]) -> list[Any]:
    """The values of `rows`, converted where needed, in one list for a multi-row statement."""
    values: list[Any] = []
    for row in rows:
        if converting:
            converted = list(row)
            for position, convert in converting:
                converted[position] = convert(converted[position])
            values += converted
        else:
            values += row
    return values


def insert_rows(model: type[models.Model], names: Sequence[str], rows: Sequence[Row]) -> None:
    """Insert `rows`, tuples of the values of the fields `names` of `model`, in that order."""
    fields = [_field(model, name) for name in names]
    converting = _converters(fields)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(_column(field) for field in fields)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            values = _flat_values(chunk, converting)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([row_sql] * len(chunk))}",
                values,
            )


def delete_rows(
    model: type[models.Model], name: str | None = None, values: Iterable[object] = ()
) -> None:
    """Delete the rows of `model` whose field `name` is one of `values`; every row without
    `name`. One statement."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if name is None:
            cursor.execute(f"DELETE FROM {table}")
            return
        field = _field(model, name)
        prepared = [field.get_db_prep_value(value, connection) for value in values]
        if not prepared:
            return
        column = _column(field)
        placeholders = ", ".join(["%s"] * len(prepared))
        cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({placeholders})", prepared)


def update_rows(
    model: type[models.Model],
    names: Sequence[str],
    rows: Sequence[Row],
    *,
    integers: Collection[str] = (),
) -> None:
    """Write new values into stored rows: `rows` are (pk, *values of the fields `names`).

    One UPDATE … FROM (VALUES …) per chunk; bulk_update's CASE expressions cost seconds of Python
    for the thousands of rows of a late column. `integers`: names of integer fields, whose
    values PostgreSQL needs told (a VALUES list's columns are text until cast).
    """
    fields = [_field(model, name) for name in names]
    converting = _converters(fields, offset=1)  # after the primary key
    table = connection.ops.quote_name(model._meta.db_table)
    aliases = [f"column{i}" for i in range(1, len(fields) + 2)]
    # PostgreSQL names a VALUES list's columns only when told; SQLite names them column1, ….
    alias = "v" if connection.vendor == "sqlite" else f"v({', '.join(aliases)})"
    assignments = ", ".join(
        f"{_column(field)} = "
        + (f"CAST(v.{alias_} AS bigint)" if field.name in integers else f"v.{alias_}")
        for field, alias_ in zip(fields, aliases[1:], strict=True)
    )
    pk = _column(model._meta.pk)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            values = _flat_values(chunk, converting)
            placeholders = ", ".join(["(" + ", ".join(["%s"] * len(aliases)) + ")"] * len(chunk))
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES {placeholders}) AS {alias} "
                f"WHERE {table}.{pk} = CAST(v.column1 AS bigint)",
                values,
            )
