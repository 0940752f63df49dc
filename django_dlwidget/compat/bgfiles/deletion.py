"""Deleting a ``FileRequest`` is deleting a download: Django sends ``post_delete`` with the proxy
as the sender, so the native receiver (the file goes, the owner's list is told) is connected for
it too. Imported by ``BgfilesConfig.ready``."""

from __future__ import annotations

from django.db.models.signals import post_delete

from ...downloads.receivers import download_deleted
from .models import FileRequest

post_delete.connect(download_deleted, sender=FileRequest, dispatch_uid="bgfiles_request_deleted")
