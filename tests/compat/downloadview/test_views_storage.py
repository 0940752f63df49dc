"""``StorageDownloadView``: a name in a storage, from the URL or ``path``; nothing outside the
storage is ever served; Range and validators from the storage."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpResponseNotModified
from django.test import RequestFactory

from django_dlwidget.compat.downloadview import exceptions
from django_dlwidget.compat.downloadview.files import StorageFile
from django_dlwidget.compat.downloadview.response import DownloadResponse
from django_dlwidget.compat.downloadview.views import StorageDownloadView

from .conftest import BODY
from .urls import UpperStorage


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_from_the_url_from_path_and_from_the_default_storage(client: Any, files: Path) -> None:
    for url in ("/storage/files/data.bin", "/storage-static/", "/storage-default/files/data.bin"):
        response = client.get(url)
        assert isinstance(response, DownloadResponse), url
        assert isinstance(response.file, StorageFile)
        assert response["Content-Disposition"] == 'attachment; filename="data.bin"'
        assert body(response) == BODY


def test_get_path_can_be_overridden(client: Any, files: Path) -> None:
    (files.parent / "LOUD.TXT").write_bytes(b"loud\n")
    assert body(client.get("/storage-upper/loud.txt")) == b"loud\n"
    view = UpperStorage()
    view.request, view.args, view.kwargs = RequestFactory().get("/"), (), {"path": "a b"}
    assert view.get_path() == "A B"


@pytest.mark.parametrize(
    "url",
    [
        "/storage/files/missing.bin",
        "/storage/files/sub",  # a folder
        "/storage/files/../secret.txt",
        "/storage/files/%2E%2E/secret.txt",
        "/storage/..%2Fsecret.txt",
        "/storage/files/..%5C..%5Csecret.txt",
        "/storage//etc/passwd",
        "/storage/files/%00.txt",
    ],
)
def test_nothing_outside_the_storage_and_nothing_missing(
    client: Any, files: Path, url: str
) -> None:
    assert client.get(url).status_code == 404


def test_a_climbing_path_attribute_is_refused_too(files: Path) -> None:
    view = StorageDownloadView(path="../secret.txt")
    view.request, view.args, view.kwargs = RequestFactory().get("/"), (), {}
    with pytest.raises(exceptions.FileNotFound):
        view.get_file()


def test_range_if_range_and_conditional_requests(client: Any, files: Path) -> None:
    url = "/storage/files/data.bin"
    whole = client.get(url)
    partial = client.get(url, headers={"Range": "bytes=5-", "If-Range": whole["ETag"]})
    assert partial.status_code == 206
    assert body(partial) == BODY[5:]
    dated = client.get(url, headers={"Range": "bytes=0-1", "If-Range": whole["Last-Modified"]})
    assert dated.status_code == 206
    assert body(dated) == BODY[:2]
    assert client.get(url, headers={"If-None-Match": whole["ETag"]}).status_code == 304
    year = datetime.date.today().year + 4
    future = client.get(url, headers={"If-Modified-Since": f"Sat, 29 Oct {year} 19:43:31 GMT"})
    assert isinstance(future, HttpResponseNotModified)
    past = client.get(url, headers={"If-Modified-Since": "Sat, 29 Oct 1980 19:43:31 GMT"})
    assert past.status_code == 200
    assert body(past) == BODY
