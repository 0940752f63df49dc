"""How a project serves its own files with django_dlwidget.serving."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404

from django_dlwidget.serving import (
    Content,
    FileDownloadView,
    ObjectFileDownloadView,
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

    def get_file(self) -> Content:
        return get_object_or_404(Document, pk=self.kwargs["pk"], owner=self.request.user).file

    def get_filename(self, file: Content) -> str | None:
        return "report.txt"


def path_function(request: HttpRequest, name: str) -> HttpResponseBase:
    """A file by its path, from the URL, kept inside MEDIA_ROOT/public."""
    return serve_file(request, name, root=Path(settings.MEDIA_ROOT) / "public")


class PathView(FileDownloadView):
    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.root = Path(settings.MEDIA_ROOT) / "public"  # read per request: tests override it

    def get_file(self) -> Content:
        return str(self.kwargs["name"])


def numbered_lines(count: int) -> Iterator[bytes]:
    for n in range(count):
        yield b"line %d\n" % n


class GeneratedView(FileDownloadView):
    filename = "lines.txt"

    def get_file(self) -> Content:
        return numbered_lines(int(self.kwargs["count"]))


class DocumentObjectView(ObjectFileDownloadView):
    model = Document

    def get_queryset(self) -> QuerySet[Document]:
        return Document.objects.filter(owner_id=self.request.user.pk)


def usernames(request: HttpRequest) -> HttpResponseBase:
    """The user names, read from the database while the body streams."""
    rows = User.objects.order_by("username").values_list("username", flat=True)
    return serve_file(request, (name.encode() + b"\n" for name in rows.iterator(chunk_size=1)))
