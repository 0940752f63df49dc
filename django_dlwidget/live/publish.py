"""The one publish path every download state change goes through.

``publish(download_or_key, owner_id, event)`` runs once the surrounding transaction commits (at
once outside a transaction). It bumps the owner's version in the shared cache (the list's ETag)
and, when ``CHANNEL_LAYERS`` is configured, sends one message to the group
``dlwidget.user.<id>`` (see :mod:`django_dlwidget.live.groups`)::

    {"type": "dlwidget.event",
     "event": {"type": "download", "version": N, "download": {...download_json...}}}
    {"type": "dlwidget.event",
     "event": {"type": "removed", "version": N, "key": "<uuid>"}}

A consumer's ``dlwidget_event`` handler forwards ``event`` to the browser as it is. A "download"
event carries the row as it is in the database at send time (or as the committed write returned
it, when that write ran outside a transaction); if the row is gone by then, a "removed" event goes
instead. A failure (cache or channel layer down) is logged and never raised:
clients re-sync from the list.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import TYPE_CHECKING, Any, Literal

from django.conf import settings
from django.db import transaction

from .. import rowsql
from .group_send import group_send, group_send_now
from .groups import user_group
from .loops import publisher_loop, remember_loop, server_loop
from .versions import bump_version

if TYPE_CHECKING:
    from ..models import Download

logger = logging.getLogger(__name__)

Event = Literal["download", "removed"]
SEND_TIMEOUT = 5.0
# Tasks created on a running loop are kept here until done (asyncio holds only weak references).
_pending: set[asyncio.Task[Any]] = set()


def publish(
    download_or_key: Download | uuid.UUID | str,
    owner_id: Any,
    event: Event,
    *,
    row: Download | None = None,
) -> None:
    """Publish a change of one download, after the current transaction commits; nothing for a
    download nobody owns (it is in no one's list). ``row``: the download as committed, when the
    caller just read it back (outside a transaction only), so the event need not read it again."""
    if owner_id is None:
        return
    key = download_or_key if isinstance(download_or_key, uuid.UUID | str) else download_or_key.key
    transaction.on_commit(lambda: publish_now(key, owner_id, event, row=row), robust=True)


def publish_now(
    key: uuid.UUID | str, owner_id: Any, event: Event, *, row: Download | None = None
) -> int | None:
    """Bump the version and send the event now; return the new version (None on failure).
    A "download" event carries ``row`` when given, else the row read now."""
    try:
        version = bump_version(owner_id)
    except Exception as error:  # the cache is down: one line, the clients re-sync
        logger.warning("dlwidget: could not bump the version of user %s (%s)", owner_id, error)
        return None
    if not getattr(settings, "CHANNEL_LAYERS", None):
        return version
    try:
        message = {"type": "dlwidget.event", "event": _event(key, version, event, row)}
    except Exception:
        logger.exception("dlwidget: could not publish %s of download %s", event, key)
        return version
    try:
        send_to_group(user_group(owner_id), message)
    except Exception as error:  # the layer is down: one line, the clients re-sync
        logger.warning("dlwidget: could not publish %s of download %s (%s)", event, key, error)
    return version


def _event(
    key: uuid.UUID | str, version: int, event: Event, row: Download | None
) -> dict[str, Any]:
    from ..downloads.serializers import download_json
    from ..models import Download

    if event == "download":
        # Read where it was just written (plain SQL: once per published progress step), unless
        # the write itself returned the row.
        download = row if row is not None else rowsql.get(Download, {"key": key})
        if download is not None:
            return {"type": "download", "version": version, "download": download_json(download)}
    return {"type": "removed", "version": version, "key": str(key)}


def send_to_group(group: str, message: dict[str, Any]) -> None:
    """Send on the right event loop: the running one; from a thread without one, in that
    thread where the layer allows it (:func:`.group_send.group_send_now`), else on the
    server's loop or the process's own."""
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    if layer is None:
        return
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is not None:
        # Called from async code: this is the server's loop; schedule without blocking it.
        remember_loop(running)
        task = running.create_task(group_send(layer, group, message))
        _pending.add(task)
        task.add_done_callback(_task_done)
        return
    if group_send_now(layer, group, message):  # channels_redis: from this thread, no loop
        return
    loop = server_loop() or publisher_loop()
    future = asyncio.run_coroutine_threadsafe(group_send(layer, group, message), loop)
    try:
        future.result(timeout=SEND_TIMEOUT)
    except BaseException:
        future.cancel()
        raise


def _task_done(task: asyncio.Task[Any]) -> None:
    _pending.discard(task)
    if not task.cancelled() and task.exception() is not None:
        logger.error("dlwidget: could not publish an event", exc_info=task.exception())
