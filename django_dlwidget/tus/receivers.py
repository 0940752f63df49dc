"""Deleting an upload (directly, or with its user) removes its partial data from the store; and
SQLite connections leave their write-ahead log to SQLite's own checkpoints.

Under ASGI, Django opens a connection for every request (each runs in a thread of its own) and
closes it at the end. When the last connection to a SQLite database in WAL mode closes, SQLite
checkpoints the log into the database and syncs both files: one or more ``fsync`` per request,
which costs a tus PATCH (and any request that queries) milliseconds, tens of them on a busy disk.
With ``SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE`` (Python 3.12+) a closing connection skips that; the
log is still checkpointed by SQLite as it grows (every 1000 pages by default), and durability is
what ``PRAGMA synchronous`` says, as before. Other journal modes are unaffected.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete
from django.dispatch import receiver

from ..models import Upload
from .stores import get_store

NO_CHECKPOINT_ON_CLOSE = getattr(sqlite3, "SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE", None)


@receiver(post_delete, sender=Upload, dispatch_uid="dlwidget_upload_remove_file")
def remove_partial_file(sender: type[Upload], instance: Upload, **kwargs: Any) -> None:
    # Removed at once: should the deletion roll back, the row's offset is reconciled with the
    # (now empty) data on its next use, and the client resends.
    get_store().remove(instance.id)


@receiver(connection_created, dispatch_uid="dlwidget_sqlite_no_checkpoint_on_close")
def no_checkpoint_on_close(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    raw = connection.connection
    if connection.vendor == "sqlite" and NO_CHECKPOINT_ON_CLOSE is not None:
        raw.setconfig(NO_CHECKPOINT_ON_CLOSE, True)
