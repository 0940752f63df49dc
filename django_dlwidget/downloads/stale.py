"""The stale sweep: a job whose worker stopped sending heartbeats is written as failed.

Staleness is stored, not computed at read time, so every client (and the admin) sees the same
thing and gets an event; its message is in each download's own language. The sweep runs in the
cleanup, and on a full list request for the downloads that request has already loaded (so a poll
costs no extra query).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from ..conf import dlwidget_settings
from ..models.download import Download, DownloadStatus
from .lifecycle import transition
from .locale import activate_locale


def stale_cutoff() -> datetime:
    return timezone.now() - dlwidget_settings.STALE_AFTER


def is_stale(download: Download, cutoff: datetime | None = None) -> bool:
    cutoff = cutoff or stale_cutoff()
    if download.status == DownloadStatus.RUNNING:
        return (download.heartbeat or download.updated) < cutoff
    # A pending job that no worker picked up within a whole expiry period is lost too.
    if download.status == DownloadStatus.PENDING:
        return download.created < timezone.now() - dlwidget_settings.EXPIRY
    return False


def _stale_filter() -> Q:
    now = timezone.now()
    running = Q(status=DownloadStatus.RUNNING) & (
        Q(heartbeat__lt=stale_cutoff()) | Q(heartbeat__isnull=True, updated__lt=stale_cutoff())
    )
    pending = Q(status=DownloadStatus.PENDING, created__lt=now - dlwidget_settings.EXPIRY)
    return running | pending


def sweep_stale(keys: Iterable[uuid.UUID] | None = None) -> int:
    """Fail stale jobs (all of them, or only among ``keys``); returns how many were failed."""
    queryset = Download.objects.filter(_stale_filter())
    if keys is not None:
        queryset = queryset.filter(key__in=list(keys))
    failed = 0
    for key, owner_id, language in queryset.values_list("key", "owner_id", "language"):
        with activate_locale(language, ""):  # the owner reads it in the download's language
            error = gettext("The export stopped responding and was abandoned.")
        # Conditional again: a heartbeat that arrived since the read wins.
        if transition(
            key,
            DownloadStatus.FAILED,
            where=_stale_filter(),
            owner_id=owner_id,
            error=error,
        ):
            failed += 1
    return failed
