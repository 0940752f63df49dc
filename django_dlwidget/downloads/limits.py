"""``MAX_ACTIVE_DOWNLOADS``: how many pending or running downloads one user may have.

The count is taken after the new row is written, inside its transaction. Two starts of one user
are serialised: on PostgreSQL and MySQL by locking the owner's user row (``SELECT ... FOR
UPDATE``) before the insert; on SQLite by the insert itself, which takes the database's write
lock (a read first would make two such transactions deadlock). So the second start counts the
first one's row, and no burst of concurrent starts gets past the cap. Finished
downloads do not count; a pending one whose job never started fails as stale after
``STALE_AFTER`` and stops counting then.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connections, router, transaction
from django.http import HttpResponse
from django.utils.translation import ngettext

from ..conf import dlwidget_settings
from ..http import json_error
from ..models.download import ACTIVE_STATUSES, Download
from .exceptions import TooManyDownloads

__all__ = [
    "active_downloads_capped",
    "too_many_downloads_detail",
    "too_many_downloads_response",
]


@contextmanager
def active_downloads_capped(owner_id: Any) -> Iterator[None]:
    """Create the owner's new download inside this block: ``TooManyDownloads`` (the row rolled
    back) when it takes the owner's active downloads past the cap."""
    alias = router.db_for_write(Download)
    with transaction.atomic(using=alias):
        if owner_id is not None and connections[alias].vendor != "sqlite":
            # Before the insert: its foreign key takes a share lock on the same row, and two
            # shares upgraded to FOR UPDATE in turn would deadlock.
            users = get_user_model()._default_manager.using(alias)
            list(users.select_for_update().filter(pk=owner_id).values_list("pk", flat=True))
        yield
        if owner_id is not None:
            limit = dlwidget_settings.MAX_ACTIVE_DOWNLOADS
            active = Download.objects.using(alias).filter(
                owner_id=owner_id, status__in=ACTIVE_STATUSES
            )
            if active.count() > limit:
                raise TooManyDownloads(limit)


def too_many_downloads_detail(exc: TooManyDownloads) -> str:
    """What the user reads about the refusal, in the active language."""
    return ngettext(
        "You already have %(limit)d export in progress. Wait for it to finish, or cancel it.",
        "You already have %(limit)d exports in progress. Wait for one to finish, or cancel one.",
        exc.limit,
    ) % {"limit": exc.limit}


def too_many_downloads_response(exc: TooManyDownloads) -> HttpResponse:
    """The 429 a start endpoint answers with: ``{"error": "too_many_downloads", "detail"}``."""
    return json_error(429, "too_many_downloads", too_many_downloads_detail(exc))
