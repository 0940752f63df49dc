"""``compat.downloadview.lighttpd``: the same ``X-Sendfile`` as Apache's, with lighttpd's own
response class (which lighttpd's ``assert_x_sendfile`` asks for), middleware and decorator."""

from __future__ import annotations

import unittest
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, RequestFactory

from django_dlwidget.compat.downloadview import apache, lighttpd
from django_dlwidget.compat.downloadview.files import StorageFile
from django_dlwidget.compat.downloadview.lighttpd import (
    XSendfileMiddleware,
    XSendfileResponse,
    XSendfileValidator,
    assert_x_sendfile,
    x_sendfile,
)
from django_dlwidget.compat.downloadview.response import DownloadResponse

from . import offload_env
from .offload_urls import server_storage

case = unittest.TestCase()


@pytest.fixture(autouse=True)
def offload_env_(settings: Any, tmp_path: Path) -> Path:
    return offload_env.set_up(settings, tmp_path)


def test_smart_middleware_rule_by_url(client: Client) -> None:
    response = client.get("/lighttpd/by-middleware/")
    assert isinstance(response, XSendfileResponse)
    assert_x_sendfile(
        case,
        response,
        content_type="text/plain; charset=utf-8",
        basename="hello-world.txt",
        file_path="/lighttpd-optimized-by-middleware/hello-world.txt",
    )
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_decorator(client: Client) -> None:
    response = client.get("/lighttpd/by-decorator/")
    assert_x_sendfile(case, response, file_path="/lighttpd-optimized-by-decorator/hello-world.txt")
    modified = client.get("/lighttpd/modified-headers/")
    assert_x_sendfile(case, modified, file_path="/lighttpd-modified-headers/hello-world.txt")
    assert modified["X-Test"] == "header"


def test_the_middleware_makes_lighttpds_response(rf: RequestFactory) -> None:
    middleware = XSendfileMiddleware(source_url="/media/lighttpd/", destination_dir="/srv/l/")
    original = DownloadResponse(StorageFile(server_storage("lighttpd"), "hello-world.txt"))
    response = middleware.process_response(rf.get("/"), original)
    assert type(response) is XSendfileResponse
    assert response["X-Sendfile"] == "/srv/l/hello-world.txt"


def test_lighttpds_validator_wants_lighttpds_response() -> None:
    apaches = apache.XSendfileResponse("/srv/a.txt", "text/plain")
    with pytest.raises(AssertionError):
        assert_x_sendfile(case, apaches)
    XSendfileValidator()(case, XSendfileResponse("/srv/a.txt", "text/plain"), basename="a.txt")


def test_the_package_exports() -> None:
    assert lighttpd.x_sendfile is x_sendfile
    assert lighttpd.x_sendfile is not apache.x_sendfile
    assert set(lighttpd.__all__) == set(apache.__all__)
