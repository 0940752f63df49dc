"""Removal of expired and abandoned uploads (called by the ``dlwidget_cleanup`` command)."""

from __future__ import annotations

import contextlib
import time
import uuid
from datetime import datetime

from django.utils import timezone

from ..conf import dlwidget_settings
from ..models import Upload
from . import partial
from .partial import SUFFIX, Locked, PartialFile


def cleanup_expired_uploads(now: datetime | None = None) -> int:
    """Delete uploads past ``expires`` (finished ones a form never claimed, too) and partial
    files that no upload row owns; return how many uploads and orphan files were removed.

    An upload that a live request is writing (its file lock is held) is left alone.
    """
    now = now or timezone.now()
    removed = 0
    for upload_id in Upload.objects.filter(expires__lte=now).values_list("pk", flat=True):
        try:
            locked = PartialFile(upload_id, create=False)
        except Locked:
            continue
        except FileNotFoundError:
            locked = None  # no data (already handed over): only the row is left
        try:
            # Deleting the row removes the file (post_delete receiver).
            removed += Upload.objects.filter(pk=upload_id, expires__lte=now).delete()[0]
        finally:
            if locked is not None:
                locked.close()
    removed += _remove_orphans()
    return removed


def _remove_orphans() -> int:
    directory = partial.temp_dir()
    cutoff = time.time() - dlwidget_settings.UPLOAD_EXPIRY.total_seconds()
    removed = 0
    for path in directory.glob(f"*{SUFFIX}"):
        try:
            upload_id = uuid.UUID(hex=path.name[: -len(SUFFIX)])
        except ValueError:
            continue
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime >= cutoff or Upload.objects.filter(pk=upload_id).exists():
                continue
            path.unlink()
            removed += 1
    return removed
