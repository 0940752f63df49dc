"""The interface between the tus verbs and wherever an upload's partial bytes live.

A store holds each unfinished upload's bytes, hands a writer a :class:`PartialData` to append to,
and gives finished data to a form exactly once (:meth:`UploadStore.claim`). The verbs, the lease
(:mod:`..locking`) and the cleanup only ever talk to this interface; which store is used is
``DLWIDGET["UPLOAD_STORE"]`` (see :mod:`.config`).

Two kinds exist. A *locking* store (``locks = True``, the filesystem) takes an OS lock on open
that vanishes with its holder, so a dead writer is recognised at once. A remote store has no
such lock: the database lease is the only one, and a dead writer's lease must run out first.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import IO, TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from django.core.files.storage import Storage


class Locked(Exception):
    """Another writer holds the upload's OS lock (locking stores only)."""


class UploadUnavailable(Exception):
    """The finished upload was stored already, or is busy, or its data has gone."""


class Appender(ABC):
    """Appends a body to an upload from a given offset; see :meth:`PartialData.appender`."""

    #: May the ASGI wrapper's stream pour the body into this appender? The view's own thread
    #: then calls :meth:`write` a block at a time as the event loop queues them (renewing the
    #: lease between blocks), instead of reading the body block by block; the event loop never
    #: calls it, so a write may block (the wrapper stops reading the socket meanwhile).
    pourable: ClassVar[bool] = True
    #: Called by a remote store before it commits bytes (sends a part): raises unless the
    #: writer still holds its lease, so that a writer whose lease ran out stops there. It asks
    #: the database only when the lease could have run out (``RENEW_EVERY`` since it was last
    #: renewed), renewing it then.
    guard: Callable[[], None] | None = None

    @property
    @abstractmethod
    def durable(self) -> int:
        """The offset up to which written bytes are safely stored (and may be recorded)."""

    @abstractmethod
    def write(self, data: bytes, /) -> None:
        """Append ``data``; 507 (a ``TusError``) when the store is full."""

    @abstractmethod
    def flush(self) -> None:
        """Make everything written so far durable."""

    def finish(self, *, complete: bool) -> None:
        """Flush; with ``complete`` the upload's data is whole and may be sealed."""
        self.flush()


class PartialData(ABC):
    """One upload's bytes, opened by a writer (and, in a locking store, locked)."""

    #: True once the data is whole and can no longer change (a completed S3 object).
    sealed: bool = False

    @abstractmethod
    def size(self) -> int:
        """How many bytes are stored."""

    @abstractmethod
    def truncate(self, length: int) -> int:
        """Drop the bytes past ``length`` and return the size now (at most ``length``)."""

    @abstractmethod
    def appender(self, start: int) -> Appender:
        """A writer of the bytes from ``start`` (the current size) on."""

    @abstractmethod
    def close(self) -> None:
        """Release what :meth:`UploadStore.open` took."""

    def __enter__(self) -> PartialData:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Claim(ABC):
    """Finished data owned by one form save; see :meth:`UploadStore.claim`."""

    #: A local file holding the data, for storages that move files (else None).
    path: str | None = None

    @abstractmethod
    def open(self) -> IO[bytes]:
        """A new binary stream of the data from its start."""

    def copy_to(self, storage: Storage, name: str, max_length: int | None = None) -> str | None:
        """Copy the data into ``storage`` server-side as (an available variant of) ``name``;
        return the stored name, or None when this store cannot copy into that storage."""
        return None


class UploadStore(ABC):
    """Where partial bytes live. Subclasses take their ``OPTIONS`` as keyword arguments."""

    locks: ClassVar[bool] = False

    @abstractmethod
    def create(self, upload_id: uuid.UUID, *, empty: bool = False) -> None:
        """Make room for a new upload (507 when there is none); ``empty``: its length is 0,
        so it is finished at once."""

    @abstractmethod
    def open(self, upload_id: uuid.UUID, *, create: bool = True) -> PartialData:
        """The upload's data for writing; ``FileNotFoundError`` when it is gone (and not
        ``create``), :class:`Locked` when a locking store's lock is held elsewhere."""

    @abstractmethod
    def remove(self, upload_id: uuid.UUID) -> None:
        """Delete the upload's data, whatever state it is in; a missing one is no error."""

    @abstractmethod
    def concatenate(self, sources: Sequence[uuid.UUID], target: PartialData) -> int:
        """Copy the finished sources' data, in order, into ``target``; return its size."""

    @abstractmethod
    def remove_orphans(self, known: Callable[[uuid.UUID], bool], older_than: float) -> int:
        """Delete data older than ``older_than`` (a Unix time) of uploads not ``known``."""

    def unavailable(self, error: Exception) -> bool:
        """Is ``error`` the store being out of reach for now (a 503: the client retries)?"""
        return False

    def refused(self, error: Exception) -> bool:
        """Is ``error`` the store refusing this server (a deployment error: a JSON 500, logged
        with its traceback), such as credentials or a bucket that are wrong?"""
        return False

    @property
    def chunk_size(self) -> int | None:
        """The bytes a PATCH from the widget carries by default (None: the whole file)."""
        return None

    @abstractmethod
    def finished_size(self, upload_id: uuid.UUID) -> int | None:
        """The size of the upload's stored data, or None when it is gone."""

    @abstractmethod
    def read(self, upload_id: uuid.UUID, start: int, length: int) -> bytes:
        """Up to ``length`` bytes of the finished data from ``start`` (for sniffing its type);
        ``FileNotFoundError`` when gone."""

    @abstractmethod
    def stream(self, upload_id: uuid.UUID) -> IO[bytes]:
        """A binary stream of the finished data (``FileNotFoundError`` when gone)."""

    @abstractmethod
    def claim(self, upload_id: uuid.UUID, size: int) -> AbstractContextManager[Claim]:
        """Own the finished data of ``size`` bytes for the block, once across all processes.

        ``UploadUnavailable`` when it was claimed already, is busy or has gone. Leaving the
        block normally consumes the claim (the caller then deletes the row, whose receiver
        removes the data); leaving it by an exception gives the data back.
        """
