"""Claims held by the database lease alone, for the stores without an OS lock (S3, Django storages).

A claim takes the upload's lease for as long as an unclaimed upload is kept (so no other process
can claim or append to it meanwhile), checks that the data is still the finished size, and removes
the data once the block ends normally; an exception gives the lease back and keeps the data.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator
from typing import TypeVar

from django.utils.translation import gettext as _

from ...conf import dlwidget_settings
from ..errors import TusError
from ..lease import Lease
from .base import Claim, UploadStore, UploadUnavailable

ClaimT = TypeVar("ClaimT", bound=Claim)


@contextlib.contextmanager
def lease_claim(
    store: UploadStore, upload_id: uuid.UUID, size: int, make: Callable[[], ClaimT]
) -> Iterator[ClaimT]:
    lease = Lease(upload_id, checksummed=False)
    try:
        lease.acquire(file_locked=False, duration=dlwidget_settings.UPLOAD_EXPIRY)
    except TusError:
        raise UploadUnavailable(_("This upload is busy; try again.")) from None
    try:
        if store.finished_size(upload_id) != size:
            raise UploadUnavailable(_("This upload has already been used."))
        yield make()
    except BaseException:
        lease.release()
        raise
    store.remove(upload_id)  # consumed: the caller deletes the row next
