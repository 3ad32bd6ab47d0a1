"""Fast writes for the generator and the raw-SQL baselines: COPY on PostgreSQL, batches on SQLite."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models

BATCH = 2000


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` primary keys nobody else will use: from the table's sequence on PostgreSQL (so that later
    ORM inserts do not collide), above the largest id on SQLite."""
    if count == 0:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, count]
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT COALESCE(MAX("{pk}"), 0) FROM "{table}"')
        start = int(cursor.fetchone()[0]) + 1
    return list(range(start, start + count))


def _fields(model: type[models.Model]) -> list[Any]:
    return list(model._meta.concrete_fields)


def _values(fields: Sequence[Any], rows: Iterable[dict[str, Any]]) -> Iterable[list[Any]]:
    defaults = {field.attname: field.get_default() for field in fields}
    for row in rows:
        yield [row[field.attname] if field.attname in row else defaults[field.attname] for field in fields]


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """``COPY table (columns) FROM STDIN`` through psycopg 3 (PostgreSQL only)."""
    connection.ensure_connection()
    quoted = ", ".join(f'"{column}"' for column in columns)
    with connection.cursor() as cursor, cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)


def insert_rows(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> None:
    """Rows (dicts by attribute name, ids included) of a big table: COPY on PostgreSQL, bulk_create on SQLite.
    Fields a row leaves out take their model default."""
    if is_postgresql():
        fields = _fields(model)
        copy_rows(model._meta.db_table, [field.column for field in fields], _values(fields, rows))
    else:
        model._default_manager.bulk_create([model(**row) for row in rows], batch_size=BATCH)


def raw_insert(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> None:
    """The baseline of a bulk write: the same rows with COPY (PostgreSQL) or executemany (SQLite), no ORM.
    Ids are left to the database."""
    fields = [field for field in _fields(model) if not field.primary_key]
    values = _values(fields, rows)
    if is_postgresql():
        copy_rows(model._meta.db_table, [field.column for field in fields], values)
        return
    columns = ", ".join(f'"{field.column}"' for field in fields)
    sql = f'INSERT INTO "{model._meta.db_table}" ({columns}) VALUES ({", ".join(["%s"] * len(fields))})'
    with connection.cursor() as cursor:
        cursor.executemany(sql, list(values))
