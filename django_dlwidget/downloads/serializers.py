"""The JSON shape of a Download, shared by the endpoints, the WebSocket and the template tag."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.urls import reverse

from ..models.download import DownloadStatus

if TYPE_CHECKING:
    from ..models import Download


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a ``Z`` suffix, or None."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def download_json(download: Download) -> dict[str, Any]:
    """``{"key","name","description","filename","status","progress","error","size",
    "content_type","url","created","updated","finished","expires"}``; ``url`` is set only when
    the file is ready, ``finished`` once the job has ended (ready, failed or cancelled)."""
    ready = download.status == DownloadStatus.READY
    return {
        "key": str(download.key),
        "name": download.name,
        "description": download.description,
        "filename": download.filename,
        "status": download.status,
        "progress": download.progress,
        "error": download.error,
        "size": download.size,
        "content_type": download.content_type,
        "url": reverse("dlwidget:download-file", args=[download.key]) if ready else None,
        "created": iso(download.created),
        "updated": iso(download.updated),
        "finished": iso(download.finished),
        "expires": iso(download.expires),
    }
