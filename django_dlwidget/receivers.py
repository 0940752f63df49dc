"""Signal receivers: a deleted download takes its file with it and is published as removed.

This covers every way a row goes: the DELETE endpoint, the cleanup, the admin, and the cascade
when its owner is deleted. The file is removed once the deletion commits.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from .models.download import Download
from .publish import publish
from .storage import download_storage

logger = logging.getLogger(__name__)


def delete_file(name: str) -> None:
    try:
        download_storage().delete(name)
    except Exception:
        logger.exception("dlwidget: could not delete the file %s", name)


def download_deleted(sender: Any, instance: Download, **kwargs: Any) -> None:
    name = instance.file.name if instance.file else ""
    if name:
        transaction.on_commit(lambda: delete_file(name), robust=True)
    publish(instance.key, instance.owner_id, "removed")
