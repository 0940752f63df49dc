"""What is served: a file in a storage (offloadable), an open file of known size (streamed by
Django, with Range), or content of unknown size (an iterator, or a file that cannot tell its
size: streamed whole, without Range)."""

from __future__ import annotations

import io
import os
import stat
from collections.abc import AsyncIterable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, TypeAlias, cast

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db.models.fields.files import FieldFile

from ..http import strong_etag
from .paths import open_confined


@dataclass(frozen=True)
class StoredFile:
    """A file by its name in a storage; what ``FileDownloadView.get_file`` may return for a
    storage path that no model field holds."""

    storage: Storage
    name: str


Content: TypeAlias = (
    "File[Any] | StoredFile | str | os.PathLike[str] | bytes | IO[bytes] | IO[str]"
    " | Iterable[bytes] | AsyncIterable[bytes]"
)
"""Everything ``serve_file`` serves."""


@dataclass
class Source:
    """A file of known size to serve, with what the headers need: its size and, when known, its
    mtime (read by ``stat()`` for a stored file, which offloaded responses never need)."""

    stored: StoredFile | None = None
    file: File[Any] | None = None
    display_name: str = ""
    size: int = 0
    modified: datetime | None = None

    def stat(self) -> None:
        """Read size and mtime. Raises ``OSError`` (``FileNotFoundError``) for a missing file."""
        if self.stored is not None:
            self.size = self.stored.storage.size(self.stored.name)
            self.modified = _storage_mtime(self.stored)
        elif self.file is not None:
            self.modified = _file_mtime(self.file)

    def open(self) -> IO[bytes]:
        """A binary file object positioned at 0; the caller closes it."""
        if self.stored is not None:
            opened: File[Any] = self.stored.storage.open(self.stored.name, "rb")
            return opened
        assert self.file is not None
        if self.file.closed:
            self.file.open("rb")
        self.file.seek(0)
        return self.file

    def close(self) -> None:
        """Close a caller's ``File`` that is not going to be streamed after all."""
        if self.file is not None:
            self.file.close()

    def etag(self) -> str | None:
        """A strong, quoted ETag from the name, size and mtime; None without an mtime, since
        name and size alone do not identify the bytes."""
        if self.modified is None:
            return None
        return strong_etag(self.display_name, self.size, self.modified.timestamp())


@dataclass
class Unsized:
    """Content whose size nobody knows before the last byte: an iterator (sync or async) of
    bytes, or a file read from where it stands until it ends."""

    content: File[Any] | Iterable[bytes] | AsyncIterable[bytes]
    display_name: str = ""

    def close(self) -> None:
        """Close what will not be streamed after all (a generator runs its ``finally``)."""
        close = getattr(self.content, "close", None)
        if callable(close):
            close()


def resolve(
    file: Content | None,
    storage: Storage | None,
    name: str | None,
    root: str | os.PathLike[str] | None = None,
) -> Source | Unsized:
    """Normalize the ways ``serve_file`` accepts content. Raises ``FileNotFoundError`` for a
    missing file (or a path outside ``root``), ``TypeError`` for what it cannot serve."""
    if file is None:
        if storage is None or not name:
            raise TypeError("serve_file() needs a file, or both storage= and name=.")
        file = StoredFile(storage, name)
    if isinstance(file, str | os.PathLike):
        file = open_confined(file, root)
    elif root is not None:
        raise TypeError("serve_file(root=...) applies only to a path.")
    if isinstance(file, FieldFile):
        if not file.name:
            raise FileNotFoundError("The field has no file.")
        file = StoredFile(file.storage, file.name)
    if isinstance(file, StoredFile):
        return Source(stored=file, display_name=file.name)
    if isinstance(file, bytes | bytearray | memoryview):
        file = ContentFile(bytes(file))
    if not isinstance(file, File) and callable(getattr(file, "read", None)):
        file = File(cast("IO[bytes]", file))
    if isinstance(file, File):
        shown = file.name if isinstance(file.name, str) else ""  # a pipe's name is its fd
        size = known_size(file)
        if size is None:
            return Unsized(file, display_name=shown)
        return Source(file=file, display_name=shown, size=size)
    if isinstance(file, Iterable | AsyncIterable):
        return Unsized(cast("Iterable[bytes] | AsyncIterable[bytes]", file))
    raise TypeError(
        f"serve_file() cannot serve {type(file).__name__}: give a File, a path, a StoredFile, "
        f"bytes, a binary file object or an iterator of bytes."
    )


def known_size(file: File[Any]) -> int | None:
    """The size of what reading ``file`` from the start gives, or None when only reading to the
    end can tell: a pipe, a socket, a text stream (its positions are not byte counts), or a
    ``BytesIO`` subclass whose own ``read`` generates the bytes (its buffer stays empty)."""
    raw: Any = file.file
    while isinstance(raw, File):
        raw = raw.file
    if isinstance(raw, io.TextIOBase):
        return None
    try:
        seekable = raw.seekable() if hasattr(raw, "seekable") else hasattr(raw, "tell")
        if not seekable:
            return None
        position = raw.tell()
        raw.seek(0, os.SEEK_END)
        end = raw.tell()
        raw.seek(position)
    except (AttributeError, OSError, TypeError, ValueError):
        return None
    if not isinstance(end, int) or (end == 0 and _generates(raw)):
        return None
    return end


def _generates(raw: object) -> bool:
    """A ``BytesIO`` with its own ``read`` and nothing in its buffer generates what it reads."""
    return isinstance(raw, io.BytesIO) and type(raw).read is not io.BytesIO.read


def _file_mtime(file: File[Any]) -> datetime | None:
    """The mtime of a file on disk, by descriptor (a file opened by ``open_confined``) or path."""
    try:
        status = os.fstat(file.fileno())
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        path = getattr(file.file, "name", None)
        if not (isinstance(path, str) and Path(path).is_file()):
            return None
        status = Path(path).stat()
    if not stat.S_ISREG(status.st_mode):
        return None
    return datetime.fromtimestamp(status.st_mtime, tz=UTC)


def _storage_mtime(stored: StoredFile) -> datetime | None:
    try:
        modified = stored.storage.get_modified_time(stored.name)
    except (NotImplementedError, OSError, AttributeError):
        return None
    return modified if modified.tzinfo else modified.replace(tzinfo=UTC)
