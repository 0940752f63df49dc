"""The statements every PATCH runs on its ``Upload`` row, as plain SQL (:mod:`..rowsql`).

A PATCH reads the row, takes the lease, counts its owner's live writers and gives the lease
back: four short statements around every chunk, each far cheaper written out than built by the
ORM. The row is read from the database ``Upload`` is written to, so that a replica's lag can
never show a stale offset or lease; the lease's UPDATEs run in autocommit, as
``QuerySet.update`` does, so the lease keeps its meaning.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime

from .. import rowsql
from ..models import Upload


def get(upload_id: uuid.UUID) -> Upload | None:
    """The row ``upload_id`` as the ORM would load it, or None."""
    return rowsql.get(Upload, {"id": upload_id})


def update(upload_id: uuid.UUID, where: Mapping[str, object], values: Mapping[str, object]) -> int:
    """``UPDATE`` the row ``upload_id`` with ``values`` where every ``where`` field equals its
    value; how many rows changed (0 or 1)."""
    return rowsql.update(Upload, {"id": upload_id, **where}, values)


def live_writers(owner: Mapping[str, object], now: datetime) -> int:
    """How many unfinished uploads matching ``owner`` (equality filters) hold a live lease."""
    connection = rowsql.connection_for(Upload)
    conditions, params = rowsql.where(connection, Upload, {**owner, "complete": False})
    conditions += [
        f"{rowsql.column(connection, Upload, 'lease_expires')} > %s",
        f"{rowsql.column(connection, Upload, 'lease_token')} <> %s",
    ]
    params += [rowsql.prepared(connection, Upload, "lease_expires", now), ""]
    table = rowsql.table(connection, Upload)
    sql = f"SELECT COUNT(*) FROM {table} WHERE {' AND '.join(conditions)}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return int(row[0]) if row else 0
