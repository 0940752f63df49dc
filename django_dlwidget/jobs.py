"""The background-job API: create a download, save its file, fail it, ask whether it was cancelled.

Every state change is a conditional UPDATE of a row that is still active (pending or running),
never a read-modify-write, so a download the owner cancelled or cleared meanwhile stays cancelled
or cleared: the job gets ``DownloadCancelled``, its file is removed and the row is never recreated.
"""

from __future__ import annotations

import logging
import mimetypes
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import IO, Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import throttle
from .conf import dlwidget_settings
from .csv_writer import write_csv
from .exceptions import DownloadCancelled
from .models.download import ACTIVE_STATUSES, Download, DownloadStatus
from .paths import download_path
from .progress import raise_if_cancelled
from .publish import publish
from .signals import download_failed, download_ready
from .storage import download_storage

logger = logging.getLogger(__name__)

DEFAULT_CONTENT_TYPE = "application/octet-stream"
MAX_ERROR_LENGTH = 2000


def init_download(
    user: Any,
    filename: str,
    name: str | None = None,
    *,
    content_type: str | None = None,
    expires: datetime | timedelta | None = None,
) -> Download:
    """Create a pending download owned by ``user`` (a user or a user's pk).

    ``name`` is what the download centre shows (defaults to ``filename``). ``expires`` (a
    datetime, or a timedelta from when the file is ready) overrides ``DLWIDGET["EXPIRY"]``.
    """
    owner_id = getattr(user, "pk", user)
    if content_type is None:
        content_type = mimetypes.guess_type(filename)[0] or DEFAULT_CONTENT_TYPE
    now = timezone.now()
    if isinstance(expires, timedelta):
        expires = now + expires
    download = Download.objects.create(
        owner_id=owner_id,
        filename=filename[:255],
        name=(name or filename)[:255],
        content_type=content_type,
        expires=expires,
        created=now,
        updated=now,
        heartbeat=now,
    )
    publish(download, owner_id, "download")
    return download


def save_download(
    key: uuid.UUID | str,
    iterable: Iterable[Sequence[Any]] | None = None,
    file: IO[bytes] | bytes | None = None,
    *,
    header: Sequence[Any] | None = None,
) -> Download:
    """Store the result and mark the download ready; returns it.

    Give either ``iterable`` (rows, written as CSV through a spooled temporary file, so memory
    stays flat) or ``file`` (a binary file object or bytes). Raises ``DownloadCancelled``, after
    removing what it wrote, when the download was cancelled or cleared meanwhile.
    """
    if (iterable is None) == (file is None):
        raise TypeError("save_download() takes either an iterable of rows or a file")
    key = str(key)
    found = (
        Download.objects.filter(key=key, status__in=ACTIVE_STATUSES)
        .values_list("owner_id", "filename")
        .first()
    )
    if found is None:
        throttle.forget(key)
        raise DownloadCancelled(key)
    owner_id, filename = found
    storage = download_storage()
    if iterable is not None:
        with write_csv(iterable, header=header, check=lambda: raise_if_cancelled(key)) as spool:
            raise_if_cancelled(key)
            stored = storage.save(download_path(key, filename), File(spool))
    else:
        content = ContentFile(file) if isinstance(file, bytes) else File(file)
        stored = storage.save(download_path(key, filename), content)
    try:
        size = storage.size(stored)
        now = timezone.now()
        rows = Download.objects.filter(key=key, status__in=ACTIVE_STATUSES).update(
            status=DownloadStatus.READY,
            file=stored,
            size=size,
            progress=100,
            error="",
            updated=now,
            heartbeat=now,
            expires=Coalesce("expires", now + dlwidget_settings.EXPIRY),
        )
    except BaseException:
        storage.delete(stored)
        raise
    throttle.forget(key)
    if not rows:
        # Cancelled or cleared while the file was being stored: take it back.
        storage.delete(stored)
        raise DownloadCancelled(key)
    publish(key, owner_id, "download")
    download = Download.objects.get(key=key)
    download_ready.send(sender=Download, download=download)
    return download


def set_error(key: uuid.UUID | str, message: str) -> bool:
    """Fail an active download with ``message`` (shown to its owner); False if it was not active."""
    now = timezone.now()
    rows = Download.objects.filter(key=key, status__in=ACTIVE_STATUSES).update(
        status=DownloadStatus.FAILED,
        error=str(message)[:MAX_ERROR_LENGTH],
        updated=now,
        heartbeat=now,
        expires=Coalesce("expires", now + dlwidget_settings.EXPIRY),
    )
    throttle.forget(str(key))
    if not rows:
        return False
    download = Download.objects.filter(key=key).first()
    if download is not None:
        publish(download, download.owner_id, "download")
        download_failed.send(sender=Download, download=download)
    return True


def is_cancelled(key: uuid.UUID | str) -> bool:
    """True once the owner cancelled or cleared the download (one small query)."""
    status = Download.objects.filter(key=key).values_list("status", flat=True).first()
    return status is None or status == DownloadStatus.CANCELLED


def cancel_download(key: uuid.UUID | str, owner_id: Any | None = None) -> bool:
    """Cancel a pending or running download; False if it was not active (or not the owner's)."""
    now = timezone.now()
    queryset = Download.objects.filter(key=key, status__in=ACTIVE_STATUSES)
    if owner_id is not None:
        queryset = queryset.filter(owner_id=owner_id)
    rows = queryset.update(
        status=DownloadStatus.CANCELLED,
        updated=now,
        expires=Coalesce("expires", now + dlwidget_settings.EXPIRY),
    )
    if rows and owner_id is None:
        owner_id = Download.objects.filter(key=key).values_list("owner_id", flat=True).first()
    if rows and owner_id is not None:
        publish(key, owner_id, "download")
    return bool(rows)
