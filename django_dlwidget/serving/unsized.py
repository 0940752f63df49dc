"""Response bodies of unknown size: iterators, generators and files that cannot tell their size,
re-cut into blocks of about ``block_size`` bytes and never held whole.

Small chunks (a CSV row each) are gathered into one block, so the server sends few large
messages and, under ASGI, each block costs one thread hop rather than one per chunk. Under ASGI a
synchronous source is pulled in Django's thread for this request (``thread_sensitive``, as Django
itself does): a generator that reads the database keeps its connection. An asynchronous source
is iterated on the event loop under ASGI, and on an event loop of its own under WSGI, one block
at a time (Django would collect it into a list).

``str`` chunks are encoded as UTF-8; anything else but bytes-like chunks raises ``TypeError``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterable, AsyncIterator, Iterable, Iterator
from typing import Any, Protocol

from asgiref.sync import sync_to_async
from django.core.files import File

_END: Any = object()


class Puller(Protocol):
    def next_block(self) -> bytes:
        """The next block; b"" once the content has ended."""

    def close(self) -> None: ...


class ReaderPuller:
    """Blocks read from a file object, from where it stands to its end."""

    def __init__(self, reader: File[Any], block_size: int) -> None:
        self._reader, self._block_size = reader, block_size

    def next_block(self) -> bytes:
        return as_bytes(self._reader.read(self._block_size))

    def close(self) -> None:
        self._reader.close()


class IteratorPuller:
    """Blocks gathered from the chunks of a synchronous iterator."""

    def __init__(self, chunks: Iterable[bytes], block_size: int) -> None:
        self._source = chunks
        self._chunks = iter(chunks)
        self._block_size = block_size

    def next_block(self) -> bytes:
        parts: list[bytes] = []
        size = 0
        while size < self._block_size:
            chunk = next(self._chunks, _END)
            if chunk is _END:
                break
            data = as_bytes(chunk)
            parts.append(data)
            size += len(data)
        return b"".join(parts)

    def close(self) -> None:
        for thing in (self._chunks, self._source):
            close = getattr(thing, "close", None)
            if callable(close):
                close()


class AsyncIteratorPuller:
    """Blocks of an asynchronous iterator, for a synchronous server: one private event loop
    runs the iterator for the whole response, a block per call."""

    def __init__(self, chunks: AsyncIterable[bytes], block_size: int) -> None:
        self._blocks = gather_blocks(chunks, block_size)
        self._loop: asyncio.AbstractEventLoop | None = None

    def next_block(self) -> bytes:
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
        try:
            return self._loop.run_until_complete(anext(self._blocks))
        except StopAsyncIteration:
            return b""

    def close(self) -> None:
        loop = self._loop or asyncio.new_event_loop()
        try:
            loop.run_until_complete(self._blocks.aclose())
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            self._loop = None
            loop.close()


async def gather_blocks(chunks: AsyncIterable[bytes], block_size: int) -> AsyncGenerator[bytes]:
    """The chunks of an asynchronous iterator gathered into blocks; closes the iterator."""
    iterator = aiter(chunks)
    parts: list[bytes] = []
    size = 0
    try:
        async for chunk in iterator:
            data = as_bytes(chunk)
            parts.append(data)
            size += len(data)
            if size >= block_size:
                yield b"".join(parts)
                parts, size = [], 0
        if size:
            yield b"".join(parts)
    finally:
        aclose = getattr(iterator, "aclose", None)
        if aclose is not None:
            await aclose()


class SyncBlockStream:
    """A plain iterator of blocks, for WSGI. Django calls ``close()`` when the response ends."""

    def __init__(self, puller: Puller) -> None:
        self._puller = puller

    def __iter__(self) -> Iterator[bytes]:
        while block := self._puller.next_block():
            yield block

    def close(self) -> None:
        self._puller.close()


class ThreadedBlockStream:
    """An asynchronous iterator of blocks pulled from a synchronous source in the request's
    thread, for ASGI. Deliberately has no ``__iter__`` (Django tries ``iter()`` first)."""

    def __init__(self, puller: Puller) -> None:
        self._puller = puller

    async def __aiter__(self) -> AsyncIterator[bytes]:
        pull = sync_to_async(self._puller.next_block, thread_sensitive=True)
        while block := await pull():
            yield block

    def close(self) -> None:
        # Django runs this through sync_to_async in the same thread: never while a pull runs.
        self._puller.close()


class AsyncBlockStream:
    """An asynchronous source gathered into blocks on the server's event loop, for ASGI."""

    def __init__(self, chunks: AsyncIterable[bytes], block_size: int) -> None:
        self._chunks, self._block_size = chunks, block_size

    def __aiter__(self) -> AsyncIterator[bytes]:
        return gather_blocks(self._chunks, self._block_size)


def block_stream(
    content: File[Any] | Iterable[bytes] | AsyncIterable[bytes], block_size: int, use_async: bool
) -> SyncBlockStream | ThreadedBlockStream | AsyncBlockStream:
    """The response body for ``content``: asynchronous when ``use_async``, else synchronous."""
    if isinstance(content, File):
        puller: Puller = ReaderPuller(content, block_size)
    elif isinstance(content, Iterable):
        puller = IteratorPuller(content, block_size)
    elif use_async:
        return AsyncBlockStream(content, block_size)
    else:
        puller = AsyncIteratorPuller(content, block_size)
    return ThreadedBlockStream(puller) if use_async else SyncBlockStream(puller)


def as_bytes(chunk: object) -> bytes:
    if isinstance(chunk, bytes):
        return chunk
    if isinstance(chunk, bytearray | memoryview):
        return bytes(chunk)
    if isinstance(chunk, str):
        return chunk.encode("utf-8")
    raise TypeError(f"A response body yields bytes, not {type(chunk).__name__}.")
