"""A download's life once created (``creation.py``): save its file, fail it, cancel it, ask
whether it still runs.

Every change of an existing download goes through :func:`transition`: one conditional UPDATE of
a row that is still active (pending or running), never a read-modify-write, so a download the
owner cancelled or cleared meanwhile stays cancelled or cleared: the job gets
``DownloadCancelled``, its file is removed and the row is never recreated. ``transition`` also
sets ``updated``, gives a finished download its expiry, forgets the job's progress throttle and
publishes the change.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from .. import rowsql
from ..live.publish import publish
from ..models.download import ACTIVE_STATUSES, FINISHED_STATUSES, Download, DownloadStatus
from ..signals import download_failed, download_ready
from . import throttle
from .creation import DEFAULT_CONTENT_TYPE
from .creation import init_download as init_download  # created there; still importable here
from .exceptions import DownloadCancelled, DownloadError
from .expiry import finished_expiry
from .files import delete_file, discard_files, download_dir, download_path, download_storage
from .locale import activate_locale
from .notifications import check_email_options
from .writers import Content

logger = logging.getLogger(__name__)

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
    columns to write. A finished status also sets the expiry (``expiry.finished_expiry``);
    the job's own end forgets its throttle state. With ``notify`` the change is published to the
    owner (``owner_id`` when the caller knows it, else read from the row).
    """
    now = timezone.now()
    values = {"status": status, "updated": now, **values}
    if status in FINISHED_STATUSES:
        values["expires"] = finished_expiry(now)
        values["finished"] = now
    row: Download | None = None
    if where is None and rowsql.plain(values):
        # Every progress call of a job: plain SQL, not a query built by the ORM each time (an
        # ending's expiry is an expression: the ORM's).
        filters = {"key": key, "status": ACTIVE_STATUSES}
        if notify and not rowsql.connection_for(Download).in_atomic_block:
            # In autocommit the row the UPDATE returns is the committed one: the event carries
            # it, and neither the owner nor the row need reading again.
            count, row = rowsql.update_returning(Download, filters, values)
            moved = bool(count)
        else:
            moved = bool(rowsql.update(Download, filters, values))
    else:
        queryset = Download.objects.filter(where or Q(), key=key, status__in=ACTIVE_STATUSES)
        moved = bool(queryset.update(**values))
    # The job's own end (or a write refused to it) forgets its throttle state. A cancel comes from
    # the owner, usually in another process: the job forgets when it notices.
    if not moved or (status in FINISHED_STATUSES and status != DownloadStatus.CANCELLED):
        throttle.forget(str(key))
    if moved and notify:
        if row is not None:
            owner_id = row.owner_id
        elif owner_id is None:
            owner_id = owner_of(key)
        if owner_id is not None:
            publish(key, owner_id, "download", row=row)
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


def save_download(
    key: uuid.UUID | str,
    iterable: Iterable[Any] | Mapping[str, Any] | None = None,
    file: IO[bytes] | bytes | bytearray | memoryview | Iterable[bytes] | None = None,
    *,
    header: Sequence[Any] | None = None,
    format: str = "csv",
    encoding: str | None = None,
    path_prefix: str | None = None,
    notify: bool | None = None,
    email: Mapping[str, Any] | None = None,
) -> Download:
    """Store the result and mark the download ready; returns it.

    Give either ``iterable``, rows written in ``format`` (``"csv"``, in ``encoding``: UTF-8 by
    default; ``"xlsx"`` or ``"jsonl"``) or, with ``format="zip"``, ``(name, content)`` members of
    a ZIP archive; or ``file``: bytes, a binary file, or an iterable of bytes of unknown size.
    Memory stays flat: everything but bytes and seekable files is written into a local temporary
    file first, and the storage only sees the finished file. The rows are written, and a failure
    worded, in the download's language and time zone. The file goes to
    ``<path_prefix>/<key>/<name>`` (default ``DLWIDGET["PATH_PREFIX"]``). Raises
    ``DownloadCancelled``, after removing what it wrote, when the download was cancelled or
    cleared meanwhile. Anything else that goes wrong (rows that raise, bad arguments, a failing
    storage) fails the download at once (:func:`fail_download`), leaves nothing in the storage,
    and is raised again. ``notify`` (None: ``DLWIDGET["NOTIFY_EMAIL"]``) e-mails the ready
    download, with ``email``'s ``send_ready_email`` options.
    """
    key = str(key)
    found = (
        Download.objects.filter(key=key, status__in=ACTIVE_STATUSES)
        .values_list("owner_id", "filename", "content_type", "language", "timezone")
        .first()
    )
    with activate_locale(*(found[3:] if found else ("", ""))):
        try:
            email = check_email_options(email)
            content = Content(iterable, file, header=header, format=format, encoding=encoding)
            folder = download_dir(key, path_prefix)
        except Exception as exc:
            fail_download(key, exc)
            raise
        if found is None:
            throttle.forget(key)
            raise DownloadCancelled(key)
        stored, size = _store(key, content, folder, found[1])
    values: dict[str, Any] = {}
    if found[2] == DEFAULT_CONTENT_TYPE and content.content_type:
        values["content_type"] = content.content_type
    try:
        moved = transition(
            key,
            DownloadStatus.READY,
            owner_id=found[0],
            file=stored,
            size=size,
            progress=100,
            error="",
            heartbeat=timezone.now(),
            **values,
        )
    except BaseException as exc:
        delete_file(stored)
        if isinstance(exc, Exception):
            fail_download(key, exc)
        raise
    if not moved:
        # Cancelled or cleared while the file was being stored: take it back.
        delete_file(stored)
        raise DownloadCancelled(key)
    download = Download.objects.get(key=key)
    download_ready.send(sender=Download, download=download, notify=notify, email=email)
    return download


def _store(key: str, content: Content, folder: str, filename: str) -> tuple[str, int]:
    """Write ``content`` into the storage under ``folder``: its stored name and size."""
    storage = download_storage()
    saving = False
    try:
        with content.open(check=lambda: raise_if_cancelled(key)) as data:
            raise_if_cancelled(key)
            saving = True
            stored = storage.save(download_path(key, filename, folder=folder), data)
        return stored, storage.size(stored)
    except BaseException as exc:
        if saving:  # the storage may hold part of a file under the download's folder
            discard_files(key, folder)
        if isinstance(exc, Exception) and not isinstance(exc, DownloadCancelled):
            fail_download(key, exc)
        raise


def user_message(exc: BaseException) -> str:
    """What the owner reads about a failure: a ``DownloadError``'s text; otherwise a generic
    message (the exception's text only under ``DEBUG``: it can carry hosts, paths or SQL)."""
    if isinstance(exc, DownloadError) or settings.DEBUG:
        return str(exc) or type(exc).__name__
    return gettext("The export failed.")


def fail_download(key: uuid.UUID | str, exc: BaseException) -> bool:
    """Fail the download ``key`` because its job raised ``exc``: the one failure policy.

    The owner reads :func:`user_message`; the log gets it once (a ``DownloadError`` as one line,
    anything else with its traceback): a download that is no longer active (failed already,
    cancelled, cleared) is left as it is. True if it failed now. Never raises.
    """
    try:
        moved = set_error(key, user_message(exc))
    except Exception:
        logger.exception("dlwidget: could not record the failure of download %s", key)
        moved = True
    if moved and isinstance(exc, DownloadError):  # expected: the owner's message tells it all
        logger.warning("dlwidget: the job of download %s failed: %s", key, exc)
    elif moved:
        logger.error("dlwidget: the job of download %s failed", key, exc_info=exc)
    return moved


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


def clear_download(key: uuid.UUID | str, owner_id: Any | None = None) -> bool:
    """Clear a download (its row, then its file once the deletion commits); False if there was
    none (or not the owner's). A pending or running job is cancelled first, so its own conditional
    writes fail and it cannot store a file, or bring the row back, after the row is gone."""
    cancel_download(key, owner_id)
    queryset = Download.objects.filter(key=key)
    if owner_id is not None:
        queryset = queryset.filter(owner_id=owner_id)
    with transaction.atomic():
        deleted, _per_model = queryset.delete()
    return bool(deleted)
