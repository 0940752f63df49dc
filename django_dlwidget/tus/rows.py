"""The statements every PATCH runs on its ``Upload`` row, as plain SQL built once per call.

A PATCH reads the row, takes the lease, counts its owner's live writers and gives the lease
back: four short statements around every chunk. Through the ORM each costs far more in building
the query than in running it (a filter, a compiler, an aggregation clone); here the same
statements are written out with the model's own table and column names, each value adapted by
its field for the connection (and each value read converted as the ORM would), equality filters
only (``None`` meaning ``IS NULL``). Run on the database the ORM writes ``Upload`` to, in
autocommit as ``QuerySet.update`` is, so the lease keeps its meaning.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field
from django.db.models.expressions import Col

from ..models import Upload


def _connection() -> BaseDatabaseWrapper:
    return connections[router.db_for_write(Upload)]


def _field(name: str) -> Field[Any, Any]:
    field = Upload._meta.get_field(name)
    assert isinstance(field, Field)
    return field


def _prepared(connection: BaseDatabaseWrapper, name: str, value: object) -> Any:
    return _field(name).get_db_prep_save(value, connection)


def _column(connection: BaseDatabaseWrapper, name: str) -> str:
    return connection.ops.quote_name(str(_field(name).column))


def _equal(
    connection: BaseDatabaseWrapper, where: Mapping[str, object]
) -> tuple[list[str], list[Any]]:
    conditions: list[str] = []
    params: list[Any] = []
    for name, value in where.items():
        if value is None:
            conditions.append(f"{_column(connection, name)} IS NULL")
        else:
            conditions.append(f"{_column(connection, name)} = %s")
            params.append(_prepared(connection, name, value))
    return conditions, params


def get(upload_id: uuid.UUID) -> Upload | None:
    """The row ``upload_id`` as the ORM would load it (every column, each value converted by
    the backend and its field), or None."""
    connection = _connection()
    fields = Upload._meta.concrete_fields
    table = Upload._meta.db_table
    columns = ", ".join(_column(connection, field.name) for field in fields)
    quoted = connection.ops.quote_name(table)
    # Only names from the model's meta go into the text; the id is a parameter.
    sql = f"SELECT {columns} FROM {quoted} WHERE {_column(connection, 'id')} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [_prepared(connection, "id", upload_id)])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for index, field in enumerate(fields):
        col = Col(table, field)
        converters = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        for converter in converters:
            values[index] = converter(values[index], col, connection)
    return Upload.from_db(connection.alias, [field.attname for field in fields], values)


def update(upload_id: uuid.UUID, where: Mapping[str, object], values: Mapping[str, object]) -> int:
    """``UPDATE`` the row ``upload_id`` with ``values`` where every ``where`` field equals its
    value; how many rows changed (0 or 1)."""
    connection = _connection()
    sets = [f"{_column(connection, name)} = %s" for name in values]
    params = [_prepared(connection, name, value) for name, value in values.items()]
    conditions, where_params = _equal(connection, {"id": upload_id, **where})
    table = connection.ops.quote_name(Upload._meta.db_table)
    # Only names from the model's meta go into the text; every value is a parameter.
    sql = f"UPDATE {table} SET {', '.join(sets)} WHERE {' AND '.join(conditions)}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params + where_params)
        return int(cursor.rowcount)


def live_writers(owner: Mapping[str, object], now: datetime) -> int:
    """How many unfinished uploads matching ``owner`` (equality filters) hold a live lease."""
    connection = _connection()
    conditions, params = _equal(connection, {**owner, "complete": False})
    conditions += [
        f"{_column(connection, 'lease_expires')} > %s",
        f"{_column(connection, 'lease_token')} <> %s",
    ]
    params += [_prepared(connection, "lease_expires", now), ""]
    table = connection.ops.quote_name(Upload._meta.db_table)
    sql = f"SELECT COUNT(*) FROM {table} WHERE {' AND '.join(conditions)}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return int(row[0]) if row else 0
