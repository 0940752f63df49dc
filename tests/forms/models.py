"""Models with resumable file fields, for the form, formset and admin tests."""

from __future__ import annotations

from django.core.files.storage import InMemoryStorage
from django.db import models

from django_dlwidget.fields import ResumableFileField

MAX_SIZE = 64 * 1024
memory_storage = InMemoryStorage()


class Document(models.Model):
    title = models.CharField(max_length=100, blank=True)
    file = ResumableFileField(
        upload_to="documents/",
        max_size=MAX_SIZE,
        accept=["application/pdf", "image/*", ".csv"],
        blank=True,
    )

    def __str__(self) -> str:
        return self.title


class Folder(models.Model):
    name = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name


class Attachment(models.Model):
    folder = models.ForeignKey(Folder, on_delete=models.CASCADE, related_name="attachments")
    file = ResumableFileField(upload_to="attachments/%Y/")

    def __str__(self) -> str:
        return self.file.name or ""


class Remote(models.Model):
    """On a storage that is not a local filesystem: the data is copied in chunks."""

    file = ResumableFileField(storage=memory_storage, upload_to="remote/")

    def __str__(self) -> str:
        return self.file.name or ""
