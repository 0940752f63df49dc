"""``django_downloadview.views``: every download view, importable from here."""

from __future__ import annotations

from .base import BaseDownloadView, DownloadMixin
from .http import HTTPDownloadView
from .object import ObjectDownloadView
from .path import PathDownloadView
from .storage import StorageDownloadView
from .virtual import VirtualDownloadView

__all__ = (
    "BaseDownloadView",
    "DownloadMixin",
    "HTTPDownloadView",
    "ObjectDownloadView",
    "PathDownloadView",
    "StorageDownloadView",
    "VirtualDownloadView",
)
