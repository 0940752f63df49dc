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

Sockets do not join channel-layer groups themselves: the sockets of one server process share one
membership per group through the process's hub (``hub.py``), which puts each message into every
local socket's inbox, and keeps the memberships alive: it re-joins before ``group_expiry``, and
after a layer outage (a Redis restart) it re-joins and asks each socket to re-sync, on which the
consumer sends a fresh snapshot. A socket that cannot join (the layer is down) is closed with
1013, which the client answers by reconnecting later.
"""

from __future__ import annotations

import asyncio
import logging
import random
import uuid
from typing import Any

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer

from ..downloads.listing import snapshot
from ..elements.contract import (
    LIVE_UNAVAILABLE_CLOSE_CODE,
    NOT_LOGGED_IN_CLOSE_CODE,
    ORIGIN_REFUSED_CLOSE_CODE,
    TOO_MANY_SOCKETS_CLOSE_CODE,
)
from .groups import session_group, user_group
from .hub import RESYNC, Inbox, hub_for
from .loops import remember_loop
from .origin import log_refusal, origin_refusal
from .sockets import DEFAULT_LEASE, claim_slot, release_slot, renew_slot

logger = logging.getLogger(__name__)

#: "Try again later" (RFC 6455): the layer is down; the client reconnects after its backoff.
TRY_AGAIN_LATER = 1013
#: The key under which a delivered message keeps its event encoded once for every local socket.
ENCODED = "dlwidget.text"
#: What the hub delivers (``dlwidget_event``, ``dlwidget_resync``, ``dlwidget_logout``).
HUB_MESSAGES = frozenset({"dlwidget.event", RESYNC, "dlwidget.logout"})
#: In the inbox when the client's receive failed: the consumer raises its error.
PUMP_FAILED = "dlwidget.pump_failed"
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
    #: Seconds a socket's slot is leased for (``sockets.py``); renewed every sixth to third of it.
    slot_lease: float = DEFAULT_LEASE

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        # channels' own loop, except that one inbox takes both the client's messages (pumped in
        # by a task) and the hub's: a pushed event wakes this task once, where channels would
        # wait on two sources and make a new task for every message.
        self.scope = scope
        self.channel_layer = get_channel_layer(self.channel_layer_alias)
        # Not a layer channel: this socket's name for its cap slot and in log lines.
        self.channel_name = f"dlwidget.socket.{uuid.uuid4().hex}"
        self.base_send = send
        self.dlwidget_inbox: Inbox = asyncio.Queue()
        pump = asyncio.create_task(self._pump(receive))
        try:
            while True:
                message = await self.dlwidget_inbox.get()
                if message["type"] == PUMP_FAILED:
                    raise message["error"]
                await self.dispatch(message)
        except StopConsumer:
            pass
        finally:
            pump.cancel()
            # However the consumer ends (a closed socket, a failed handler), leave the groups
            # and give the slot back.
            self._stop_renewing()
            await self._release_slot()
            await self._leave_groups()

    async def _pump(self, receive: Any) -> None:
        """The client's messages into the inbox, up to the disconnect (or a failed receive)."""
        while True:
            try:
                message = await receive()
            except Exception as error:
                self.dlwidget_inbox.put_nowait({"type": PUMP_FAILED, "error": error})
                return
            self.dlwidget_inbox.put_nowait(message)
            if message.get("type") == "websocket.disconnect":
                return

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
        if not await self._join_groups(user.pk):
            await self.accept()
            await self.close(code=TRY_AGAIN_LATER)
            return
        await self.accept()
        # Joined before the snapshot is read: an event published meanwhile waits in the inbox
        # and follows the snapshot; the client drops it if the snapshot already has it.
        await self._send_snapshot()
        self._lease_task = asyncio.create_task(self._renew_periodically())

    async def _join_groups(self, owner_id: Any) -> bool:
        hub = hub_for(self.channel_layer)
        self.dlwidget_groups: list[str] = []
        for group in self._groups_of(owner_id):
            try:
                await hub.join(group, self.dlwidget_inbox)
            except Exception as error:
                logger.warning("dlwidget: a socket could not join %s (%s)", group, error)
                await self._leave_groups()
                return False
            self.dlwidget_groups.append(group)
        return True

    async def _leave_groups(self) -> None:
        groups = getattr(self, "dlwidget_groups", ())
        self.dlwidget_groups = []
        if groups:
            hub = hub_for(self.channel_layer)
            for group in groups:
                await hub.leave(group, self.dlwidget_inbox)

    async def _send_snapshot(self) -> None:
        listed = await database_sync_to_async(snapshot)(self.scope["user"].pk)
        await self.send_json({"type": "snapshot", **listed})

    def _groups_of(self, owner_id: Any) -> list[str]:
        groups = [user_group(owner_id)]
        session = self.scope.get("session")
        session_key = getattr(session, "session_key", None) if session is not None else None
        if session_key:
            groups.append(session_group(session_key))
        return groups

    async def _renew_periodically(self) -> None:
        while True:
            # Jittered between a sixth and a third of the lease: sockets opened together (a
            # deploy, a thousand pages) must not all renew in the same second, stalling the loop
            # for the events it pushes meanwhile.
            await asyncio.sleep(self.slot_lease / 3 * random.uniform(0.5, 1.0))  # noqa: S311
            owner_id, slot = self.dlwidget_slot
            renewed = await renew_slot(owner_id, slot, self.channel_name, self.slot_lease)
            if renewed is None:  # the lease was lost and every slot taken meanwhile
                del self.dlwidget_slot
                await self.close(code=TOO_MANY_SOCKETS_CLOSE_CODE)
                return
            self.dlwidget_slot = (owner_id, renewed)

    def _stop_renewing(self) -> None:
        task: asyncio.Task[None] | None = getattr(self, "_lease_task", None)
        if task is not None and task is not asyncio.current_task():
            task.cancel()

    async def _release_slot(self) -> None:
        held = getattr(self, "dlwidget_slot", None)
        if held is not None:
            del self.dlwidget_slot
            await release_slot(held[0], held[1], self.channel_name)

    async def disconnect(self, code: int) -> None:
        self._stop_renewing()
        await self._release_slot()
        await self._leave_groups()

    async def dispatch(self, message: dict[str, Any]) -> None:
        # channels closes stale database connections (a hop to the database thread) before each
        # handler; the hub's messages touch no connection of this thread (a re-sync reads through
        # database_sync_to_async, which does that itself), and skipping the hop is what lets one
        # process push an event to 1,000 sockets without 1,000 hops through one thread.
        if message.get("type") in HUB_MESSAGES:
            await getattr(self, get_handler_name(message))(message)
        else:
            await super().dispatch(message)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """Push only: client messages are ignored (not even decoded), the socket stays open."""

    async def dlwidget_event(self, message: dict[str, Any]) -> None:
        """A change from the publish path: forward its event as it is (encoded once for all the
        process's sockets that get the same message)."""
        text = message.get(ENCODED)
        if text is None:
            text = message[ENCODED] = await self.encode_json(message["event"])
        await self.send(text_data=text)

    async def dlwidget_resync(self, message: dict[str, Any]) -> None:
        """The hub re-joined after a layer outage: events may have been lost, send the list (read
        once for all the process's sockets of this user)."""
        if not getattr(self, "dlwidget_groups", None):
            return
        owner_id = self.scope["user"].pk
        try:
            listed = await hub_for(self.channel_layer).shared(
                message.get("generation", 0),
                ("snapshot", owner_id),
                lambda: database_sync_to_async(snapshot)(owner_id),
            )
        except Exception as error:  # the database is down too: the client reconnects later
            logger.warning("dlwidget: could not re-sync a socket (%s)", error)
            await self.close(code=TRY_AGAIN_LATER)
            return
        await self.send_json({"type": "snapshot", **listed})

    async def dlwidget_logout(self, message: dict[str, Any]) -> None:
        """This socket's session logged out."""
        await self.close(code=NOT_LOGGED_IN_CLOSE_CODE)
