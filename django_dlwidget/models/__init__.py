"""The models: ``Download`` (a background export), ``Upload`` (a resumable upload) and
``UploadQuota`` (the lock that serialises an owner's upload quota)."""

from __future__ import annotations

from .download import Download, DownloadStatus
from .quota import UploadQuota
from .upload import Upload

__all__ = ["Download", "DownloadStatus", "Upload", "UploadQuota"]
