"""``compat.downloadview.apache``: ``XSendfileResponse``, ``XSendfileMiddleware`` (by rule and by
decorator), ``x_sendfile`` and ``assert_x_sendfile``."""

from __future__ import annotations

import unittest
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.test import Client, RequestFactory

from django_dlwidget.compat.downloadview import apache
from django_dlwidget.compat.downloadview.apache import (
    XSendfileMiddleware,
    XSendfileResponse,
    XSendfileValidator,
    assert_x_sendfile,
    x_sendfile,
)
from django_dlwidget.compat.downloadview.files import StorageFile
from django_dlwidget.compat.downloadview.response import DownloadResponse

from . import offload_env
from .offload_urls import server_storage

case = unittest.TestCase()


@pytest.fixture(autouse=True)
def offload_env_(settings: Any, tmp_path: Path) -> Path:
    return offload_env.set_up(settings, tmp_path)


def test_the_response_hands_the_file_to_the_server_with_nosniff() -> None:
    response = XSendfileResponse("/srv/files/é.txt", "text/plain; charset=utf-8")
    assert response["X-Sendfile"].encode("latin-1") == "/srv/files/é.txt".encode()
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.basename == "é.txt"
    assert response["Content-Disposition"].startswith("attachment")
    assert response.content == b""
    assert_x_sendfile(case, response, file_path="/srv/files/é.txt", basename="é.txt")


def test_basename_inline_and_kept_headers() -> None:
    original = DownloadResponse(StorageFile(server_storage("apache"), "hello-world.txt"))
    original["X-Test"] = "header"
    response = XSendfileResponse(
        "/srv/a.txt",
        original["Content-Type"],
        basename="b.txt",
        attachment=False,
        headers=original.headers,
    )
    assert response.basename == "b.txt"
    assert response["X-Test"] == "header"
    assert "Content-Length" not in response
    assert response["Content-Disposition"] == original["Content-Disposition"]  # kept as it was
    bare = XSendfileResponse("/srv/a.txt", "text/plain", attachment=False)
    assert "Content-Disposition" not in bare
    assert_x_sendfile(case, bare, attachment=False)


def test_a_parent_segment_is_refused() -> None:
    with pytest.raises(SuspiciousFileOperation):
        XSendfileResponse("/srv/files/../../etc/passwd", "text/plain")


def test_smart_middleware_rule_by_url(client: Client) -> None:
    response = client.get("/apache/by-middleware/")
    assert_x_sendfile(
        case,
        response,
        content_type="text/plain; charset=utf-8",
        basename="hello-world.txt",
        file_path="/apache-optimized-by-middleware/hello-world.txt",
        attachment=True,
    )


def test_the_decorator(client: Client) -> None:
    response = client.get("/apache/by-decorator/")
    assert_x_sendfile(case, response, file_path="/apache-optimized-by-decorator/hello-world.txt")
    modified = client.get("/apache/modified-headers/")
    assert_x_sendfile(case, modified, file_path="/apache-modified-headers/hello-world.txt")
    assert modified["X-Test"] == "header"


def test_a_url_match_becomes_a_path_on_disk(rf: RequestFactory, offload_env_: Path) -> None:
    """The URL's rest is percent-decoded: X-Sendfile names a file, not a URL."""
    server_storage("apache").save("a b é.txt", File(open(__file__, "rb")))  # noqa: SIM115
    middleware = XSendfileMiddleware(source_url="/media/apache/", destination_dir="/srv/apache")
    original = DownloadResponse(StorageFile(server_storage("apache"), "a b é.txt"))
    assert original.file.url == "/media/apache/a%20b%20%C3%A9.txt"
    response = middleware.process_response(rf.get("/"), original)
    assert_x_sendfile(case, response, file_path="/srv/apache/a b é.txt")


def test_a_source_dir_rule(rf: RequestFactory, offload_env_: Path) -> None:
    middleware = XSendfileMiddleware(
        source_dir=str(offload_env_ / "disk"), destination_dir="/mnt/disk/"
    )
    name = offload_env_ / "disk" / "hello-world.txt"
    with name.open("rb") as handle:
        response = middleware.process_response(
            rf.get("/"), DownloadResponse(File(handle, name=str(name)))
        )
    assert_x_sendfile(case, response, file_path="/mnt/disk/hello-world.txt")


def test_no_match_stays_with_django(rf: RequestFactory) -> None:
    middleware = XSendfileMiddleware(source_url="/media/apache/", destination_dir="/srv/")
    elsewhere = DownloadResponse(StorageFile(server_storage("nginx"), "hello-world.txt"))
    assert middleware.process_response(rf.get("/"), elsewhere) is elsewhere


def test_the_validator_fails_where_it_should() -> None:
    response = XSendfileResponse("/srv/a.txt", "text/plain")
    XSendfileValidator()(case, response, basename="a.txt", content_type="text/plain")
    for assertion in (
        {"basename": "b.txt"},
        {"content_type": "text/html"},
        {"file_path": "/srv/b.txt"},
        {"attachment": False},
    ):
        with pytest.raises(AssertionError):
            assert_x_sendfile(case, response, **assertion)
    with pytest.raises(AssertionError):
        assert_x_sendfile(
            case, XSendfileResponse("/a", "text/plain", attachment=False), attachment=True
        )
    with pytest.raises(AssertionError):
        assert_x_sendfile(case, DownloadResponse(StorageFile(server_storage("nginx"), "x")))


def test_the_package_exports() -> None:
    assert apache.x_sendfile is x_sendfile
    assert set(apache.__all__) == {
        "XSendfileMiddleware",
        "XSendfileResponse",
        "XSendfileValidator",
        "assert_x_sendfile",
        "x_sendfile",
    }
