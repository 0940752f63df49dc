"""A download's statuses, in a leaf module: importable before the app registry is ready (the
contract with the front end lists them), and re-exported by :mod:`django_dlwidget.models`."""

from __future__ import annotations

from typing import Final

from django.db import models
from django.utils.translation import gettext_lazy as _


class DownloadStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_STATUSES: Final = (DownloadStatus.PENDING, DownloadStatus.RUNNING)
FINISHED_STATUSES: Final = (DownloadStatus.READY, DownloadStatus.FAILED, DownloadStatus.CANCELLED)
