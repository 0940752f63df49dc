"""Limits on writing upload bodies: how many at once, how slow, and no idle database connection.

A client that trickles a body (a byte every few seconds) must not tie up the server: each body
has an idle timeout and a minimum average rate (checked by :mod:`.bridge`), at most
``UPLOAD_MAX_CONCURRENT_PER_PROCESS`` bodies are written at once in a process and at most
``UPLOAD_MAX_CONCURRENT_PER_USER`` per user (counted from the live leases, so across
processes); past a cap the answer is 429 with ``Retry-After``, which tus clients retry. While a
body is awaited the worker thread gives its database connection back (:func:`release_connections`):
the lease is renewed in short UPDATEs that open one again.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Final

from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

from ..conf import dlwidget_settings
from ..models import Upload
from . import rows
from .errors import TusError

RETRY_AFTER: Final = "5"  # seconds

_lock = threading.Lock()
_writing = 0


def busy() -> TusError:
    return TusError(
        429,
        "too_many_at_once",
        _("Too many uploads are being written at once; retry shortly."),
        {"Retry-After": RETRY_AFTER},
    )


def idle_timeout() -> float:
    return dlwidget_settings.UPLOAD_IDLE_TIMEOUT.total_seconds()


def min_rate() -> int:
    return dlwidget_settings.UPLOAD_MIN_RATE


@contextlib.contextmanager
def process_slot() -> Iterator[None]:
    """One of the process's body-writing slots, for the block; 429 when none is free."""
    global _writing
    with _lock:
        if _writing >= dlwidget_settings.UPLOAD_MAX_CONCURRENT_PER_PROCESS:
            raise busy()
        _writing += 1
    try:
        yield
    finally:
        with _lock:
            _writing -= 1


def writing_now() -> int:
    """Bodies this process is writing (for tests and diagnostics)."""
    return _writing


def check_user_slots(upload: Upload) -> None:
    """429 when the owner of ``upload`` has more live writers than allowed (this one's lease,
    taken just before, included). Two racing past the cap may both be refused, never both let in.
    """
    mine: dict[str, object] = {"owner": upload.owner_id}
    if upload.owner_id is None:
        mine["session_key"] = upload.session_key
    # Only an unfinished upload's lease is a writer's: on a finished one it is a form's
    # reservation, a store's claim or a concatenation's hold on its parts.
    live = rows.live_writers(mine, timezone.now())
    if live > dlwidget_settings.UPLOAD_MAX_CONCURRENT_PER_USER:
        raise busy()


def release_connections() -> None:
    """Close this thread's database connections (outside a transaction) before a long wait.

    Django opens them again on the next query, so the lease's renewals each take one briefly.
    """
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and not connection.in_atomic_block:
            connection.close()
