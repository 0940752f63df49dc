"""A new download: ``init_download``, the one place a download row is created.

Here, before the row exists, a user's pending and running downloads are held to
``MAX_ACTIVE_DOWNLOADS`` (``limits.py``): ``@download_task(...).start``, ``inline_or_background``
and the compatibility layers all create downloads through this function, so none of them gets
past the cap.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone as django_timezone

from ..live.publish import publish
from ..models.download import Download
from ..serving.types import guess_content_type
from .expiry import initial_expiry
from .limits import active_downloads_capped
from .locale import current_locale
from .owners import owner_pk

__all__ = ["DEFAULT_CONTENT_TYPE", "init_download"]

DEFAULT_CONTENT_TYPE = "application/octet-stream"


def init_download(
    user: Any,
    filename: str,
    name: str | None = None,
    *,
    content_type: str | None = None,
    expires: datetime | timedelta | None = None,
    language: str | None = None,
    timezone: str | None = None,
    kind: str = "",
    params: str = "",
    description: str = "",
) -> Download:
    """Create a pending download owned by ``user`` (a saved user or a user's pk; a pk no user has
    is ``User.DoesNotExist``, an unsaved user a ``ValueError``, before anything is written; None
    for a download nobody owns, which is in no one's list and served only by a general link).

    ``name`` is what the download centre shows (defaults to ``filename``). ``expires`` (a
    datetime, or a timedelta counted from the download's end: ready, failed or cancelled)
    overrides ``DLWIDGET["EXPIRY"]``, itself counted from the end. ``language`` and ``timezone``
    (names; ``""`` for the project's defaults) are active while the job runs and when its e-mail
    is written; None records the ones active now (a request's, under LocaleMiddleware).
    ``kind`` names the job that makes it, ``params`` what that job was asked for (as text), and
    ``description`` is a note for the owner. A user who already has ``MAX_ACTIVE_DOWNLOADS``
    pending or running downloads gets ``TooManyDownloads``, and nothing is written.
    """
    language, timezone = current_locale(language, timezone)
    owner_id = owner_pk(user)
    if content_type is None:
        content_type = guess_content_type(filename)  # x.csv.gz: application/gzip
    now = django_timezone.now()
    moment, lifetime = initial_expiry(expires)
    with active_downloads_capped(owner_id):
        download = Download.objects.create(
            owner_id=owner_id,
            filename=filename[:255],
            name=(name or filename)[:255],
            content_type=content_type,
            expires=moment,
            lifetime=lifetime,
            created=now,
            updated=now,
            heartbeat=now,
            language=language,
            timezone=timezone,
            kind=kind[:200],
            params=params,
            description=description,
        )
    publish(download, owner_id, "download")
    return download
