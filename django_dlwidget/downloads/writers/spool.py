"""What every writer shares: the spooled temporary file, the cancel-check cadence, blocks.

A writer never holds its output in memory: it writes into a spooled temporary file (in memory up
to ``SPOOL_MAX_SIZE``, then on disk), or yields chunks of about ``CHUNK_SIZE`` bytes that the
caller writes on. ``Cadence`` runs a job's cancel check every ``seconds`` while rows or chunks go
by, looking at the clock only every ``every`` items, so a tight loop pays for a counter.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from typing import IO

# Rows stay in memory up to this size, then the file rolls over to disk.
SPOOL_MAX_SIZE = 1024 * 1024
CHECK_EVERY_ROWS = 1000
CHECK_SECONDS = 2.0
# Pieces (encoded lines) are joined into chunks of about this size before they are written on.
CHUNK_SIZE = 64 * 1024
# Bytes read from a file per step.
BLOCK_SIZE = 256 * 1024

Check = Callable[[], None]


class Cadence:
    """Calls ``check`` (which raises to stop the job) at most every ``seconds``."""

    def __init__(
        self, check: Check | None, seconds: float | None = None, every: int = CHECK_EVERY_ROWS
    ) -> None:
        self.check = check
        self.seconds = CHECK_SECONDS if seconds is None else seconds
        self.every = every
        self._count = 0
        self._last = time.monotonic()

    def tick(self) -> None:
        if self.check is None:
            return
        self._count += 1
        if self._count % self.every:
            return
        now = time.monotonic()
        if now - self._last >= self.seconds:
            self._last = now
            self.check()


def new_spool() -> IO[bytes]:
    # Looked up on the module at call time, so a test can watch the files being made.
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX_SIZE)


def spool_chunks(chunks: Iterable[bytes], cadence: Cadence | None = None) -> IO[bytes]:
    """Write ``chunks`` into a new spooled file, returned at position 0 (the caller closes it).
    Nothing is left behind when ``chunks`` raises."""
    spool = new_spool()
    try:
        for chunk in chunks:
            spool.write(chunk)
            if cadence is not None:
                cadence.tick()
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool


def batched(pieces: Iterable[bytes], size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """Join small pieces (a row's line) into chunks of about ``size`` bytes."""
    buffer: list[bytes] = []
    held = 0
    for piece in pieces:
        buffer.append(piece)
        held += len(piece)
        if held >= size:
            yield b"".join(buffer)
            buffer.clear()
            held = 0
    if buffer:
        yield b"".join(buffer)


def file_blocks(file: IO[bytes], *, close: bool = True) -> Iterator[bytes]:
    """The rest of ``file`` in ``BLOCK_SIZE`` blocks; closed at the end (or when abandoned)."""
    try:
        while block := file.read(BLOCK_SIZE):
            if not isinstance(block, bytes | bytearray | memoryview):
                raise TypeError("A file given as content must be opened in binary mode.")
            yield bytes(block)
    finally:
        if close:
            file.close()
