"""Response bodies read from a file in fixed-size blocks, never whole.

Under ASGI, Django turns a response with a *synchronous* iterator into a list before sending
it (``StreamingHttpResponse.__aiter__``): the whole file would sit in memory. So an ASGI request
gets ``AsyncFileStream``, whose reads run in a worker thread (a storage may be remote, and the
event loop must never wait on a disk), and a WSGI request gets ``SyncFileStream``.

Both take ownership of the file and close it in ``close()``, which Django calls when the
response is finished or abandoned (``StreamingHttpResponse`` registers the body's ``close``).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import IO, Final

BLOCK_SIZE: Final = 256 * 1024
"""Bytes read per step: large enough that a thread hop per block costs nothing measurable,
small enough to keep a slow client's server-side footprint tiny."""


class _FileStream:
    def __init__(self, file: IO[bytes], *, start: int, length: int, block_size: int) -> None:
        if start:
            _skip_to(file, start, block_size)
        self._file = file
        self._remaining = length
        self.block_size = block_size

    def _next_size(self) -> int:
        return min(self.block_size, self._remaining)

    def _took(self, data: bytes) -> bool:
        """Account for a block; False once the range is sent or the file ended early."""
        if not data:
            # The file shrank under us: stop, and let the server see a short body.
            self._remaining = 0
            return False
        self._remaining -= len(data)
        return True

    def close(self) -> None:
        self._remaining = 0
        self._file.close()


class SyncFileStream(_FileStream):
    """A plain iterator of blocks, for WSGI."""

    def __iter__(self) -> Iterator[bytes]:
        while self._remaining > 0:
            data = self._file.read(self._next_size())
            if not self._took(data):
                return
            yield data


class AsyncFileStream(_FileStream):
    """An asynchronous iterator of blocks, for ASGI. Deliberately has no ``__iter__``: Django
    decides between its sync and async paths by trying ``iter()`` first."""

    async def __aiter__(self) -> AsyncIterator[bytes]:
        loop = asyncio.get_running_loop()
        while self._remaining > 0:
            data = await loop.run_in_executor(None, self._file.read, self._next_size())
            if not self._took(data):
                return
            yield data


def _skip_to(file: IO[bytes], offset: int, block_size: int) -> None:
    try:
        file.seek(offset)
    except (AttributeError, OSError, ValueError):
        # Not seekable (some remote storages): read and drop, still in blocks.
        remaining = offset
        while remaining > 0:
            skipped = len(file.read(min(block_size, remaining)))
            if not skipped:
                return
            remaining -= skipped
