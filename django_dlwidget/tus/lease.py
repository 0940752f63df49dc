"""The lease: the right to write one upload, taken with a conditional UPDATE and renewed.

No transaction stays open while bytes stream (SQLite would lock the whole database): each step
is one short UPDATE. A lease whose holder died runs out after ``LEASE_DURATION`` and is taken
over. :mod:`.locking` combines it with a store's OS lock; a remote store relies on it alone.
The statements of every PATCH are :mod:`.rows`' plain SQL.
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
from . import rows
from .errors import TusError

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

    def acquire(self, *, file_locked: bool, duration: timedelta = LEASE_DURATION) -> None:
        """Take the lease. With the OS lock held, a live-looking lease is a dead holder's."""
        now = timezone.now()
        free = Q(lease_token="") | Q(lease_expires__lt=now)
        query = Upload.objects.filter(pk=self.upload_id)
        if not file_locked:
            query = query.filter(free)
        taken = query.update(
            lease_token=self.token,
            lease_expires=now + duration,
            lease_checksummed=self.checksummed,
        )
        if not taken:
            raise locked()
        self._renewed = time.monotonic()

    def acquire_unchanged(self, seen: Upload, *, free: bool = False) -> bool:
        """Take the lease (OS lock held, or ``free``: a free lease) if the row still is as
        ``seen``; else change nothing.

        One conditional UPDATE stands for re-reading the row and taking the lease: what
        :func:`reconcile` needs (offset, length, the previous holder's lease) is compared, and
        a lease token is random, so a matching one also means a matching checksum flag.
        """
        fields = {
            "lease_token": self.token,
            "lease_expires": timezone.now() + LEASE_DURATION,
            "lease_checksummed": self.checksummed,
        }
        unchanged = {
            "lease_token": seen.lease_token,
            "offset": seen.offset,
            "complete": seen.complete,
            "length": seen.length,  # None: IS NULL
        }
        if free:
            query = Upload.objects.filter(pk=self.upload_id, **unchanged)
            taken = query.filter(Q(lease_token="") | Q(lease_expires__lt=timezone.now())).update(
                **fields
            )
        else:
            taken = rows.update(self.upload_id, unchanged, fields)  # every PATCH: plain SQL
        if taken:
            self._renewed = time.monotonic()
        return bool(taken)

    def renew(self, offset: int | None = None, *, now: bool = False) -> None:
        """Extend the lease (every few seconds at most, or ``now``); record progress when it is
        safe. 423 when the lease is no longer this request's."""
        if not now and time.monotonic() - self._renewed < RENEW_EVERY:
            return
        fields: dict[str, object] = {"lease_expires": timezone.now() + LEASE_DURATION}
        if offset is not None:
            fields["offset"] = offset
        if not rows.update(self.upload_id, {"lease_token": self.token}, fields):
            raise locked()
        self._renewed = time.monotonic()

    def release(self, **fields: object) -> bool:
        """Give the lease back, saving ``fields`` in the same UPDATE."""
        released = {"lease_token": "", "lease_expires": None, "lease_checksummed": False}
        return bool(rows.update(self.upload_id, {"lease_token": self.token}, released | fields))
