"""One channel-layer membership per process and group, fanned out to the process's sockets.

A socket used to join its user's group itself, so an event for a user with 1,000 open pages on one
server meant 1,000 messages through the layer (with channels_redis: 1,000 entries written by one
Lua script and 1,000 blocking pops, one by one). Here the sockets of one event loop (one server
process) share one :class:`Hub`: the hub joins each group once, on a layer channel of its own, and
puts every message that arrives there into the inbox of each local socket of that group. Any
channel layer works, since the hub only uses ``new_channel``, ``group_add``, ``group_discard``,
``group_send`` and ``receive``.

The hub also keeps the memberships alive. It re-joins every group at half the layer's
``group_expiry`` (channels_redis forgets members after a day), and it notices when the layer lost
them: memberships live in Redis, so a Redis restart without persistence drops every one of them
while redis-py reconnects without a word. Every ``PROBE_EVERY`` seconds the hub sends a probe to a
group of its own; a probe that does not come back, or a receive that fails, means events may have
been lost: the hub re-joins every group and sends each socket a :data:`RESYNC` message, on which the
consumer sends a fresh snapshot.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
import weakref
from collections.abc import Awaitable, Callable, Hashable
from typing import Any

from channels.layers import BaseChannelLayer

__all__ = ["RESYNC", "Hub", "hub_for"]

logger = logging.getLogger(__name__)

#: What a socket's inbox gets after the hub recovered its memberships: send a fresh snapshot.
RESYNC = "dlwidget.resync"
#: channels' in-memory and Redis layers default to a day.
DEFAULT_GROUP_EXPIRY = 86400.0
MIN_REJOIN_INTERVAL = 1.0
#: Seconds between two probes, and how long a probe may take to come back.
PROBE_EVERY = 2.0
PROBE_TIMEOUT = 10.0  # generous: a loop busy with 1,000 sockets must not look like an outage
#: The first and the longest pause between two attempts to re-join after a failure.
RETRY_FIRST = 0.1
RETRY_MAX = 2.0
PROBE_GROUP_PREFIX = "dlwidget.probe."

Inbox = asyncio.Queue[dict[str, Any]]

_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub] = weakref.WeakKeyDictionary()


def hub_for(layer: BaseChannelLayer) -> Hub:
    """The hub of the running event loop for ``layer`` (a new one when the layer changed)."""
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None or hub.layer is not layer:
        hub = Hub(layer)
        _hubs[loop] = hub
    return hub


class _Group:
    """One group as this process holds it: the hub's channel in it and the local inboxes."""

    def __init__(self, channel: str) -> None:
        self.channel = channel
        self.inboxes: set[Inbox] = set()
        self.reader: asyncio.Task[None] | None = None


class Hub:
    #: Seconds between re-joins of the groups; None: half the layer's ``group_expiry``.
    rejoin_interval: float | None = None

    def __init__(self, layer: BaseChannelLayer) -> None:
        self.layer = layer
        self.groups: dict[str, _Group] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._watcher: asyncio.Task[None] | None = None
        self._recovery: asyncio.Task[None] | None = None
        self._probe_group = f"{PROBE_GROUP_PREFIX}{uuid.uuid4().hex}"
        self._probe_channel: str | None = None
        #: Counts re-syncs; ``shared`` keeps one task per key for the current one.
        self.generation = 0
        self._shared: dict[Hashable, asyncio.Future[Any]] = {}

    async def join(self, group: str, inbox: Inbox) -> None:
        """Deliver ``group``'s messages into ``inbox`` from now on (once this returns, the
        process is in the group: nothing sent afterwards is missed)."""
        async with self._lock(group):
            held = self.groups.get(group)
            if held is None:
                # The probe's membership is never younger than a group's: a loss that takes
                # a group's takes the probe's too.
                await self._ensure_probe()
                held = _Group(await self.layer.new_channel())
                await self.layer.group_add(group, held.channel)
                held.reader = asyncio.create_task(self._read(group, held))
                self.groups[group] = held
            held.inboxes.add(inbox)
        self._watch()

    async def leave(self, group: str, inbox: Inbox) -> None:
        """Stop delivering into ``inbox``; the last local socket of a group takes the process
        out of it."""
        async with self._lock(group):
            held = self.groups.get(group)
            if held is None:
                return
            held.inboxes.discard(inbox)
            if held.inboxes:
                return
            del self.groups[group]
            if held.reader is not None:
                held.reader.cancel()
            with contextlib.suppress(Exception):  # the layer may be down; the member expires
                await self.layer.group_discard(group, held.channel)
        self._locks.pop(group, None)
        if not self.groups:
            self._stop_watching()

    def _lock(self, group: str) -> asyncio.Lock:
        return self._locks.setdefault(group, asyncio.Lock())

    async def _read(self, group: str, held: _Group) -> None:
        while True:
            try:
                message = await self.layer.receive(held.channel)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                logger.warning("dlwidget: the channel layer failed (%s); re-joining", error)
                self.recover()
                await asyncio.sleep(RETRY_MAX)
                continue
            for inbox in tuple(held.inboxes):
                inbox.put_nowait(message)

    def recover(self) -> None:
        """Re-join every group, then tell every local socket to re-sync (once at a time)."""
        if self._recovery is None or self._recovery.done():
            self._recovery = asyncio.create_task(self._recover())

    async def _recover(self) -> None:
        delay = RETRY_FIRST
        while not await self._rejoin():
            await asyncio.sleep(delay)
            delay = min(delay * 2, RETRY_MAX)
        # Once per socket, however many of the groups it is in.
        self.generation += 1
        self._shared.clear()
        inboxes = {inbox for held in self.groups.values() for inbox in held.inboxes}
        for inbox in inboxes:
            inbox.put_nowait({"type": RESYNC, "generation": self.generation})

    def shared(
        self, generation: int, key: Hashable, make: Callable[[], Awaitable[Any]]
    ) -> asyncio.Future[Any]:
        """One run of ``make`` per ``key`` for one re-sync: a user's sockets share one snapshot
        (1,000 pages of one user re-sync with one query, not 1,000)."""
        if generation != self.generation:  # a newer re-sync is on its way: read afresh
            return asyncio.ensure_future(make())
        task = self._shared.get(key)
        if task is None:
            task = self._shared[key] = asyncio.ensure_future(make())
        return asyncio.shield(task)  # a socket that closes meanwhile cancels only its own wait

    async def _rejoin(self) -> bool:
        """Join every group (and the probe's) again; False when the layer failed."""
        memberships = [(group, held.channel) for group, held in self.groups.items()]
        if self._probe_channel is not None:
            memberships.insert(0, (self._probe_group, self._probe_channel))
        try:
            for group, channel in memberships:
                await self.layer.group_add(group, channel)
        except Exception as error:
            logger.warning("dlwidget: could not re-join the channel layer's groups (%s)", error)
            return False
        return True

    def rejoin_every(self) -> float:
        if self.rejoin_interval is not None:
            return self.rejoin_interval
        expiry = getattr(self.layer, "group_expiry", DEFAULT_GROUP_EXPIRY)
        return max(MIN_REJOIN_INTERVAL, float(expiry) / 2)

    def _watch(self) -> None:
        if self._watcher is None or self._watcher.done():
            self._watcher = asyncio.create_task(self._watch_memberships())

    def _stop_watching(self) -> None:
        for task in (self._watcher, self._recovery):
            if task is not None and task is not asyncio.current_task():
                task.cancel()
        self._watcher = self._recovery = None

    async def _watch_memberships(self) -> None:
        """Probe every ``PROBE_EVERY`` seconds and re-join at the re-join interval."""
        loop = asyncio.get_running_loop()
        rejoin_at = loop.time() + self.rejoin_every()
        while True:
            await asyncio.sleep(min(PROBE_EVERY, self.rejoin_every()))
            if not await self._probe():
                logger.warning("dlwidget: the channel layer lost a probe; re-joining its groups")
                self.recover()
                rejoin_at = loop.time() + self.rejoin_every()
            elif loop.time() >= rejoin_at:
                await self._rejoin()
                rejoin_at = loop.time() + self.rejoin_every()

    async def _ensure_probe(self) -> str:
        """The probe's channel, in the probe's group."""
        if self._probe_channel is None:
            channel = await self.layer.new_channel()
            await self.layer.group_add(self._probe_group, channel)
            self._probe_channel = channel
        return self._probe_channel

    async def _probe(self) -> bool:
        """Send a probe to the hub's own group: True once it came back."""
        if self._recovery is not None and not self._recovery.done():
            return True  # a recovery runs: it ends with a re-sync anyway
        try:
            channel = await self._ensure_probe()
            token = uuid.uuid4().hex
            await asyncio.wait_for(
                self.layer.group_send(
                    self._probe_group, {"type": "dlwidget.probe", "token": token}
                ),
                PROBE_TIMEOUT,
            )
            async with asyncio.timeout(PROBE_TIMEOUT):
                while True:
                    message = await self.layer.receive(channel)
                    if message.get("token") == token:
                        return True
        except (Exception, TimeoutError):
            return False
