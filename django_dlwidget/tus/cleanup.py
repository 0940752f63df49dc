"""Removal of expired and abandoned uploads (called by the ``dlwidget_cleanup`` command)."""

from __future__ import annotations

import time
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from ..conf import dlwidget_settings
from ..models import Upload
from .stores import Locked, get_store


def cleanup_expired_uploads(now: datetime | None = None) -> int:
    """Delete uploads past ``expires`` (finished ones a form never claimed, too) and partial
    files that no upload row owns; return how many uploads and orphan files were removed.

    An upload that a live request is writing (its file lock, or with a remote store its lease,
    is held) is left alone. Removing an upload from an S3 store aborts its multipart upload.
    """
    now = now or timezone.now()
    store = get_store()
    expired = Q(expires__lte=now)
    if not store.locks:
        # In the same conditional DELETE, so that a writer taking the lease meanwhile wins.
        expired &= Q(lease_token="") | Q(lease_expires__lt=now)
    removed = 0
    for upload_id in Upload.objects.filter(expired).values_list("pk", flat=True):
        locked = None
        if store.locks:
            try:
                locked = store.open(upload_id, create=False)
            except Locked:
                continue
            except FileNotFoundError:
                pass  # no data (already handed over): only the row is left
        try:
            # Deleting the row removes the data (post_delete receiver).
            removed += Upload.objects.filter(expired, pk=upload_id).delete()[0]
        finally:
            if locked is not None:
                locked.close()
    cutoff = time.time() - dlwidget_settings.UPLOAD_EXPIRY.total_seconds()
    removed += store.remove_orphans(
        lambda upload_id: Upload.objects.filter(pk=upload_id).exists(), cutoff
    )
    return removed
