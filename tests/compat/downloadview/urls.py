"""Compat views as a migrated project routes them, over the test app's ``Document`` and files
under ``MEDIA_ROOT`` (read at request time: each test has its own)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db.models import CharField, DateTimeField, IntegerField, Value
from django.urls import path

from django_dlwidget.compat.downloadview import (
    BytesIteratorIO,
    HTTPDownloadView,
    ObjectDownloadView,
    PathDownloadView,
    StorageDownloadView,
    TextIteratorIO,
    VirtualDownloadView,
    VirtualFile,
)
from tests.testapp.models import Document

MTIME = datetime(2020, 5, 17, 10, 0, tzinfo=UTC)
GENERATED = [f"row {number}\n".encode() for number in range(80000)]  # ~900 kB, small chunks
storage = FileSystemStorage()  # follows MEDIA_ROOT


def files_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "files"


metadata = Document.objects.annotate(
    mime=Value("text/csv", output_field=CharField()),
    enc=Value("gzip", output_field=CharField()),
    cs=Value("latin-1", output_field=CharField()),
    mtime=Value(MTIME, output_field=DateTimeField()),
    sz=Value(3, output_field=IntegerField()),
)


class StaticPath(PathDownloadView):
    def get_path(self) -> Any:
        return os.fspath(files_dir() / "hello-world.txt")


class JoinedPath(PathDownloadView):
    """The predecessor's demo: the URL's path joined to a folder, without a root."""

    def get_path(self) -> Any:
        return os.path.join(files_dir(), super().get_path())


class RootedPath(PathDownloadView):
    @property
    def root(self) -> Any:  # type: ignore[override]
        return files_dir()


class UpperStorage(StorageDownloadView):
    def get_path(self) -> Any:
        return super().get_path().upper()


class TextView(VirtualDownloadView):
    def get_file(self) -> Any:
        return ContentFile(b"Hello world!\n", name="hello-world.txt")


class StringIOView(VirtualDownloadView):
    def get_file(self) -> Any:
        return VirtualFile(StringIO("Hello wörld!\n"), name="hello-world.txt")


def hello() -> Iterator[str]:
    yield from ("Hello ", "wörld!", "\n")


class GeneratedTextView(VirtualDownloadView):
    def get_file(self) -> Any:
        return VirtualFile(TextIteratorIO(hello()), name="hello-world.txt")


class GeneratedBytesView(VirtualDownloadView):
    def get_file(self) -> Any:
        return VirtualFile(BytesIteratorIO(iter(GENERATED)), name="rows.csv")


class RemoteView(HTTPDownloadView):
    def get_url(self) -> str:
        return f"http://127.0.0.1:{self.kwargs['port']}/{self.kwargs['rest']}"


urlpatterns = [
    path("object/<int:pk>/", ObjectDownloadView.as_view(model=Document)),
    path(
        "object/slug/<slug:slug>/",
        ObjectDownloadView.as_view(model=Document, slug_field="title"),
    ),
    path("object/inline/<int:pk>/", ObjectDownloadView.as_view(model=Document, attachment=False)),
    path(
        "object/named/<int:pk>/",
        ObjectDownloadView.as_view(model=Document, basename_field="title"),
    ),
    path(
        "object/meta/<int:pk>/",
        ObjectDownloadView.as_view(
            queryset=metadata,
            mime_type_field="mime",
            encoding_field="enc",
            charset_field="cs",
            modification_time_field="mtime",
            size_field="sz",
        ),
    ),
    path(
        "object/narrow/<int:pk>/",
        ObjectDownloadView.as_view(queryset=Document.objects.filter(title="visible")),
    ),
    path("storage/<path:path>", StorageDownloadView.as_view(storage=storage)),
    path("storage-upper/<path:path>", UpperStorage.as_view(storage=storage)),
    path("storage-static/", StorageDownloadView.as_view(storage=storage, path="files/data.bin")),
    path("storage-default/<path:path>", StorageDownloadView.as_view()),
    path("path/static/", StaticPath.as_view()),
    path("path/joined/<path:path>", JoinedPath.as_view()),
    path("path/rooted/<path:path>", RootedPath.as_view()),
    path("virtual/text/", TextView.as_view()),
    path("virtual/stringio/", StringIOView.as_view()),
    path("virtual/generated-text/", GeneratedTextView.as_view()),
    path("virtual/generated-bytes/", GeneratedBytesView.as_view()),
    path("http/<int:port>/<path:rest>", RemoteView.as_view()),
]
