"""One user's download list: what the list endpoint, the socket's snapshot and the tag show.

The version is read *before* the rows. A change that commits in between is then in the rows while
its event carries a newer version than the snapshot, so a client applies it again (harmless);
read the other way round, the event would look old and be dropped with the change missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .conf import dlwidget_settings
from .models.download import Download
from .serializers import download_json
from .stale import is_stale, stale_cutoff, sweep_stale
from .versions import get_version


@dataclass(frozen=True)
class Snapshot:
    version: int
    downloads: list[dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        return {"version": self.version, "downloads": self.downloads}


def owner_downloads(owner_id: Any) -> list[Download]:
    """Newest first, at most ``LIST_LIMIT``."""
    limit = dlwidget_settings.LIST_LIMIT
    return list(Download.objects.filter(owner_id=owner_id).order_by("-created", "-key")[:limit])


def snapshot(owner_id: Any, version: int | None = None) -> Snapshot:
    """The list at ``version`` (read now when not given), after failing stale jobs among it."""
    if version is None:
        version = get_version(owner_id)
    downloads = owner_downloads(owner_id)
    cutoff = stale_cutoff()
    stale = [d.key for d in downloads if is_stale(d, cutoff)]
    if stale and sweep_stale(stale):
        # The sweep published new versions: answer with the state after it.
        version = get_version(owner_id)
        downloads = owner_downloads(owner_id)
    return Snapshot(version, [download_json(d) for d in downloads])
