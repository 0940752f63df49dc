"""Single-row statements of the hot paths, as plain SQL built from a model's own meta.

Every PATCH reads its upload and moves its lease, and every progress call of a job updates its
download and reads it back for the event: short statements whose cost through the ORM is mostly
in building the query (a filter, a compiler, an aggregation clone), not in running it. Here the
same statements are written out with the model's table and column names, each value adapted by
its field for the connection and each value read converted as the ORM would convert it. Filters
are equalities only (``None`` meaning ``IS NULL``; a tuple, list or set meaning ``IN``); no
expression is accepted as a value. They run on the database the router writes the model to, in
autocommit as ``QuerySet.update`` does, or inside the caller's transaction.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, TypeVar

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Col

M = TypeVar("M", bound=models.Model)

MULTIPLE = (tuple, list, set, frozenset)


def connection_for(model: type[models.Model]) -> BaseDatabaseWrapper:
    return connections[router.db_for_write(model)]


def field_of(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def prepared(
    connection: BaseDatabaseWrapper, model: type[models.Model], name: str, value: object
) -> Any:
    return field_of(model, name).get_db_prep_save(value, connection)


def column(connection: BaseDatabaseWrapper, model: type[models.Model], name: str) -> str:
    return connection.ops.quote_name(str(field_of(model, name).column))


def table(connection: BaseDatabaseWrapper, model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def where(
    connection: BaseDatabaseWrapper, model: type[models.Model], filters: Mapping[str, object]
) -> tuple[list[str], list[Any]]:
    """SQL conditions and their parameters for ``filters``."""
    conditions: list[str] = []
    params: list[Any] = []
    for name, value in filters.items():
        name_sql = column(connection, model, name)
        if value is None:
            conditions.append(f"{name_sql} IS NULL")
        elif isinstance(value, MULTIPLE):
            items = [prepared(connection, model, name, item) for item in value]
            if not items:
                conditions.append("1 = 0")
                continue
            conditions.append(f"{name_sql} IN ({', '.join(['%s'] * len(items))})")
            params.extend(items)
        else:
            conditions.append(f"{name_sql} = %s")
            params.append(prepared(connection, model, name, value))
    return conditions, params


def _is_expression(value: object) -> bool:
    return hasattr(value, "resolve_expression")


def plain(values: Mapping[str, object]) -> bool:
    """True when no value is an expression (which only the ORM can write)."""
    return not any(_is_expression(value) for value in values.values())


def _plain(value: object) -> object:
    if _is_expression(value):
        raise TypeError("rowsql takes plain values, not expressions")
    return value


def _update_sql(
    connection: BaseDatabaseWrapper,
    model: type[models.Model],
    filters: Mapping[str, object],
    values: Mapping[str, object],
) -> tuple[str, list[Any]]:
    sets = [f"{column(connection, model, name)} = %s" for name in values]
    params = [prepared(connection, model, name, _plain(value)) for name, value in values.items()]
    conditions, where_params = where(connection, model, filters)
    # Only names from the model's meta go into the text; every value is a parameter.
    name, sets_sql, where_sql = table(connection, model), ", ".join(sets), " AND ".join(conditions)
    return f"UPDATE {name} SET {sets_sql} WHERE {where_sql}", params + where_params  # noqa: S608


def update(
    model: type[models.Model], filters: Mapping[str, object], values: Mapping[str, object]
) -> int:
    """``UPDATE`` the rows matching ``filters`` with ``values``; how many rows changed."""
    connection = connection_for(model)
    sql, params = _update_sql(connection, model, filters, values)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)


def returns_rows(connection: BaseDatabaseWrapper) -> bool:
    """True when the backend can read back the rows an ``UPDATE`` changed (``RETURNING``):
    PostgreSQL, and SQLite from 3.35.

    Not ``connection.features.can_return_rows_from_update``: Django 5.2 has no such feature,
    and where a later Django has it, Oracle's form (``RETURNING ... INTO`` bind variables) is not
    the plain ``RETURNING`` clause the statements here are written with."""
    if connection.vendor == "postgresql":
        return True
    if connection.vendor == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version_info >= (3, 35)
    return False


def update_returning(
    model: type[M], filters: Mapping[str, object], values: Mapping[str, object]
) -> tuple[int, M | None]:
    """:func:`update`, and the row as it is after it, in one statement where the backend can
    (:func:`returns_rows`): ``(count, row)``. The row is None when nothing changed, when
    ``filters`` matched more than one row, or when the backend cannot return rows (then this is
    a plain :func:`update`)."""
    connection = connection_for(model)
    sql, params = _update_sql(connection, model, filters, values)
    if not returns_rows(connection):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return int(cursor.rowcount), None
    select = _select(connection, model)
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} RETURNING {select.names}", params)
        rows = cursor.fetchall()
    if len(rows) != 1:
        return len(rows), None
    return 1, _instance(connection, model, select, rows[0])


class _Select(NamedTuple):
    """What reading a whole row of one model needs, worked out once per connection."""

    sql: str  # SELECT <every column> FROM <table> WHERE (the conditions follow)
    names: str  # every column, quoted and comma-separated
    attnames: list[str]
    columns: list[tuple[Col, list[Callable[..., Any]]]]  # each field's Col and converters


_selects: weakref.WeakKeyDictionary[BaseDatabaseWrapper, dict[type[models.Model], _Select]] = (
    weakref.WeakKeyDictionary()
)


def _select(connection: BaseDatabaseWrapper, model: type[models.Model]) -> _Select:
    known = _selects.setdefault(connection, {})
    found = known.get(model)
    if found is None:
        fields = model._meta.concrete_fields
        names = ", ".join(column(connection, model, field.name) for field in fields)
        columns = []
        for field in fields:
            col = Col(model._meta.db_table, field)
            converters = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            columns.append((col, converters))
        sql = f"SELECT {names} FROM {table(connection, model)} WHERE "  # noqa: S608
        found = known[model] = _Select(sql, names, [field.attname for field in fields], columns)
    return found


def get(model: type[M], filters: Mapping[str, object]) -> M | None:
    """The row matching ``filters`` (a unique one: its primary key, say) as the ORM would load
    it, every column converted by the backend and its field; None when there is none."""
    connection = connection_for(model)
    select = _select(connection, model)
    conditions, params = where(connection, model, filters)
    with connection.cursor() as cursor:
        cursor.execute(select.sql + " AND ".join(conditions), params)
        row = cursor.fetchone()
    if row is None:
        return None
    return _instance(connection, model, select, row)


def _instance(
    connection: BaseDatabaseWrapper, model: type[M], select: _Select, row: tuple[Any, ...]
) -> M:
    """A model instance from one row of ``select``'s columns, converted as the ORM would."""
    values = list(row)
    for index, (col, converters) in enumerate(select.columns):
        for converter in converters:
            values[index] = converter(values[index], col, connection)
    return model.from_db(connection.alias, select.attnames, values)
