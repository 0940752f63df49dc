"""``DLWIDGET["SENDFILE"]`` backends: nginx, xsendfile, redirect."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from django_dlwidget.models import Download
from django_dlwidget.serving import serve_file
from django_dlwidget.testing import assert_download_response


def get(client: Client, download: Download) -> Any:
    assert download.owner is not None
    client.force_login(download.owner)
    return client.get(reverse("dlwidget:download-file", args=[download.key]))


@override_settings(DLWIDGET={"SENDFILE": "nginx"})
def test_nginx(client: Client, download: Download) -> None:
    response = get(client, download)
    assert_download_response(response, filename="report.csv", content_type="text/csv")
    assert response["X-Accel-Redirect"] == f"/protected/{download.file.name}"
    assert not response.content
    assert "Content-Length" not in response or response["Content-Length"] == "0"


@override_settings(DLWIDGET={"SENDFILE": "nginx", "NGINX_PREFIX": "/internal"})
def test_nginx_prefix_and_quoting(rf: RequestFactory, media: object) -> None:
    name = default_storage.save("dir/ré port #1?.csv", ContentFile(b"a"))
    response = serve_file(rf.get("/"), storage=default_storage, name=name)
    assert response["X-Accel-Redirect"] == "/internal/" + quote(name)
    assert response["X-Accel-Redirect"].isascii()
    assert "?" not in response["X-Accel-Redirect"]
    assert "#" not in response["X-Accel-Redirect"]


@override_settings(DLWIDGET={"SENDFILE": "xsendfile"})
def test_xsendfile(client: Client, download: Download) -> None:
    response = get(client, download)
    assert_download_response(response, filename="report.csv")
    assert response["X-Sendfile"] == download.file.path
    assert not response.content
    download.file.delete(save=False)
    assert get(client, download).status_code == 404


@override_settings(DLWIDGET={"SENDFILE": "xsendfile"})
def test_xsendfile_non_ascii_path_is_raw_utf8(rf: RequestFactory, media: object) -> None:
    name = default_storage.save("é.txt", ContentFile(b"a"))
    response = serve_file(rf.get("/"), storage=default_storage, name=name)
    assert response["X-Sendfile"].encode("latin-1").decode() == default_storage.path(name)


class RemoteStorage(Storage):
    """Like S3: ``path()`` is not implemented."""


def test_xsendfile_needs_local_paths(rf: RequestFactory) -> None:
    storage = RemoteStorage()
    with pytest.raises(ImproperlyConfigured, match="local paths"):
        serve_file(rf.get("/"), storage=storage, name="a.txt", sendfile="xsendfile")


@override_settings(DLWIDGET={"SENDFILE": "redirect"}, MEDIA_URL="/media/")
def test_redirect(client: Client, download: Download) -> None:
    response = get(client, download)
    assert response.status_code == 302
    assert response["Location"] == f"/media/{download.file.name}"
    assert response["Cache-Control"] == "no-store"


class FakeS3Storage(FileSystemStorage):
    """Stands in for django-storages' S3 storage, which presigns ``parameters``."""

    seen: dict[str, str] = {}

    def url(self, name: str | None, parameters: dict[str, str] | None = None) -> str:
        FakeS3Storage.seen = dict(parameters or {})
        return f"https://bucket.example/{name}?X-Amz-Signature=abc"


FakeS3Storage.__module__ = "storages.backends.s3"


def test_redirect_passes_headers_to_s3(rf: RequestFactory, media: object) -> None:
    storage = FakeS3Storage()
    storage.save("a.csv", ContentFile(b"a"))
    response = serve_file(
        rf.get("/"), storage=storage, name="a.csv", filename="ünï.csv", sendfile="redirect"
    )
    assert response["Location"] == "https://bucket.example/a.csv?X-Amz-Signature=abc"
    assert FakeS3Storage.seen["ResponseContentType"] == "text/csv"
    assert "filename*=UTF-8''%C3%BCn%C3%AF.csv" in FakeS3Storage.seen["ResponseContentDisposition"]


def test_plain_files_are_streamed_whatever_the_backend(rf: RequestFactory) -> None:
    with override_settings(DLWIDGET={"SENDFILE": "nginx"}):
        response = serve_file(rf.get("/"), ContentFile(b"abc", name="x.txt"))
    assert_download_response(response, content=b"abc", filename="x.txt")
