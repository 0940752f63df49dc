"""Deleting an upload (directly, or with its user) removes its partial data from the store; and
SQLite connections in WAL mode neither checkpoint on close nor rebuild the log's index on open
(:mod:`.sqlite_wal`: what that costs a request, and how it is avoided).
"""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete
from django.dispatch import receiver

from ..models import Upload
from . import sqlite_wal
from .stores import get_store


@receiver(post_delete, sender=Upload, dispatch_uid="dlwidget_upload_remove_file")
def remove_partial_file(sender: type[Upload], instance: Upload, **kwargs: Any) -> None:
    # Removed at once: should the deletion roll back, the row's offset is reconciled with the
    # (now empty) data on its next use, and the client resends.
    get_store().remove(instance.id)


@receiver(connection_created, dispatch_uid="dlwidget_sqlite_no_checkpoint_on_close")
def sqlite_wal_connection(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        sqlite_wal.no_checkpoint_on_close(connection.connection)
        sqlite_wal.keep_open(connection.settings_dict["NAME"])
