"""The two models: ``Download`` (a background export) and ``Upload`` (a resumable upload)."""

from __future__ import annotations

from .download import Download, DownloadStatus
from .upload import Upload

__all__ = ["Download", "DownloadStatus", "Upload"]
