"""Cleanup: stale jobs, expired downloads and their files, orphaned files, expired uploads.

``run_cleanup()`` runs the steps :func:`cleanup_steps` lists, in that order, and returns
``{step name: count}``. It is idempotent and safe while jobs run: it deletes only finished
downloads, only files that no active download can still claim, and only uploads that expired.
``manage.py dlwidget_cleanup``, the ``cleanup_task`` of :mod:`.tasks` and a Celery beat entry all
call it.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db.models import Q
from django.utils import timezone

from ..conf import dlwidget_settings
from ..models.download import ACTIVE_STATUSES, FINISHED_STATUSES, Download
from ..tus.cleanup import cleanup_expired_uploads
from .files import clean_prefix, delete_file, download_storage
from .stale import sweep_stale

logger = logging.getLogger(__name__)

CleanupStep = Callable[[], int]


def cleanup_steps() -> dict[str, CleanupStep]:
    """The steps, in order: stale jobs first, so that they expire with the other finished ones."""
    return {
        "stale": sweep_stale,
        "expired_downloads": cleanup_expired_downloads,
        "orphaned_files": remove_orphan_files,
        "uploads": cleanup_expired_uploads,
    }


def run_cleanup() -> dict[str, int]:
    """Run every step in order; a failing step is logged and the others still run."""
    counts: dict[str, int] = {}
    for name, step in cleanup_steps().items():
        try:
            counts[name] = int(step())
        except Exception:
            logger.exception("dlwidget: cleanup step %r failed", name)
            counts[name] = -1
    return counts


def cleanup_expired_downloads() -> int:
    """Delete finished downloads whose expiry has passed, with their files; returns how many."""
    expired = Download.objects.filter(status__in=FINISHED_STATUSES, expires__lt=timezone.now())
    return _delete(expired)


def cleanup_collection(user: Any, *, include_unexpired: bool = False) -> int:
    """Delete one user's expired downloads (all finished ones with ``include_unexpired``).

    Running and pending jobs are never touched. Returns how many were deleted.
    """
    owner_id = getattr(user, "pk", user)
    queryset = Download.objects.filter(owner_id=owner_id, status__in=FINISHED_STATUSES)
    if not include_unexpired:
        queryset = queryset.filter(expires__lt=timezone.now())
    return _delete(queryset)


def _delete(queryset: Any) -> int:
    # A queryset delete sends post_delete per row, which removes the file and publishes.
    _total, per_model = queryset.delete()
    return int(per_model.get(Download._meta.label, 0))


def remove_orphan_files(prefix: str | None = None) -> int:
    """Delete files under ``PATH_PREFIX`` that no download owns; returns how many.

    A file is kept while its folder's download is active (a job may be saving it) or when it is
    the file of a finished download. Under another ``prefix`` (a folder ``save_download`` was
    given with ``path_prefix=``, which may hold other files too) only folders named like a
    download key are looked at, and loose files are left alone.
    """
    storage = download_storage()
    own = prefix is None
    prefix = dlwidget_settings.PATH_PREFIX if prefix is None else clean_prefix(prefix)
    try:
        folders, loose = storage.listdir(prefix)
    except (FileNotFoundError, NotImplementedError):
        return 0
    removed = 0
    for name in loose if own else ():
        removed += _delete_file(f"{prefix}/{name}")
    if not own:
        folders = [folder for folder in folders if _is_uuid(folder)]
    rows = {
        str(key): (status, file)
        for key, status, file in Download.objects.filter(
            Q(key__in=[f for f in folders if _is_uuid(f)])
        ).values_list("key", "status", "file")
    }
    for folder in folders:
        status, kept = rows.get(folder, (None, ""))
        if status in ACTIVE_STATUSES:
            continue
        path = f"{prefix}/{folder}"
        try:
            _subfolders, files = storage.listdir(path)
        except FileNotFoundError:
            continue
        for name in files:
            if f"{path}/{name}" != kept:
                removed += _delete_file(f"{path}/{name}")
        _remove_empty_dir(path)
    return removed


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _delete_file(name: str) -> int:
    return int(delete_file(name))


def _remove_empty_dir(path: str) -> None:
    """Folders are a file system thing: remove an empty one where the storage has a path."""
    storage = download_storage()
    try:
        local = storage.path(path)
    except NotImplementedError:
        return
    with contextlib.suppress(OSError):
        Path(local).rmdir()
