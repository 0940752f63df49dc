"""``async_downloads.ws_consumers``: the native consumer, and the two publish calls.

``DownloadsConsumer`` is the native one: it identifies the user from the session, never from the
URL, so a ``username`` in the route is ignored. The download centre connects to
``DLWIDGET["WS_PATH"]``: route ``django_dlwidget.routing.websocket_urlpatterns`` there
(docs/migrating.md).
Every change is already published by the job API; ``ws_init_download`` and ``ws_update_download``
publish a download again for code that called them.
"""

from __future__ import annotations

import uuid

from ...downloads.lifecycle import owner_of
from ...live.consumers import DownloadsConsumer
from ...live.publish import publish

__all__ = ["DownloadsConsumer", "ws_init_download", "ws_update_download"]


def ws_update_download(download_key: uuid.UUID | str) -> None:
    """Send the download's current state to its owner's sockets (nothing if it is gone)."""
    owner_id = owner_of(download_key)
    if owner_id is not None:
        publish(download_key, owner_id, "download")


ws_init_download = ws_update_download
