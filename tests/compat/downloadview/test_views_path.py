"""``PathDownloadView``: a file by path; 404 for anything but a regular file; a path from the
URL never climbs; ``root`` confines every path; Range and validators from the file itself."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.core.files import File
from django.test import RequestFactory

from django_dlwidget.compat.downloadview import exceptions
from django_dlwidget.compat.downloadview.response import DownloadResponse
from django_dlwidget.compat.downloadview.views import PathDownloadView

from .conftest import BODY


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def setup(view: PathDownloadView, **kwargs: Any) -> PathDownloadView:
    view.request, view.args, view.kwargs = RequestFactory().get("/"), (), kwargs
    return view


def test_static_and_from_the_url(client: Any, files: Path) -> None:
    static = client.get("/path/static/")
    assert isinstance(static, DownloadResponse)
    assert static["Content-Type"] == "text/plain; charset=utf-8"
    assert body(static) == b"Hello world!\n"
    assert body(client.get("/path/joined/sub/nested.txt")) == b"nested\n"
    assert body(client.get("/path/rooted/data.bin")) == BODY


@pytest.mark.parametrize(
    "url",
    [
        "/path/joined/../secret.txt",
        "/path/joined/..%2Fsecret.txt",
        "/path/joined/sub/..%2F..%2Fsecret.txt",
        "/path/joined//etc/hostname",
        "/path/rooted/..%2Fsecret.txt",
        "/path/joined/missing.txt",
        "/path/joined/sub",
    ],
)
def test_404s(client: Any, files: Path, url: str) -> None:
    assert client.get(url).status_code == 404


def test_root_refuses_a_symlink_out(client: Any, files: Path) -> None:
    (files / "link.txt").symlink_to(files.parent / "secret.txt")
    assert client.get("/path/rooted/link.txt").status_code == 404
    # Without a root, a link is followed as the predecessor did.
    assert body(client.get("/path/joined/link.txt")) == b"secret\n"


def test_get_path_and_get_file(files: Path, monkeypatch: Any) -> None:
    view = setup(PathDownloadView(path="/from/attribute"))
    assert view.get_path() == "/from/attribute"
    assert setup(PathDownloadView(path="x"), path="from-url").get_path() == "from-url"
    assert setup(PathDownloadView(path_url_kwarg="name"), name="n").get_path() == "n"
    opened = setup(PathDownloadView(path=os.fspath(files / "data.bin"))).get_file()
    assert isinstance(opened, File)
    assert opened.name == os.fspath(files / "data.bin")  # the middlewares match it by folder
    assert opened.read() == BODY
    opened.close()
    monkeypatch.chdir(files)
    relative = setup(PathDownloadView(path="sub/nested.txt")).get_file()
    assert relative.name == os.fspath(files / "sub" / "nested.txt")
    assert relative.read() == b"nested\n"
    relative.close()
    inside = setup(PathDownloadView(path="sub/nested.txt", root=files)).get_file()
    assert inside.name == os.fspath(files / "sub" / "nested.txt")
    inside.close()
    for bad in (None, "", "i-do-not-exist", os.fspath(files / "sub")):
        with pytest.raises(exceptions.FileNotFound):
            setup(PathDownloadView(path=bad)).get_file()
    with pytest.raises(exceptions.FileNotFound):
        setup(PathDownloadView(path="../secret.txt", root=files)).get_file()


def test_range_and_validators(client: Any, files: Path) -> None:
    url = "/path/rooted/data.bin"
    whole = client.get(url)
    assert whole["ETag"]
    assert whole["Last-Modified"]
    partial = client.get(url, headers={"Range": "bytes=0-99", "If-Range": whole["ETag"]})
    assert partial.status_code == 206
    assert body(partial) == BODY[:100]
    assert client.get(url, headers={"If-None-Match": whole["ETag"]}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": whole["Last-Modified"]}).status_code == 304
