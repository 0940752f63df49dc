"""Deleting an upload (directly, or with its user) removes its partial data from the store."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete
from django.dispatch import receiver

from ..models import Upload
from .stores import get_store


@receiver(post_delete, sender=Upload, dispatch_uid="dlwidget_upload_remove_file")
def remove_partial_file(sender: type[Upload], instance: Upload, **kwargs: Any) -> None:
    # Removed at once: should the deletion roll back, the row's offset is reconciled with the
    # (now empty) data on its next use, and the client resends.
    get_store().remove(instance.id)
