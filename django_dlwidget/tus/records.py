"""The ``Upload`` rows as every verb needs them: found for their owner, limited, made, finished.

Each rule here is shared by at least two verbs: who may see a row (404 otherwise) and when it
has expired (410), the size limit (413; the quota is :mod:`.quota`'s), what a new row holds
(owner or anonymous binding, file name, expiry) and how a failed one goes, when an upload
expires, and the one ``upload_complete`` signal.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..conf import dlwidget_settings
from ..models import Upload
from ..signals import upload_complete
from . import rows
from .auth import Principal
from .errors import TusError
from .metadata import filename_from

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .messages import TusRequest


def not_found() -> TusError:
    return TusError(404, "not_found", _("There is no such upload."))


def refresh(upload: Upload) -> None:
    """Re-read the row (lock held); 404 if it went meanwhile."""
    try:
        upload.refresh_from_db()
    except Upload.DoesNotExist:
        raise not_found() from None


def owned_upload(principal: Principal, upload_id: uuid.UUID) -> Upload:
    """The principal's upload, expired or not; 404 for anyone else's or a missing one."""
    upload = rows.get(upload_id)  # every HEAD, PATCH and DELETE: plain SQL
    if upload is None or not principal.owns(upload):
        raise not_found()
    return upload


def get_upload(principal: Principal, upload_id: uuid.UUID) -> Upload:
    """The principal's upload, still usable: 404 as :func:`owned_upload`, 410 once expired."""
    upload = owned_upload(principal, upload_id)
    if upload.expires is not None and upload.expires <= timezone.now():
        raise TusError(410, "expired", _("This upload has expired; start a new one."))
    return upload


def check_size(length: int) -> None:
    """413 past ``UPLOAD_MAX_SIZE`` (the quota is :mod:`.quota`'s)."""
    if length > dlwidget_settings.UPLOAD_MAX_SIZE:
        raise TusError(
            413,
            "too_large",
            _("The upload is larger than the %(max)s bytes allowed.")
            % {"max": dlwidget_settings.UPLOAD_MAX_SIZE},
        )


def discard(upload_id: uuid.UUID) -> None:
    """Remove an upload whose creation failed (its client never learnt its URL), freeing what
    it held of the quota; the post_delete receiver removes its data."""
    try:
        with transaction.atomic():
            Upload.objects.filter(pk=upload_id).delete()
    except Exception:
        # The store failed as well (unreachable): expire the row instead, so that it counts
        # no more; the cleanup removes it and its data once the store is back.
        Upload.objects.filter(pk=upload_id).update(expires=timezone.now())


def expiry(now: datetime) -> datetime:
    """Unfinished uploads expire after ``UPLOAD_EXPIRY`` idle; finished ones wait that long for
    a form. Every write and every new upload moves the expiry to this."""
    return now + dlwidget_settings.UPLOAD_EXPIRY


def new_upload(
    tus: TusRequest, length: int | None, metadata: dict[str, str], **fields: Any
) -> Upload:
    """An unsaved Upload bound to the requester (user, or anonymous session) with its expiry."""
    now = timezone.now()
    return Upload(
        owner_id=None if tus.principal.user_pk is None else _owner_pk(tus.request),
        session_key="" if tus.principal.user_pk is not None else tus.principal.binding,
        length=length,
        metadata=metadata,
        filename=filename_from(metadata),
        created=now,
        updated=now,
        expires=expiry(now),
        **fields,
    )


def _owner_pk(request: HttpRequest) -> int | str | None:
    # Any AUTH_USER_MODEL primary key (integers, UUIDs, strings) is accepted by the FK.
    return cast("int | str | None", request.user.pk)


def completed(tus: TusRequest, upload: Upload) -> None:
    upload_complete.send(sender=Upload, upload=upload, request=tus.request)
