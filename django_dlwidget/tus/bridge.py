"""A body stream fed by the event loop and read, in blocks, by the view's worker thread.

The ASGI wrapper pushes each ``http.request`` message in as it arrives; the view reads it
through the same ``read(size)`` it uses under WSGI. At most ``high_water`` bytes wait in
between: past that the wrapper stops receiving, so uvicorn stops reading the socket and TCP
slows the client down. Memory stays flat whatever the body size.
"""

from __future__ import annotations

import asyncio
import collections
import threading
from typing import Final

HIGH_WATER: Final = 4 * 1024 * 1024
LOW_WATER: Final = 3 * 1024 * 1024  # resume while the reader still has blocks to write
IDLE_TIMEOUT: Final = 60.0  # seconds without a byte before a stalled body counts as cut


class BodyBridge:
    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        *,
        high_water: int = HIGH_WATER,
        idle_timeout: float = IDLE_TIMEOUT,
    ) -> None:
        self._loop = loop
        self._high, self._low = high_water, min(LOW_WATER, high_water * 3 // 4)
        self._idle_timeout = idle_timeout
        self._chunks: collections.deque[bytes] = collections.deque()
        self._buffered = 0
        self._ended = False
        self.aborted = False
        self._cond = threading.Condition()
        self._room = asyncio.Event()
        self._room.set()
        self._paused = False
        self._want = 1  # bytes the reader waits for: wake it once per block, not per message

    # Event-loop side.

    async def feed(self, data: bytes) -> None:
        await self._room.wait()
        with self._cond:
            if self._ended:
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

    # Worker-thread side.

    def read(self, size: int, /) -> bytes:
        """Up to ``size`` bytes; ``b""`` at the end of the body (check :attr:`aborted`)."""
        with self._cond:
            # Wait for a whole block (the high-water mark permitting): fewer, larger writes.
            self._want = max(1, min(size, self._high))
            while self._buffered < self._want and not self._ended:
                before = self._buffered
                if not self._cond.wait(self._idle_timeout) and self._buffered == before:
                    self._ended = self.aborted = True
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
            if self._paused and self._buffered < self._low:
                self._paused = False
                self._loop.call_soon_threadsafe(self._room.set)
        return out[0] if len(out) == 1 else b"".join(out)
