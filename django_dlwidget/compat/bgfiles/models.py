"""``bgfiles.models``: ``FileRequest``, a proxy of the native ``Download`` under the
predecessor's field names.

Each upstream name is a property over a native column, and the queryset maps the same names in
keyword lookups and field names, so ``filter()``, ``exclude()``, ``get()``, ``order_by()`` and
``values()`` take them too (:data:`FIELD_NAMES`): ``id`` is ``key``, ``criteria`` ``params``,
``filehandle`` ``file``, ``file_type`` ``kind``, ``requester`` ``owner``, ``requester_language``
and ``requester_timezone`` ``language`` and ``timezone``, ``requested_at`` ``created``,
``finished_at`` ``finished`` and ``expires_at`` ``expires``; ``filename``, ``description``,
``content_type`` and ``size`` keep their names.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import models
from django.utils import timezone

from ...downloads.files import download_path, download_storage
from ...live.publish import publish
from ...models import Download, DownloadStatus

__all__ = ["FIELD_NAMES", "FileRequest", "FileRequestManager", "FileRequestQuerySet"]

FIELD_NAMES = {
    "id": "key",
    "criteria": "params",
    "filehandle": "file",
    "file_type": "kind",
    "requester": "owner",
    "requester_id": "owner_id",
    "requester_language": "language",
    "requester_timezone": "timezone",
    "requested_at": "created",
    "finished_at": "finished",
    "expires_at": "expires",
}
"""Each upstream attribute and the native one it maps onto."""


def native_name(name: str) -> str:
    """``name`` (a lookup like ``requester__email``, or ``-requested_at``) in native names."""
    sign = "-" if name.startswith("-") else ""
    head, sep, tail = name.removeprefix("-").partition("__")
    return sign + FIELD_NAMES.get(head, head) + sep + tail


class FileRequestQuerySet(models.QuerySet["FileRequest"]):
    """Takes the upstream names in ``filter``, ``exclude``, ``get``, ``order_by``, ``update``,
    ``values`` and ``values_list`` (keyword lookups and field names; ``Q`` objects and
    expressions take the native names)."""

    def _filter_or_exclude(self, negate: bool, args: Any, kwargs: Any) -> FileRequestQuerySet:
        native = {native_name(key): value for key, value in kwargs.items()}
        return super()._filter_or_exclude(negate, args, native)  # type: ignore[misc, no-any-return]

    def order_by(self, *field_names: Any) -> FileRequestQuerySet:
        names = [native_name(f) if isinstance(f, str) else f for f in field_names]
        return super().order_by(*names)

    def update(self, **kwargs: Any) -> int:
        return super().update(**{native_name(key): value for key, value in kwargs.items()})

    def values(self, *fields: Any, **expressions: Any) -> Any:
        names = [native_name(f) if isinstance(f, str) else f for f in fields]
        return super().values(*names, **expressions)

    def values_list(self, *fields: Any, flat: bool = False, named: bool = False) -> Any:
        names = [native_name(f) if isinstance(f, str) else f for f in fields]
        return super().values_list(*names, flat=flat, named=named)


class FileRequestManager(models.Manager.from_queryset(FileRequestQuerySet)):  # type: ignore[misc]
    def to_handle(self) -> models.QuerySet[FileRequest]:
        """The requests not finished yet, oldest first."""
        pending: models.QuerySet[FileRequest] = self.filter(finished__isnull=True)
        return pending.order_by("created", "key")

    def remove_expired(
        self,
        treshold: datetime,
        timeout: float | None = None,
        sleep: float | None = None,
        max_items: int | None = None,
    ) -> tuple[str, int, int]:
        """Delete the requests (and files) that expired at or before ``treshold``, oldest first.

        ``timeout`` is an epoch time to stop after, ``sleep`` seconds to wait between two
        deletions, ``max_items`` how many to delete at most. Returns ``(status, deleted, total)``
        with ``status`` ``"processed"``, ``"max_items"`` or ``"timeout"``.
        """
        expired = self.filter(expires__lte=treshold)
        total = expired.count()
        deleted = 0
        status = "processed"
        for request in expired.order_by("expires", "key").iterator():
            if sleep and deleted:
                time.sleep(sleep)
            request.delete(using=self._db)
            deleted += 1
            if max_items and deleted == max_items:
                status = "max_items"
                break
            if timeout and time.time() > timeout:
                status = "timeout"
                break
        return status, deleted, total


def _mapped(native: str) -> property:
    def get(self: FileRequest) -> Any:
        return getattr(self, native)

    def set(self: FileRequest, value: Any) -> None:
        setattr(self, native, value)

    return property(get, set, doc=f"The native ``{native}``.")


class FileRequest(Download):
    """A file request is a download; the predecessor's names map onto the native columns."""

    id = _mapped("key")
    criteria = _mapped("params")
    filehandle = _mapped("file")
    file_type = _mapped("kind")
    requester = _mapped("owner")
    requester_id = _mapped("owner_id")
    requester_language = _mapped("language")
    requester_timezone = _mapped("timezone")
    requested_at = _mapped("created")
    finished_at = _mapped("finished")
    expires_at = _mapped("expires")

    objects = FileRequestManager()  # type: ignore[misc]

    class Meta:
        proxy = True
        verbose_name = "file request"
        verbose_name_plural = "file requests"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Takes the upstream names as keywords too (``requester=``, ``requested_at=``...)."""
        super().__init__(*args, **{FIELD_NAMES.get(key, key): v for key, v in kwargs.items()})

    def __str__(self) -> str:
        return f"{self.kind} requested at {self.created} by {self.owner}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, and tell the requester's list (as every native change does)."""
        super().save(*args, **kwargs)
        publish(self.key, self.owner_id, "download")

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        """Delete the row and, at once, its file."""
        if self.file:
            self.file.delete(save=False)
        return super().delete(*args, **kwargs)

    def attach_file(
        self,
        contents: Any,
        filename: str | None = None,
        content_type: str | None = None,
        size: int | None = None,
        timestamp: datetime | None = None,
    ) -> None:
        """Store ``contents`` (a ``File``, or bytes or text) as this request's file and mark it
        ready; ``save()`` writes it.

        ``filename``, ``content_type`` and ``size`` replace the current values when given. The
        file goes where every download's file goes (``<PATH_PREFIX>/<key>/<name>`` in
        ``DLWIDGET["STORAGE"]``).
        """
        if filename:
            self.filename = filename
        if content_type:
            self.content_type = content_type
        if size:
            self.size = size
        if not self.name:
            self.name = self.filename
        if isinstance(contents, bytes | bytearray | str):  # what a writer returned, as it is
            contents = ContentFile(contents)
        self.file.name = download_storage().save(download_path(self.key, self.filename), contents)
        self.finished = timestamp or timezone.now()
        self.updated = timezone.now()
        self.status = DownloadStatus.READY
        self.progress = 100
        self.error = ""

    def expire_in(self, delta: timedelta, timestamp: datetime | None = None) -> None:
        """Expire ``delta`` after ``timestamp`` (default now); ``save()`` writes it."""
        self.expires = (timestamp or timezone.now()) + delta
