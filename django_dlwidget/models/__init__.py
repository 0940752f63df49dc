from __future__ import annotations

from .download import Download, DownloadStatus

__all__ = ["Download", "DownloadStatus"]
