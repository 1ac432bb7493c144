"""Writing many rows in few statements: the import's results and revisions, and the figures.

An import of a year of quarters writes some 12,000 results and a rebuild of the stored figures
some 60,000 rows. Django's bulk_create and bulk_update spend most of that time preparing each
object in Python, and QuerySet.delete() first fetches every row because the audit trail listens
to every model's deletions. These helpers take plain tuples, convert only the values that need
it (a quarter, JSON, a date), and send one statement per chunk of rows, on SQLite and
PostgreSQL alike. They run inside the caller's transaction and send no signals: use them for
rows that the audit trail does not follow (results keep their own revisions).
"""

from django.db import connection, models

from activation.fields import QuarterField

CHUNK = 500

# Values of these fields go to the database as they are; any other field converts its values.
_AS_IS = (models.IntegerField, models.FloatField, models.BooleanField, models.CharField)


def _converter(field):
    """None when `field`'s values need no conversion, else a function converting one value.

    Repeated values (a rebuild has some 40 quarters, and most figures share their sources) are
    converted once.
    """
    if field.is_relation or (isinstance(field, _AS_IS) and not isinstance(field, QuarterField)):
        return None
    converted = {}

    def convert(value):
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


def _converters(fields, offset=0):
    """[(position in a row, converter)] of the fields whose values need converting."""
    return [
        (position + offset, convert)
        for position, convert in enumerate(map(_converter, fields))
        if convert is not None
    ]


def _flat_values(rows, converting):
    """The values of `rows`, converted where needed, in one list for a multi-row statement."""
    values = []
    for row in rows:
        if converting:
            row = list(row)
            for position, convert in converting:
                row[position] = convert(row[position])
        values += row
    return values


def insert_rows(model, names, rows):
    """Insert `rows`, tuples of the values of the fields `names` of `model`, in that order."""
    fields = [model._meta.get_field(name) for name in names]
    converting = _converters(fields)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            values = _flat_values(chunk, converting)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([row_sql] * len(chunk))}",
                values,
            )


def delete_rows(model, name=None, values=None):
    """Delete the rows of `model` whose field `name` is one of `values`; every row without
    `name`. One statement."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if name is None:
            cursor.execute(f"DELETE FROM {table}")
            return
        field = model._meta.get_field(name)
        values = [field.get_db_prep_value(value, connection) for value in values]
        if not values:
            return
        column = connection.ops.quote_name(field.column)
        placeholders = ", ".join(["%s"] * len(values))
        cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({placeholders})", values)


def update_rows(model, names, rows, *, integers=()):
    """Write new values into stored rows: `rows` are (pk, *values of the fields `names`).

    One UPDATE … FROM (VALUES …) per chunk; bulk_update's CASE expressions cost seconds of Python
    for the thousands of rows of a late column. `integers`: names of integer fields, whose
    values PostgreSQL needs told (a VALUES list's columns are text until cast).
    """
    fields = [model._meta.get_field(name) for name in names]
    converting = _converters(fields, offset=1)  # after the primary key
    table = connection.ops.quote_name(model._meta.db_table)
    aliases = [f"column{i}" for i in range(1, len(fields) + 2)]
    # PostgreSQL names a VALUES list's columns only when told; SQLite names them column1, ….
    alias = "v" if connection.vendor == "sqlite" else f"v({', '.join(aliases)})"
    assignments = ", ".join(
        f"{connection.ops.quote_name(field.column)} = "
        + (f"CAST(v.{alias_} AS bigint)" if field.name in integers else f"v.{alias_}")
        for field, alias_ in zip(fields, aliases[1:], strict=True)
    )
    pk = connection.ops.quote_name(model._meta.pk.column)
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
