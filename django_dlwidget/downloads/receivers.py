"""The download area's signal receivers (connected by importing this module in ``apps.ready``).

- A deleted download takes its file with it and is published as removed. Deletion covers every
  way a row goes: the DELETE endpoint, the cleanup, the admin, and the cascade when its owner is
  deleted. The file is removed once the deletion commits.
- A ready download is e-mailed when ``DLWIDGET["NOTIFY_EMAIL"]`` is on, or when the sender of
  ``download_ready`` says ``notify=True`` (``save_download(notify=..., email=...)``: ``email`` holds
  the ``send_ready_email`` options), after the commit (no e-mail about a file whose transaction
  rolled back).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from ..conf import dlwidget_settings
from ..live.publish import publish
from ..models.download import Download
from ..signals import download_ready
from .files import delete_file
from .notifications import send_ready_email_logged


@receiver(post_delete, sender=Download, dispatch_uid="dlwidget_download_deleted")
def download_deleted(sender: Any, instance: Download, **kwargs: Any) -> None:
    name = instance.file.name if instance.file else ""
    if name:
        transaction.on_commit(lambda: delete_file(name), robust=True)
    publish(instance.key, instance.owner_id, "removed")


@receiver(download_ready, dispatch_uid="dlwidget_download_ready_email")
def notify_download_ready(
    sender: Any,
    download: Download,
    notify: bool | None = None,
    email: dict[str, Any] | None = None,
    **kwargs: Any,
) -> None:
    if notify is None:
        notify = dlwidget_settings.NOTIFY_EMAIL
    if notify:
        options = dict(email or {})
        transaction.on_commit(lambda: send_ready_email_logged(download, **options))
