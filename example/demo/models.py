"""Demo models: a document with a resumable file, and a folder whose attachments are inlines."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from django_dlwidget.fields import ResumableFileField

GIB = 1024**3


class Document(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    title = models.CharField(max_length=200)
    file = ResumableFileField(upload_to="documents/%Y/%m/", max_size=2 * GIB)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created",)

    def __str__(self) -> str:
        return self.title


class Folder(models.Model):
    name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.name


class Attachment(models.Model):
    folder = models.ForeignKey(Folder, on_delete=models.CASCADE, related_name="attachments")
    file = ResumableFileField(upload_to="attachments/", max_size=2 * GIB)

    def __str__(self) -> str:
        return self.file.name or ""
