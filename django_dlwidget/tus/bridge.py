"""A request body fed by the event loop, for the view running in its worker thread.

The ASGI wrapper pushes each ``http.request`` message in as it arrives. At most ``high_water``
bytes wait here: past that the wrapper stops receiving, so uvicorn stops reading the socket and
TCP slows the client down. The view then either reads blocks with ``read(size)`` (as under
WSGI), or, once it holds the upload's lock and has checked everything, calls
:meth:`BodyBridge.pour`: from then on the event loop writes each message into the view's
:class:`Sink` as it arrives (a ``pwrite`` into the page cache, as Django's own handler spools a
body on the event loop), while the view's thread waits for the end and renews its lease every
few seconds. The bytes are written where they were just received, with no hand-off between
threads per message (measured: about twice the rate of a worker thread writing them, with a
client that sends a 1 GiB body in 64 KiB writes). Memory stays flat whatever the body size. Once
a body has kept the worker waiting for ``HOLD`` seconds, it gives back its database connection
(``on_wait``) before each further wait: a body that arrives at once (a PATCH of a few MiB over a
fast link) keeps it, so that its last UPDATE needs no new connection, and a slow one holds it a
moment only. A body that stalls for ``idle_timeout`` or averages under ``min_rate`` bytes a
second (once it has run ``idle_timeout``) is ended as cut: :attr:`BodyBridge.cut` says why.
"""

from __future__ import annotations

import asyncio
import collections
import threading
import time
from collections.abc import Callable
from typing import Final, Protocol

HIGH_WATER: Final = 4 * 1024 * 1024
LOW_WATER: Final = 3 * 1024 * 1024  # resume while the reader still has blocks to write
IDLE_TIMEOUT: Final = 60.0  # seconds without a byte before a stalled body counts as cut
HOLD: Final = 0.25  # seconds a pouring worker keeps its connection (idle_timeout / 4 at most)
IDLE: Final = "idle"
SLOW: Final = "slow"


def _nothing() -> None:
    pass


class Sink(Protocol):
    """Where :meth:`BodyBridge.pour` puts the body; ``write`` may raise to stop it. It is
    called from the event loop's thread (and, for what came before, from the pouring one), one
    call at a time."""

    def write(self, data: bytes, /) -> None: ...


class BodyBridge:
    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        *,
        high_water: int = HIGH_WATER,
        idle_timeout: float = IDLE_TIMEOUT,
        min_rate: int = 0,
        on_wait: Callable[[], None] = _nothing,
    ) -> None:
        self._loop = loop
        self._high, self._low = high_water, min(LOW_WATER, high_water * 3 // 4)
        self._idle_timeout = idle_timeout
        self._hold = min(HOLD, idle_timeout / 4)
        self._min_rate = min_rate
        self._on_wait = on_wait
        self._started = time.monotonic()
        self._received = 0
        self.cut: str | None = None  # IDLE or SLOW when this side ended the body
        self._chunks: collections.deque[bytes] = collections.deque()
        self._buffered = 0
        self._ended = False
        self.aborted = False
        self._cond = threading.Condition()
        self._room = asyncio.Event()
        self._room.set()
        self._paused = False
        self._want = 1  # bytes the reader waits for: wake it once per block, not per message
        self._poured = 0
        self._sink: Sink | None = None  # set while pouring: the event loop writes into it
        self._failure: Exception | None = None

    # Event-loop side.

    async def feed(self, data: bytes) -> None:
        await self._room.wait()
        with self._cond:
            if self._ended:
                return
            self._received += len(data)
            if self._sink is not None:
                self._write_locked(data)
                return
            self._chunks.append(data)
            self._buffered += len(data)
            if self._buffered >= self._high:
                self._paused = True
                self._room.clear()
            if self._buffered >= self._want:
                self._cond.notify()

    def end(self, *, aborted: bool = False) -> None:
        """No more body: complete, or (``aborted``) the client went away."""
        with self._cond:
            self._ended = True
            self.aborted = self.aborted or aborted
            self._cond.notify_all()

    def _write_locked(self, data: bytes) -> None:
        """Write a message into the pouring view's sink, here on the event loop; a failure ends
        the body, and the pouring thread raises it."""
        assert self._sink is not None
        try:
            self._sink.write(data)
        except Exception as exc:
            self._failure = exc
            self._sink = None
            self._ended = True
            self._cond.notify_all()
            return
        self._poured += len(data)

    # Either side, lock held.

    def _cut_locked(self, reason: str) -> None:
        self._ended = self.aborted = True
        self.cut = reason
        self._cond.notify_all()

    def _too_slow_locked(self, now: float) -> bool:
        elapsed = now - self._started
        if not self._min_rate or elapsed < self._idle_timeout:
            return False
        return self._received < self._min_rate * elapsed

    def _wake_feeder(self) -> None:
        if self._paused and self._buffered < self._low:
            self._paused = False
            self._loop.call_soon_threadsafe(self._room.set)

    # Worker-thread side.

    def read(self, size: int, /) -> bytes:
        """Up to ``size`` bytes; ``b""`` at the end of the body (check :attr:`aborted`)."""
        with self._cond:
            # Wait for a whole block (the high-water mark permitting): fewer, larger writes.
            self._want = max(1, min(size, self._high))
            waiting = self._buffered < self._want and not self._ended
        if waiting:
            self._on_wait()  # outside the lock: the event loop keeps feeding meanwhile
        with self._cond:
            while self._buffered < self._want and not self._ended:
                before = self._buffered
                if not self._cond.wait(self._idle_timeout) and self._buffered == before:
                    self._cut_locked(IDLE)
                elif self._too_slow_locked(time.monotonic()):
                    self._cut_locked(SLOW)
            out: list[bytes] = []
            taken = 0
            while self._chunks and taken < size:
                chunk = self._chunks.popleft()
                if taken + len(chunk) > size:
                    keep = size - taken
                    self._chunks.appendleft(chunk[keep:])
                    chunk = chunk[:keep]
                out.append(chunk)
                taken += len(chunk)
            self._buffered -= taken
            self._wake_feeder()
        return out[0] if len(out) == 1 else b"".join(out)

    def pour(self, sink: Sink, *, tick: Callable[[int], None], every: float) -> int:
        """Store the rest of the body in ``sink``; return how many bytes it took.

        What is here already is written by this thread; from then on the event loop writes
        each message into ``sink`` as it arrives (under the bridge's lock, so in order), while
        this thread waits for the end. Meanwhile ``tick(poured)`` runs in this thread every
        ``every`` seconds (to renew a lease), and a body that stalls or trickles is cut. If
        ``tick`` raises, pouring stops and the exception propagates, as does one raised by
        ``sink.write`` (in either thread); the rest of the body is then dropped. Once this
        returns, ``sink`` is never called again. Check :attr:`aborted` afterwards.
        """
        try:
            with self._cond:
                for chunk in self._chunks:  # the event loop waits meanwhile: order is kept
                    sink.write(chunk)
                    self._poured += len(chunk)
                self._chunks.clear()
                self._buffered = 0
                if not self._ended:
                    self._sink = sink
                self._wake_feeder()
            self._wait(tick, every)
        finally:
            with self._cond:
                self._sink = None
                self._ended = True  # whatever comes now is dropped
                self._chunks.clear()
                self._buffered = 0
                self._wake_feeder()
                failure, self._failure = self._failure, None
        if failure is not None:
            raise failure
        return self._poured

    def _wait(self, tick: Callable[[int], None], every: float) -> None:
        """Wait for the end of a poured body: renew, and cut a stalled or trickling one."""
        wait = min(every, self._idle_timeout)
        seen, last_progress = -1, time.monotonic()
        last_tick, hold_until = last_progress, last_progress + self._hold
        while True:
            now = time.monotonic()
            if now >= hold_until:  # a body in by now keeps the connection for the end
                self._on_wait()  # e.g. give back the connection a tick may have opened
            with self._cond:
                if not self._ended:
                    self._cond.wait(wait if now >= hold_until else min(wait, hold_until - now))
                    now = time.monotonic()
                    if self._received != seen:
                        seen, last_progress = self._received, now
                    elif now - last_progress >= self._idle_timeout:
                        self._cut_locked(IDLE)
                    if not self._ended and self._too_slow_locked(now):
                        self._cut_locked(SLOW)
                if self._ended:
                    return
            if now - last_tick >= every:
                tick(self._poured)  # outside the lock: the event loop keeps writing meanwhile
                last_tick = now
