"""``sendfile()``: django-sendfile's call, inline by default, 404 for a missing file, with
Range like every view."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.http import Http404
from django.test import RequestFactory

from django_dlwidget.compat.downloadview.response import DownloadResponse
from django_dlwidget.compat.downloadview.shortcuts import sendfile

from .conftest import BODY

factory = RequestFactory()


def test_defaults(files: Path) -> None:
    response = sendfile(factory.get("/"), str(files / "hello-world.txt"))
    assert isinstance(response, DownloadResponse)
    assert response.attachment is False
    assert "Content-Disposition" not in response
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_every_argument(files: Path) -> None:
    response = sendfile(
        factory.get("/"),
        str(files / "data.bin"),
        attachment=True,
        attachment_filename="toto.txt",
        mimetype="test/octet-stream",
        encoding="gzip",
    )
    assert response.attachment is True
    assert response.basename == "toto.txt"
    assert response["Content-Disposition"] == 'attachment; filename="toto.txt"'
    assert response["Content-Type"] == "test/octet-stream; charset=utf-8"
    assert response.get_encoding() == "gzip"


def test_missing_file_and_range(files: Path) -> None:
    with pytest.raises(Http404):
        sendfile(factory.get("/"), str(files / "i-do-not-exist"))
    partial = sendfile(factory.get("/", headers={"Range": "bytes=1-2"}), str(files / "data.bin"))
    assert partial.status_code == 206
    assert b"".join(partial.streaming_content) == BODY[1:3]
