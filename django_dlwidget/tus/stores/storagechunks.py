"""One upload's bytes on a Django storage: a folder of chunk objects, one per accepted body.

A generic storage can neither append to a file nor rename one, so every PATCH (or every
``MAX_CHUNK`` bytes of a long one) is saved as an object of its own, named by where it starts
and how long it is: ``<folder>/<start>-<length>.part``. What is stored is the run of chunks that
starts at 0 and follows on, each where the previous one ends; the offset is their sum. A chunk
is saved only once its bytes are all spooled, so a writer that dies mid-body leaves at most its
last chunk cut short (a storage that writes in place), which the length in its name gives away:
that chunk is not counted, and the next writer's reconciliation deletes it.
"""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Final

from django.core.files import File

from .base import Appender, PartialData

if TYPE_CHECKING:
    from django.core.files.storage import Storage

#: Bytes a chunk holds at most: a longer body is saved as several (the spool stays bounded).
MAX_CHUNK: Final = 64 * 1024 * 1024
BLOCK: Final = 1024 * 1024
MARKER: Final = "upload"
_CHUNK: Final = re.compile(r"(\d{20})-(\d{20})\.part")


def chunk_name(folder: str, start: int, length: int) -> str:
    return f"{folder}/{start:020d}-{length:020d}.part"


@dataclass(frozen=True)
class Chunk:
    name: str
    start: int
    length: int

    @property
    def end(self) -> int:
        return self.start + self.length


def listing(storage: Storage, folder: str) -> tuple[list[Chunk], list[str]]:
    """The folder's chunks (sorted by start) and its other files; FileNotFoundError when the
    upload is gone (its marker object is missing)."""
    try:
        files = storage.listdir(folder)[1]
    except FileNotFoundError:
        files = []
    if MARKER not in files:
        raise FileNotFoundError(f"{folder}/{MARKER}")
    chunks, others = [], []
    for name in files:
        match = _CHUNK.fullmatch(name)
        if match is None:
            others.append(name)
        else:
            chunks.append(Chunk(f"{folder}/{name}", int(match[1]), int(match[2])))
    return sorted(chunks, key=lambda c: (c.start, -c.length)), others


def stored_run(storage: Storage, chunks: list[Chunk]) -> list[Chunk]:
    """The chunks that make up the data: from 0, each starting where the last one ended, the
    last one only if it is whole."""
    run: list[Chunk] = []
    end = 0
    for chunk in chunks:
        if chunk.start == end and chunk.length:
            run.append(chunk)
            end = chunk.end
    if run and storage.size(run[-1].name) != run[-1].length:
        run.pop()  # cut short by a writer that died while saving it
    return run


class ChunkData(PartialData):
    """An upload's chunks, opened by a writer (the database lease is held: no OS lock)."""

    def __init__(self, storage: Storage, folder: str) -> None:
        self.storage, self.folder = storage, folder
        chunks = listing(storage, folder)[0]
        self.run = stored_run(storage, chunks)
        #: Chunks not part of the data (a dead writer's cut-short one): deleted before a write.
        self.strays = [chunk for chunk in chunks if chunk not in self.run]
        self._appender: ChunkAppender | None = None

    def size(self) -> int:
        return self.run[-1].end if self.run else 0

    def truncate(self, length: int) -> int:
        self._drop_appender()
        chunks, _others = listing(self.storage, self.folder)
        keep = [chunk for chunk in self.run if chunk.end <= length]
        straddling = next((c for c in self.run if c.start < length < c.end), None)
        if straddling is not None:
            with tempfile.TemporaryFile(prefix="dlwidget-chunk-") as spool:
                with self.storage.open(straddling.name, "rb") as source:
                    _copy(source, spool, length - straddling.start)
                keep.append(self.save(straddling.start, length - straddling.start, spool))
        kept = {chunk.name for chunk in keep}
        for chunk in chunks:  # past the cut, or strays (a dead writer's cut-short chunk)
            if chunk.name not in kept:
                self.storage.delete(chunk.name)
        self.run, self.strays = keep, []
        return self.size()

    def save(self, start: int, length: int, spool: IO[bytes]) -> Chunk:
        """Store ``length`` spooled bytes as the chunk from ``start`` (under exactly its name)."""
        name = chunk_name(self.folder, start, length)
        if self.storage.exists(name):
            self.storage.delete(name)  # a stray of a writer that died saving it
        spool.seek(0)
        saved = self.storage.save(name, File(spool, name=name))
        if saved != name:
            self.storage.delete(saved)
            raise OSError(f"the storage saved the chunk {name} as {saved}")
        return Chunk(name, start, length)

    def appender(self, start: int) -> Appender:
        assert start == self.size(), "appends start at the end"
        self._drop_appender()
        for chunk in self.strays:
            self.storage.delete(chunk.name)
        self.strays = []
        self._appender = ChunkAppender(self, start)
        return self._appender

    def close(self) -> None:
        self._drop_appender()

    def _drop_appender(self) -> None:
        if self._appender is not None:
            self._appender.spool.close()
            self._appender = None


class ChunkAppender(Appender):
    """Spools a body and saves it as a chunk when the body ends (or every ``MAX_CHUNK``)."""

    # Saving a chunk blocks on the storage: the view's thread reads the body instead.
    pourable = False

    def __init__(self, data: ChunkData, start: int) -> None:
        self.data, self.start = data, start
        self.spool = tempfile.TemporaryFile(prefix="dlwidget-chunk-")  # noqa: SIM115 (closed by ChunkData)
        self.filled = 0

    @property
    def durable(self) -> int:
        return self.start

    def write(self, data: bytes, /) -> None:
        view = memoryview(data)
        while view:
            take = min(len(view), MAX_CHUNK - self.filled)
            self.spool.write(view[:take])
            self.filled += take
            view = view[take:]
            if self.filled == MAX_CHUNK:
                self.flush()

    def flush(self) -> None:
        if not self.filled:
            return
        if self.guard is not None:
            self.guard()
        self.spool.flush()
        self.data.run.append(self.data.save(self.start, self.filled, self.spool))
        self.start += self.filled
        self.spool.seek(0)
        self.spool.truncate()
        self.filled = 0


class ChunkReader(io.RawIOBase):
    """The chunks of a run read as one stream, each opened in turn."""

    def __init__(self, storage: Storage, run: list[Chunk]) -> None:
        self.storage, self.chunks = storage, list(run)
        self.current: IO[bytes] | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while self.chunks or self.current is not None:
            if self.current is None:
                self.current = self.storage.open(self.chunks.pop(0).name, "rb")
            data = self.current.read(len(buffer))
            if data:
                buffer[: len(data)] = data
                return len(data)
            self.current.close()
            self.current = None
        return 0

    def close(self) -> None:
        if self.current is not None:
            with contextlib.suppress(Exception):
                self.current.close()
            self.current = None
        super().close()


def read_range(storage: Storage, run: list[Chunk], start: int, length: int) -> bytes:
    """Up to ``length`` bytes of the data from ``start``."""
    out = bytearray()
    for chunk in run:
        if chunk.end <= start or len(out) >= length:
            continue
        with storage.open(chunk.name, "rb") as source:
            offset = max(0, start + len(out) - chunk.start)
            source.seek(offset)
            out += source.read(min(length - len(out), chunk.length - offset))
    return bytes(out)


def _copy(source: IO[bytes], target: IO[bytes], length: int) -> None:
    while length > 0:
        block = source.read(min(BLOCK, length))
        if not block:
            break
        target.write(block)
        length -= len(block)
