"""``StorageStore``: partial bytes on any Django storage (a ``STORAGES`` alias, or an entry).

For projects whose servers share a storage but no filesystem, and whose storage is not S3 (or
who want their uploads' bytes where their other files are). An upload is the folder
``<location>/<upload id hex>/``: an empty ``upload`` object made at creation, then one chunk
object per accepted body (:mod:`.storagechunks`). Nothing local matters for correctness: the
database lease is the only lock. Terminating or expiring an upload deletes its folder; a
finished upload is claimed with a long lease and streamed, chunk after chunk, into the model
field's storage.
"""

from __future__ import annotations

import contextlib
import io
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.core.files.storage import InvalidStorageError, storages
from django.core.files.storage.handler import StorageHandler

from .base import Claim, PartialData, UploadStore
from .leaseclaim import lease_claim
from .storagechunks import (
    BLOCK,
    MARKER,
    Chunk,
    ChunkData,
    ChunkReader,
    listing,
    read_range,
    stored_run,
)

if TYPE_CHECKING:
    from django.core.files.storage import Storage


def _storage(storage: str | Mapping[str, Any]) -> Storage | None:
    """The storage of an entry (built once), or None for an alias (looked up on each use, so
    that it follows ``STORAGES``); ValueError for neither."""
    if isinstance(storage, str):
        try:
            storages[storage]
        except InvalidStorageError:
            raise ValueError(f"StorageStore's storage {storage!r} is not in STORAGES") from None
        return None
    if isinstance(storage, Mapping) and "BACKEND" in storage:
        return StorageHandler().create_storage(dict(storage))
    raise ValueError("StorageStore's storage is a STORAGES alias or a {'BACKEND': ...} entry")


class StorageStore(UploadStore):
    """OPTIONS: ``storage`` (a ``STORAGES`` alias, or a ``{"BACKEND", "OPTIONS"}`` entry;
    default ``"default"``), ``location`` (the folder in it, default ``"dlwidget/uploads"``),
    ``chunk_size`` (bytes a PATCH from the widget carries; default: the whole file)."""

    locks = False

    def __init__(
        self,
        *,
        storage: str | Mapping[str, Any] = "default",
        location: str = "dlwidget/uploads",
        chunk_size: int | None = None,
    ) -> None:
        if chunk_size is not None and (
            not isinstance(chunk_size, int) or isinstance(chunk_size, bool) or chunk_size <= 0
        ):
            raise ValueError("StorageStore's chunk_size must be a positive number of bytes")
        self._alias = storage if isinstance(storage, str) else ""
        self._storage = _storage(storage)
        self._location = str(location).strip("/")
        self._chunk_size = chunk_size

    def unavailable(self, error: Exception) -> bool:
        # A remote storage's connection failing or timing out: the client retries (503).
        return isinstance(error, ConnectionError | TimeoutError)

    @property
    def storage(self) -> Storage:
        return self._storage if self._storage is not None else storages[self._alias]

    @property
    def location(self) -> str:
        return self._location

    @property
    def chunk_size(self) -> int | None:
        return self._chunk_size

    def folder(self, upload_id: uuid.UUID) -> str:
        return f"{self.location}/{upload_id.hex}" if self.location else upload_id.hex

    def create(self, upload_id: uuid.UUID, *, empty: bool = False) -> None:
        name = f"{self.folder(upload_id)}/{MARKER}"
        if not self.storage.exists(name):
            self.storage.save(name, ContentFile(b""))

    def open(self, upload_id: uuid.UUID, *, create: bool = True) -> PartialData:
        try:
            return ChunkData(self.storage, self.folder(upload_id))
        except FileNotFoundError:
            if not create:
                raise
        self.create(upload_id)
        return ChunkData(self.storage, self.folder(upload_id))

    def remove(self, upload_id: uuid.UUID) -> None:
        self._delete_folder(upload_id)

    def _delete_folder(self, upload_id: uuid.UUID) -> int:
        """Delete the upload's objects; how many there were."""
        folder = self.folder(upload_id)
        try:
            files = self.storage.listdir(folder)[1]
        except FileNotFoundError:
            return 0
        # The marker last: until it is gone, a half-removed upload is still this upload.
        for name in sorted(files, key=lambda name: name == MARKER):
            with contextlib.suppress(FileNotFoundError):
                self.storage.delete(f"{folder}/{name}")
        with contextlib.suppress(NotImplementedError, OSError):
            # A local storage keeps the empty folder: remove it too (others have no folders).
            Path(self.storage.path(folder)).rmdir()
        return len(files)

    def concatenate(self, sources: Sequence[uuid.UUID], target: PartialData) -> int:
        appender = target.appender(target.size())
        for source in sources:
            with self.stream(source) as stream:
                while block := stream.read(BLOCK):
                    appender.write(block)
        appender.finish(complete=True)
        return target.size()

    def remove_orphans(self, known: Callable[[uuid.UUID], bool], older_than: float) -> int:
        try:
            folders = self.storage.listdir(self.location)[0]
        except FileNotFoundError:
            return 0
        removed = 0
        for name in folders:
            try:
                upload_id = uuid.UUID(hex=name)
            except ValueError:
                continue
            if known(upload_id) or not self._idle_since(upload_id, older_than):
                continue
            if self._delete_folder(upload_id):
                removed += 1  # (an empty folder a storage keeps is no orphan upload)
        return removed

    def _idle_since(self, upload_id: uuid.UUID, older_than: float) -> bool:
        folder = self.folder(upload_id)
        try:
            for name in self.storage.listdir(folder)[1]:
                if self.storage.get_modified_time(f"{folder}/{name}").timestamp() >= older_than:
                    return False
        except (NotImplementedError, FileNotFoundError):
            return False  # a storage that cannot tell: kept (the row's expiry removes it)
        return True

    def finished_size(self, upload_id: uuid.UUID) -> int | None:
        try:
            chunks = listing(self.storage, self.folder(upload_id))[0]
        except FileNotFoundError:
            return None
        run = stored_run(self.storage, chunks)
        return run[-1].end if run else 0

    def _run(self, upload_id: uuid.UUID) -> list[Chunk]:
        return stored_run(self.storage, listing(self.storage, self.folder(upload_id))[0])

    def read(self, upload_id: uuid.UUID, start: int, length: int) -> bytes:
        return read_range(self.storage, self._run(upload_id), start, length)

    def stream(self, upload_id: uuid.UUID) -> IO[bytes]:
        return io.BufferedReader(ChunkReader(self.storage, self._run(upload_id)), BLOCK)

    def claim(self, upload_id: uuid.UUID, size: int) -> contextlib.AbstractContextManager[Claim]:
        # The lease is the lock here; a claim holds it as long as an unclaimed upload is kept.
        return lease_claim(self, upload_id, size, lambda: _StorageClaim(self, upload_id))


class _StorageClaim(Claim):
    def __init__(self, store: StorageStore, upload_id: uuid.UUID) -> None:
        self.store, self.upload_id = store, upload_id

    def open(self) -> IO[bytes]:
        return self.store.stream(self.upload_id)
