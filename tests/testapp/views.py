"""How a project serves its own files with django_dlwidget.serving."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404

from django_dlwidget.serving import (
    FileDownloadView,
    ObjectFileDownloadView,
    StoredFile,
    serve_file,
)

from .models import Document


def document_function(request: HttpRequest, pk: int) -> HttpResponseBase:
    document = get_object_or_404(Document, pk=pk)
    return serve_file(request, document.file, filename=f"{document.title}.txt")


def stored_function(request: HttpRequest, name: str) -> HttpResponseBase:
    return serve_file(request, storage=default_storage, name=name)


class OwnDocumentView(LoginRequiredMixin, FileDownloadView):
    def has_permission(self) -> bool:
        return bool(self.request.user.is_staff)

    def get_file(self) -> File[Any] | StoredFile:
        return get_object_or_404(Document, pk=self.kwargs["pk"], owner=self.request.user).file

    def get_filename(self, file: File[Any] | StoredFile) -> str | None:
        return "report.txt"


class DocumentObjectView(ObjectFileDownloadView):
    model = Document

    def get_queryset(self) -> QuerySet[Document]:
        return Document.objects.filter(owner_id=self.request.user.pk)
