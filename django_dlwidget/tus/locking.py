"""One writer per upload: a short database lease (conditional UPDATE), over the OS file lock
where the store has one.

No transaction stays open while bytes stream (SQLite would lock the whole database): each
step is one short UPDATE. A lease whose holder died simply runs out and is taken over. With a
locking store (the filesystem) a holder that is alive keeps the ``flock`` on the partial file,
so a dead one is recognised at once (its kernel lock vanished with it) rather than after the
lease expires. With a remote store (S3) the lease is the only lock: it is taken before the data
is opened, and a live-looking one is never overridden.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator

from ..models import Upload
from .lease import LEASE_DURATION, RENEW_EVERY, Lease, locked
from .limits import check_user_slots, process_slot
from .records import refresh
from .stores import Locked, PartialData, get_store

__all__ = [
    "LEASE_DURATION",
    "RENEW_EVERY",
    "Lease",
    "exclusive",
    "inspect",
    "locked",
    "open_locked",
    "reconcile",
    "writing",
]


def open_locked(upload_id: uuid.UUID, *, create: bool = True) -> PartialData:
    try:
        return get_store().open(upload_id, create=create)
    except Locked:
        raise locked() from None


@contextlib.contextmanager
def writing(
    upload: Upload, *, create: bool, checksummed: bool
) -> Iterator[tuple[PartialData, Lease]]:
    """The upload's data, with its lease held and the row reconciled with the data.

    The caller releases the lease (saving its progress) inside the block; ``FileNotFoundError``
    when the data is gone and not ``create``; 429 past the concurrent-body caps (:mod:`.limits`).
    """
    with process_slot():
        yield from _writing(upload, create=create, checksummed=checksummed)


def _writing(
    upload: Upload, *, create: bool, checksummed: bool
) -> Iterator[tuple[PartialData, Lease]]:
    lease = Lease(upload.id, checksummed=checksummed)
    if get_store().locks:
        with open_locked(upload.id, create=create) as data:
            if upload.complete:
                # Its lease is a form's reservation or a claim, held without the OS lock:
                # taken only when free, as with the stores that have no OS lock.
                _acquire_free(upload, lease)
                reconcile(upload, data, lease=lease)
            elif lease.acquire_unchanged(upload):
                # One UPDATE took the lease and proved the row is still as get_upload() read it.
                reconcile(upload, data, lease=lease)
            else:
                refresh(upload)
                reconcile(upload, data)
                lease.acquire(file_locked=True)
            _check_user_slots(upload, lease)
            yield data, lease
        return
    _acquire_free(upload, lease)
    _check_user_slots(upload, lease)
    try:
        data = get_store().open(upload.id, create=create)
    except BaseException:
        lease.release()
        raise
    with data:
        reconcile(upload, data, lease=lease)
        yield data, lease


def _acquire_free(upload: Upload, lease: Lease) -> None:
    """Take ``lease`` if nobody holds a live one (423 otherwise)."""
    if not lease.acquire_unchanged(upload, free=True):
        refresh(upload)
        if not lease.acquire_unchanged(upload, free=True):
            raise locked()


def _check_user_slots(upload: Upload, lease: Lease) -> None:
    try:
        check_user_slots(upload)
    except BaseException:
        lease.release()
        raise


@contextlib.contextmanager
def exclusive(upload_id: uuid.UUID) -> Iterator[Lease]:
    """The lease, for ending the upload (423 while a live writer holds it)."""
    lease = Lease(upload_id, checksummed=False)
    locks = get_store().locks
    with open_locked(upload_id) if locks else contextlib.nullcontext():
        lease.acquire(file_locked=locks)
        try:
            yield lease
        except BaseException:
            # Ending it failed (the store or the database refused): the upload stays, free for
            # its client's retry, not locked until the lease runs out.
            with contextlib.suppress(Exception):  # the database may be what failed
                lease.release()
            raise


def inspect(upload: Upload) -> bool:
    """Reconcile the row with the data if nobody is writing; False when the data is gone."""
    store = get_store()
    try:
        if store.locks:
            with store.open(upload.id, create=False) as data:
                refresh(upload)
                reconcile(upload, data)
            return True
        lease = Lease(upload.id, checksummed=False)
        if not lease.acquire_unchanged(upload, free=True):
            return True  # a live writer: the row's offset is what it recorded
        try:
            with store.open(upload.id, create=False) as data:
                reconcile(upload, data, lease=lease)
        finally:
            lease.release(offset=upload.offset)
    except Locked:
        pass
    except FileNotFoundError:
        return False
    return True


def reconcile(upload: Upload, partial: PartialData, *, lease: Lease | None = None) -> int:
    """The offset the data stored supports, fixing the row and data (lock or lease held).

    Bytes past the recorded offset reached the disk before a writer died: kept, unless that
    writer's body carried a checksum it never got to verify. Never past ``length``. ``upload``
    is the row as read under the lock; with ``lease`` (taken since) only the offset is fixed,
    otherwise a dead writer's lease is cleared too (never a finished upload's: that one is a
    form's reservation or a claim, which holds no OS lock and ends by its expiry).
    """
    size = partial.size()
    offset = upload.offset
    if size > offset and (partial.sealed or not upload.lease_checksummed):
        offset = size  # a sealed upload's data was verified before it was sealed
    if upload.length is not None:
        offset = min(offset, upload.length)
    offset = min(offset, size)
    if size != offset:
        offset = partial.truncate(offset)
    if lease is not None:
        if offset != upload.offset:
            Upload.objects.filter(pk=upload.pk, lease_token=lease.token).update(offset=offset)
        upload.offset = offset
        upload.lease_token, upload.lease_checksummed = lease.token, lease.checksummed
        return offset
    if upload.complete:
        if offset != upload.offset:
            Upload.objects.filter(pk=upload.pk).update(offset=offset)
            upload.offset = offset
        return offset
    if offset != upload.offset or upload.lease_token:
        Upload.objects.filter(pk=upload.pk).update(
            offset=offset, lease_token="", lease_expires=None, lease_checksummed=False
        )
        upload.offset = offset
        upload.lease_token = ""
        upload.lease_checksummed = False
    return offset
