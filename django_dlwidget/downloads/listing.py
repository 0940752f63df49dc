"""A user's current list of downloads: the HTTP list, the page's first render and the socket's
snapshot all come from here."""

from __future__ import annotations

from typing import Any

from ..conf import dlwidget_settings
from ..live.versions import get_version
from ..models.download import Download
from .serializers import download_json
from .stale import is_stale, stale_cutoff, sweep_stale


def owner_downloads(owner_id: Any) -> list[Download]:
    if owner_id is None:  # downloads nobody owns are in no one's list
        return []
    limit = dlwidget_settings.LIST_LIMIT
    return list(Download.objects.filter(owner_id=owner_id).order_by("-created", "-key")[:limit])


def current_list(owner_id: Any) -> tuple[int, list[Download]]:
    """The owner's version and newest downloads, after failing any stale job among them.

    The version is read first, so a change racing this read shows up as a newer version later
    rather than being lost.
    """
    version = get_version(owner_id)
    downloads = owner_downloads(owner_id)
    cutoff = stale_cutoff()
    stale = [download.key for download in downloads if is_stale(download, cutoff)]
    if stale and sweep_stale(stale):
        # The sweep published new versions: answer with the state after it.
        version = get_version(owner_id)
        downloads = owner_downloads(owner_id)
    return version, downloads


def snapshot(owner_id: Any) -> dict[str, Any]:
    """``{"version": N, "downloads": [...]}``: the list body and the socket's snapshot."""
    version, downloads = current_list(owner_id)
    return {"version": version, "downloads": [download_json(d) for d in downloads]}
