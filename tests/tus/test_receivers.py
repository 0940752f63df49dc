"""The tus receivers: SQLite connections leave their log to SQLite's own checkpoints (each
request's connection closes at its end, and must not pay a checkpoint and its syncs for that)."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import connection

from django_dlwidget.tus.sqlite_wal import NO_CHECKPOINT_ON_CLOSE

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        NO_CHECKPOINT_ON_CLOSE is None, reason="Python 3.12+ (Connection.setconfig)"
    ),
]


def test_a_new_sqlite_connection_does_not_checkpoint_on_close() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert NO_CHECKPOINT_ON_CLOSE is not None
    connection.ensure_connection()
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)
    assert raw.getconfig(NO_CHECKPOINT_ON_CLOSE) is True
    fresh = sqlite3.connect(":memory:")  # what SQLite does by default, for comparison
    assert fresh.getconfig(NO_CHECKPOINT_ON_CLOSE) is False
    fresh.close()
