"""Signal receivers: a deleted download takes its file with it and is published as removed; a
logout closes the session's sockets.

Deletion covers every way a row goes: the DELETE endpoint, the cleanup, the admin, and the cascade
when its owner is deleted. The file is removed once the deletion commits.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest

from .groups import session_group
from .models.download import Download
from .publish import publish, send_to_group
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


def close_session_sockets(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    """Close the sockets of the session that logged out (its other sessions keep theirs)."""
    session = getattr(request, "session", None)
    session_key = getattr(session, "session_key", None)
    if not session_key or not getattr(settings, "CHANNEL_LAYERS", None):
        return
    try:
        send_to_group(session_group(session_key), {"type": "dlwidget.logout"})
    except Exception:
        logger.exception("dlwidget: could not close the sockets of a logged-out session")
