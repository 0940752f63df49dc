"""Views whose downloads the offload middlewares and decorators take over, as the predecessor's
demo project routes them: one storage per web server under ``MEDIA_ROOT`` (read at request
time, so each test has its own), a file by its path on disk, a file in memory, and files behind
signed URLs."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.http import HttpRequest
from django.urls import path

from django_dlwidget.compat.downloadview import PathDownloadView, StorageDownloadView
from django_dlwidget.compat.downloadview.apache import x_sendfile as apache_x_sendfile
from django_dlwidget.compat.downloadview.decorators import signature_required
from django_dlwidget.compat.downloadview.files import StorageFile, VirtualFile
from django_dlwidget.compat.downloadview.lighttpd import x_sendfile as lighttpd_x_sendfile
from django_dlwidget.compat.downloadview.nginx import x_accel_redirect
from django_dlwidget.compat.downloadview.response import DownloadResponse
from django_dlwidget.compat.downloadview.storage import SignedFileSystemStorage

HELLO = b"Hello world!\n"


def server_storage(server: str) -> FileSystemStorage:
    """``MEDIA_ROOT/<server>``, at ``MEDIA_URL`` + ``<server>/``."""
    return FileSystemStorage(
        location=Path(settings.MEDIA_ROOT) / server, base_url=f"{settings.MEDIA_URL}{server}/"
    )


def signed_storage() -> SignedFileSystemStorage:
    """``MEDIA_ROOT/signed`` at ``/signed/``, which ``signed_file`` serves."""
    return SignedFileSystemStorage(
        location=Path(settings.MEDIA_ROOT) / "signed", base_url="/signed/"
    )


def hello(request: HttpRequest, server: str) -> DownloadResponse:
    return DownloadResponse(StorageFile(server_storage(server), "hello-world.txt"))


def on_disk(request: HttpRequest) -> DownloadResponse:
    """A file by its absolute name, as ``PathDownloadView`` gives it."""
    name = Path(settings.MEDIA_ROOT) / "disk" / "hello-world.txt"
    return DownloadResponse(File(name.open("rb"), name=str(name)), basename="hello-world.txt")


def in_memory(request: HttpRequest) -> DownloadResponse:
    return DownloadResponse(VirtualFile(BytesIO(HELLO), name="hello-world.txt"))


def nowhere(request: HttpRequest) -> DownloadResponse:
    """A file with neither a name nor a URL: nothing a web server could find."""
    return DownloadResponse(VirtualFile(BytesIO(HELLO)), basename="hello-world.txt")


def signed_file(request: HttpRequest, name: str) -> DownloadResponse:
    return DownloadResponse(StorageFile(signed_storage(), name))


async def hello_async(request: HttpRequest, server: str) -> DownloadResponse:
    return hello(request, server)


class DiskFile(PathDownloadView):
    """The predecessor's ``PathDownloadView`` over the file on disk, named by its full path."""

    def get_path(self) -> str:
        return str(Path(settings.MEDIA_ROOT) / "disk" / "hello-world.txt")


def disk_by_decorator(request: HttpRequest) -> Any:
    decorated = x_accel_redirect(
        DiskFile.as_view(),
        source_dir=str(Path(settings.MEDIA_ROOT) / "disk"),
        destination_url="/disk-internal/",
    )
    return decorated(request)


def with_test_header(view: Callable[..., Any]) -> Callable[..., Any]:
    def modified(request: HttpRequest, **kwargs: Any) -> Any:
        response = view(request, **kwargs)
        response["X-Test"] = "header"
        return response

    return modified


urlpatterns = [
    path("<str:server>/by-middleware/", hello),
    path("async/<str:server>/by-middleware/", hello_async),
    path("disk/", on_disk),
    path("memory/", in_memory),
    path("nowhere/", nowhere),
    path(
        "nginx/by-decorator/",
        x_accel_redirect(
            hello,
            source_url="/media/nginx/",
            destination_url="/nginx-optimized-by-decorator/",
        ),
        {"server": "nginx"},
    ),
    path(
        "nginx/async-decorator/",
        x_accel_redirect(hello_async, source_url="/media/nginx/", destination_url="/nginx-async/"),
        {"server": "nginx"},
    ),
    path(
        "nginx/modified-headers/",
        x_accel_redirect(
            with_test_header(hello),
            source_url="/media/nginx/",
            destination_url="/nginx-modified-headers/",
        ),
        {"server": "nginx"},
    ),
    path(
        "apache/by-decorator/",
        apache_x_sendfile(
            hello, source_url="/media/apache/", destination_dir="/apache-optimized-by-decorator/"
        ),
        {"server": "apache"},
    ),
    path(
        "apache/modified-headers/",
        apache_x_sendfile(
            with_test_header(hello),
            source_url="/media/apache/",
            destination_dir="/apache-modified-headers/",
        ),
        {"server": "apache"},
    ),
    path(
        "lighttpd/by-decorator/",
        lighttpd_x_sendfile(
            hello,
            source_url="/media/lighttpd/",
            destination_dir="/lighttpd-optimized-by-decorator/",
        ),
        {"server": "lighttpd"},
    ),
    path(
        "lighttpd/modified-headers/",
        lighttpd_x_sendfile(
            with_test_header(hello),
            source_url="/media/lighttpd/",
            destination_dir="/lighttpd-modified-headers/",
        ),
        {"server": "lighttpd"},
    ),
    path("signed/<path:name>", signature_required(signed_file)),
    # The views themselves: a storage that follows MEDIA_ROOT (MEDIA_URL + "nginx/..."), a path.
    path("views/storage/", StorageDownloadView.as_view(path="nginx/hello-world.txt")),
    path("views/path/", disk_by_decorator),
]

# The predecessor demo's settings: one rule per web server, the first through the default backend.
DOWNLOADVIEW_BACKEND = "django_dlwidget.compat.downloadview.nginx.XAccelRedirectMiddleware"
DOWNLOADVIEW_RULES = [
    {"source_url": "/media/nginx/", "destination_url": "/nginx-optimized-by-middleware/"},
    {
        "source_url": "/media/apache/",
        "destination_dir": "/apache-optimized-by-middleware/",
        "backend": "django_dlwidget.compat.downloadview.apache.XSendfileMiddleware",
    },
    {
        "source_url": "/media/lighttpd/",
        "destination_dir": "/lighttpd-optimized-by-middleware/",
        "backend": "django_dlwidget.compat.downloadview.lighttpd.XSendfileMiddleware",
    },
]
SMART_MIDDLEWARE = "django_dlwidget.compat.downloadview.middlewares.SmartDownloadMiddleware"
