"""A download's life: create it, save its file, fail it, cancel it, ask whether it still runs.

Every change of an existing download goes through :func:`transition`: one conditional UPDATE of
a row that is still active (pending or running), never a read-modify-write, so a download the
owner cancelled or cleared meanwhile stays cancelled or cleared: the job gets
``DownloadCancelled``, its file is removed and the row is never recreated. ``transition`` also
sets ``updated``, gives a finished download its expiry, forgets the job's progress throttle and
publishes the change.
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
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..conf import dlwidget_settings
from ..live.publish import publish
from ..models.download import ACTIVE_STATUSES, FINISHED_STATUSES, Download, DownloadStatus
from ..signals import download_failed, download_ready
from . import throttle
from .exceptions import DownloadCancelled
from .files import download_path, download_storage
from .writers import write_csv

logger = logging.getLogger(__name__)

DEFAULT_CONTENT_TYPE = "application/octet-stream"
MAX_ERROR_LENGTH = 2000


def transition(
    key: uuid.UUID | str,
    status: DownloadStatus,
    *,
    where: Q | None = None,
    owner_id: Any = None,
    notify: bool = True,
    **values: Any,
) -> bool:
    """Move the download ``key`` to ``status`` if it is still active; True if it moved.

    ``where`` narrows the rows further (an owner, the stale condition); ``values`` are the other
    columns to write. A finished status also sets the expiry (unless the download has its own);
    the job's own end forgets its throttle state. With ``notify`` the change is published to the
    owner (``owner_id`` when the caller knows it, else read from the row).
    """
    now = timezone.now()
    values = {"status": status, "updated": now, **values}
    if status in FINISHED_STATUSES:
        values["expires"] = Coalesce("expires", now + dlwidget_settings.EXPIRY)
    queryset = Download.objects.filter(key=key, status__in=ACTIVE_STATUSES)
    if where is not None:
        queryset = queryset.filter(where)
    moved = bool(queryset.update(**values))
    # The job's own end (or a write refused to it) forgets its throttle state. A cancel comes from
    # the owner, usually in another process: the job forgets when it notices.
    if not moved or (status in FINISHED_STATUSES and status != DownloadStatus.CANCELLED):
        throttle.forget(str(key))
    if moved and notify:
        if owner_id is None:
            owner_id = owner_of(key)
        if owner_id is not None:
            publish(key, owner_id, "download")
    return moved


def owner_of(key: uuid.UUID | str) -> Any:
    return Download.objects.filter(key=key).values_list("owner_id", flat=True).first()


def is_cancelled(key: uuid.UUID | str) -> bool:
    """True once the job should stop: the download is no longer active (cancelled or cleared by
    its owner, failed by ``set_error`` or as stale, or already saved). One small query."""
    return not Download.objects.filter(key=key, status__in=ACTIVE_STATUSES).exists()


def raise_if_cancelled(key: uuid.UUID | str) -> None:
    """``DownloadCancelled`` exactly when :func:`is_cancelled` is True."""
    if is_cancelled(key):
        throttle.forget(str(key))
        raise DownloadCancelled(key)


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
    datetime, or a timedelta from now) overrides ``DLWIDGET["EXPIRY"]``.
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
        now = timezone.now()
        moved = transition(
            key,
            DownloadStatus.READY,
            owner_id=owner_id,
            file=stored,
            size=storage.size(stored),
            progress=100,
            error="",
            heartbeat=now,
        )
    except BaseException:
        storage.delete(stored)
        raise
    if not moved:
        # Cancelled or cleared while the file was being stored: take it back.
        storage.delete(stored)
        raise DownloadCancelled(key)
    download = Download.objects.get(key=key)
    download_ready.send(sender=Download, download=download)
    return download


def set_error(key: uuid.UUID | str, message: str) -> bool:
    """Fail an active download with ``message`` (shown to its owner); False if it was not active."""
    moved = transition(
        key,
        DownloadStatus.FAILED,
        error=str(message)[:MAX_ERROR_LENGTH],
        heartbeat=timezone.now(),
    )
    if moved:
        download = Download.objects.filter(key=key).first()
        if download is not None:
            download_failed.send(sender=Download, download=download)
    return moved


def cancel_download(key: uuid.UUID | str, owner_id: Any | None = None) -> bool:
    """Cancel a pending or running download; False if it was not active (or not the owner's)."""
    where = Q(owner_id=owner_id) if owner_id is not None else None
    return transition(key, DownloadStatus.CANCELLED, where=where, owner_id=owner_id)
