"""What is served: a file in a storage (offloadable) or an open ``File`` (streamed by Django)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from django.core.files import File
from django.core.files.storage import Storage
from django.db.models.fields.files import FieldFile

from ..http import strong_etag


@dataclass(frozen=True)
class StoredFile:
    """A file by its name in a storage; what ``FileDownloadView.get_file`` may return for a
    storage path that no model field holds."""

    storage: Storage
    name: str


@dataclass
class Source:
    """A file to serve, with what the headers need: its size and, when known, its mtime
    (both read by ``stat()``, which offloaded responses never need)."""

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
            self.size = int(self.file.size)
            path = getattr(self.file.file, "name", None)
            if isinstance(path, str) and Path(path).is_file():
                self.modified = datetime.fromtimestamp(Path(path).stat().st_mtime, tz=UTC)

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


def resolve(
    file: File[Any] | StoredFile | None, storage: Storage | None, name: str | None
) -> Source:
    """Normalize the ways ``serve_file`` accepts a file."""
    if file is None:
        if storage is None or not name:
            raise TypeError("serve_file() needs a file, or both storage= and name=.")
        file = StoredFile(storage, name)
    if isinstance(file, FieldFile):
        if not file.name:
            raise FileNotFoundError("The field has no file.")
        file = StoredFile(file.storage, file.name)
    if isinstance(file, StoredFile):
        return Source(stored=file, display_name=file.name)
    return Source(file=file, display_name=str(file.name or ""))


def _storage_mtime(stored: StoredFile) -> datetime | None:
    try:
        modified = stored.storage.get_modified_time(stored.name)
    except (NotImplementedError, OSError, AttributeError):
        return None
    return modified if modified.tzinfo else modified.replace(tzinfo=UTC)
