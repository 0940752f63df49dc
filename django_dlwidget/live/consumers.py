"""The download centre's WebSocket: push only, one socket per open page.

On connect the consumer joins the user's group (every event of the publish path goes there) and
the group of its login session (a logout closes that session's sockets), accepts, and sends the
current list as ``{"type": "snapshot", "version": N, "downloads": [...]}``. Then it forwards every
``dlwidget.event`` message as it is. Every mutation stays on HTTP: whatever a client sends is
ignored.

Anonymous sockets are accepted and then closed with 4401: a socket closed before it is accepted
reaches a browser only as 1006, indistinguishable from a network fault, and the client would retry
for ever. Without a channel layer (``CHANNEL_LAYERS`` empty: checks E004, W004) nothing could be
pushed, so a socket is accepted and closed with 4503, which the client answers by polling; the
server logs that once per process, as a warning without a traceback.

A socket from another site's page (its ``Origin`` compared by scheme, host and port, ``origin.py``)
is closed with 4403 before anything else, whatever validator ``asgi.py`` wraps the route in. A
user holds at most ``WS_MAX_SOCKETS_PER_USER`` sockets (``sockets.py``: leased slots in the shared
cache, renewed while the socket lives): one more is closed with 4429, which the client answers by
polling (``auto`` tries a socket again later).

channels_redis silently drops group members after ``group_expiry`` (a day by default), so a socket
held open longer would stop receiving events; the consumer re-joins its groups every half expiry.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from ..downloads.listing import snapshot
from ..elements.contract import (
    LIVE_UNAVAILABLE_CLOSE_CODE,
    NOT_LOGGED_IN_CLOSE_CODE,
    ORIGIN_REFUSED_CLOSE_CODE,
    TOO_MANY_SOCKETS_CLOSE_CODE,
)
from .groups import session_group, user_group
from .loops import remember_loop
from .origin import log_refusal, origin_refusal
from .sockets import DEFAULT_LEASE, claim_slot, release_slot, renew_slot

logger = logging.getLogger(__name__)

# channels' in-memory and Redis layers default to a day.
DEFAULT_GROUP_EXPIRY = 86400.0
MIN_REJOIN_INTERVAL = 1.0
_warned_no_layer = False


def warn_no_layer() -> None:
    """Log, once per process, that sockets are refused for want of a channel layer."""
    global _warned_no_layer  # one warning per process, not one per page load
    if not _warned_no_layer:
        _warned_no_layer = True
        logger.warning(
            "dlwidget: no channel layer (CHANNEL_LAYERS is empty), so download centre sockets "
            "are closed with %s and pages poll; configure CHANNEL_LAYERS or set "
            "DLWIDGET['MODE'] to 'poll' (checks django_dlwidget.E004, W004)",
            LIVE_UNAVAILABLE_CLOSE_CODE,
        )


class DownloadsConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    #: Seconds between re-joins of the groups; None: half the layer's ``group_expiry``.
    rejoin_interval: float | None = None
    #: Seconds a socket's slot is leased for (``sockets.py``); renewed every third of it.
    slot_lease: float = DEFAULT_LEASE

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            # However the consumer ends (a closed socket, a layer that went down), stop re-joining
            # and give its slot back.
            self._stop_rejoining()
            await self._release_slot()

    async def connect(self) -> None:
        refusal = origin_refusal(self.scope)
        if refusal is not None:
            log_refusal(self.scope, refusal)
            await self.accept()
            await self.close(code=ORIGIN_REFUSED_CLOSE_CODE)
            return
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.accept()
            await self.close(code=NOT_LOGGED_IN_CLOSE_CODE)
            return
        if self.channel_layer is None:
            warn_no_layer()
            await self.accept()
            await self.close(code=LIVE_UNAVAILABLE_CLOSE_CODE)
            return
        slot = await claim_slot(user.pk, self.channel_name, self.slot_lease)
        if slot is None:
            logger.info(
                "dlwidget: user %s holds the most sockets allowed; one more refused", user.pk
            )
            await self.accept()
            await self.close(code=TOO_MANY_SOCKETS_CLOSE_CODE)
            return
        self.dlwidget_slot = (user.pk, slot)
        # This loop serves the sockets: worker threads of this process publish on it.
        remember_loop(asyncio.get_running_loop())
        self.dlwidget_groups = self._groups_of(user.pk)
        for group in self.dlwidget_groups:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        # Joined before the snapshot is read: an event published meanwhile waits in the channel
        # and follows the snapshot; the client drops it if the snapshot already has it.
        listed = await database_sync_to_async(snapshot)(user.pk)
        await self.send_json({"type": "snapshot", **listed})
        self._rejoin_task = asyncio.create_task(self._rejoin_periodically())
        self._lease_task = asyncio.create_task(self._renew_periodically())

    def _groups_of(self, owner_id: Any) -> list[str]:
        groups = [user_group(owner_id)]
        session = self.scope.get("session")
        session_key = getattr(session, "session_key", None) if session is not None else None
        if session_key:
            groups.append(session_group(session_key))
        return groups

    def _rejoin_every(self) -> float:
        if self.rejoin_interval is not None:
            return self.rejoin_interval
        expiry = getattr(self.channel_layer, "group_expiry", DEFAULT_GROUP_EXPIRY)
        return max(MIN_REJOIN_INTERVAL, float(expiry) / 2)

    async def _rejoin_periodically(self) -> None:
        interval = self._rejoin_every()
        while True:
            await asyncio.sleep(interval)
            for group in self.dlwidget_groups:
                try:
                    await self.channel_layer.group_add(group, self.channel_name)
                except Exception:
                    # The layer is down: the socket's own receive fails too, and the client
                    # reconnects; until then, try again at the next round.
                    logger.warning("dlwidget: could not re-join %s", group, exc_info=True)

    async def _renew_periodically(self) -> None:
        while True:
            await asyncio.sleep(self.slot_lease / 3)
            owner_id, slot = self.dlwidget_slot
            renewed = await renew_slot(owner_id, slot, self.channel_name, self.slot_lease)
            if renewed is None:  # the lease was lost and every slot taken meanwhile
                del self.dlwidget_slot
                await self.close(code=TOO_MANY_SOCKETS_CLOSE_CODE)
                return
            self.dlwidget_slot = (owner_id, renewed)

    def _stop_rejoining(self) -> None:
        for name in ("_rejoin_task", "_lease_task"):
            task: asyncio.Task[None] | None = getattr(self, name, None)
            if task is not None and task is not asyncio.current_task():
                task.cancel()

    async def _release_slot(self) -> None:
        held = getattr(self, "dlwidget_slot", None)
        if held is not None:
            del self.dlwidget_slot
            await release_slot(held[0], held[1], self.channel_name)

    async def disconnect(self, code: int) -> None:
        self._stop_rejoining()
        await self._release_slot()
        for group in getattr(self, "dlwidget_groups", ()):
            with contextlib.suppress(Exception):  # the layer may be down; the group expires
                await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """Push only: client messages are ignored (not even decoded), the socket stays open."""

    async def dlwidget_event(self, message: dict[str, Any]) -> None:
        """A change from the publish path: forward its event as it is."""
        await self.send_json(message["event"])

    async def dlwidget_logout(self, message: dict[str, Any]) -> None:
        """This socket's session logged out."""
        await self.close(code=NOT_LOGGED_IN_CLOSE_CODE)
