"""One writer per upload: a short database lease (conditional UPDATE) over the OS file lock.

No transaction stays open while bytes stream (SQLite would lock the whole database): each
step is one short UPDATE. A lease whose holder died simply runs out and is taken over; a
holder that is alive keeps the ``flock`` on the partial file, so a dead one is recognised at
once (its kernel lock vanished with it) rather than after the lease expires.
"""

from __future__ import annotations

import secrets
import time
import uuid
from datetime import timedelta
from typing import Final

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Upload
from .errors import TusError
from .partial import Locked, PartialFile

LEASE_DURATION: Final = timedelta(seconds=30)
RENEW_EVERY: Final = 5.0  # seconds


def locked() -> TusError:
    return TusError(
        423, "locked", _("Another request is writing to this upload; retry when it has ended.")
    )


class Lease:
    """The right to write one upload, held by this request until :meth:`release`."""

    def __init__(self, upload_id: uuid.UUID, *, checksummed: bool) -> None:
        self.upload_id = upload_id
        self.token = secrets.token_hex(16)
        self.checksummed = checksummed
        self._renewed = 0.0

    def acquire(self, *, file_locked: bool) -> None:
        """Take the lease. With the OS lock held, a live-looking lease is a dead holder's."""
        now = timezone.now()
        free = Q(lease_token="") | Q(lease_expires__lt=now)
        query = Upload.objects.filter(pk=self.upload_id)
        if not file_locked:
            query = query.filter(free)
        taken = query.update(
            lease_token=self.token,
            lease_expires=now + LEASE_DURATION,
            lease_checksummed=self.checksummed,
        )
        if not taken:
            raise locked()
        self._renewed = time.monotonic()

    def acquire_unchanged(self, seen: Upload) -> bool:
        """Take the lease (OS lock held) if the row still is as ``seen``; else change nothing.

        One conditional UPDATE stands for re-reading the row and taking the lease: what
        :func:`reconcile` needs (offset, length, the previous holder's lease) is compared, and
        a lease token is random, so a matching one also means a matching checksum flag.
        """
        query = Upload.objects.filter(
            pk=self.upload_id,
            lease_token=seen.lease_token,
            offset=seen.offset,
            complete=seen.complete,
        )
        if seen.length is None:
            query = query.filter(length__isnull=True)
        else:
            query = query.filter(length=seen.length)
        taken = query.update(
            lease_token=self.token,
            lease_expires=timezone.now() + LEASE_DURATION,
            lease_checksummed=self.checksummed,
        )
        if taken:
            self._renewed = time.monotonic()
        return bool(taken)

    def renew(self, offset: int | None = None) -> None:
        """Extend the lease (every few seconds at most); record progress when it is safe."""
        if time.monotonic() - self._renewed < RENEW_EVERY:
            return
        fields: dict[str, object] = {"lease_expires": timezone.now() + LEASE_DURATION}
        if offset is not None:
            fields["offset"] = offset
        if not Upload.objects.filter(pk=self.upload_id, lease_token=self.token).update(**fields):
            raise locked()
        self._renewed = time.monotonic()

    def release(self, **fields: object) -> bool:
        """Give the lease back, saving ``fields`` in the same UPDATE."""
        return bool(
            Upload.objects.filter(pk=self.upload_id, lease_token=self.token).update(
                lease_token="", lease_expires=None, lease_checksummed=False, **fields
            )
        )


def open_locked(upload_id: uuid.UUID, *, create: bool = True) -> PartialFile:
    try:
        return PartialFile(upload_id, create=create)
    except Locked:
        raise locked() from None


def reconcile(upload: Upload, partial: PartialFile, *, lease: Lease | None = None) -> int:
    """The offset the data on disk supports, fixing the row and file (OS lock held).

    Bytes past the recorded offset reached the disk before a writer died: kept, unless that
    writer's body carried a checksum it never got to verify. Never past ``length``. ``upload``
    is the row as read under the lock; with ``lease`` (taken since) only the offset is fixed,
    otherwise a dead writer's lease is cleared too.
    """
    size = partial.size()
    offset = upload.offset
    if size > offset and not upload.lease_checksummed:
        offset = size
    if upload.length is not None:
        offset = min(offset, upload.length)
    offset = min(offset, size)
    if size != offset:
        partial.truncate(offset)
    if lease is not None:
        if offset != upload.offset:
            Upload.objects.filter(pk=upload.pk, lease_token=lease.token).update(offset=offset)
        upload.offset = offset
        upload.lease_token, upload.lease_checksummed = lease.token, lease.checksummed
        return offset
    if offset != upload.offset or upload.lease_token:
        Upload.objects.filter(pk=upload.pk).update(
            offset=offset, lease_token="", lease_expires=None, lease_checksummed=False
        )
        upload.offset = offset
        upload.lease_token = ""
        upload.lease_checksummed = False
    return offset
