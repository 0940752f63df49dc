"""``HTTPDownloadView`` against a real HTTP server on a free port: the remote body streams
through as it arrives, its type is kept, and a remote error is a clear status, never a 500."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import RequestFactory

from django_dlwidget.compat.downloadview import HTTPFile
from django_dlwidget.compat.downloadview.files import requests_get
from django_dlwidget.compat.downloadview.response import DownloadResponse
from django_dlwidget.compat.downloadview.views import HTTPDownloadView
from django_dlwidget.serving import BLOCK_SIZE

from .remote import HELD_FIRST, HELD_REST, Remote


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_a_remote_file(client: Any, remote: Remote) -> None:
    response = client.get(f"/http/{remote.port}/hello-world.txt")
    assert isinstance(response, DownloadResponse)
    assert isinstance(response.file, HTTPFile)
    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"] == 'attachment; filename="hello-world.txt"'
    assert body(response) == b"Hello world!\n"
    assert client.get(f"/http/{remote.port}/image.png")["Content-Type"] == "image/png"


@pytest.mark.django_db  # closing a response sends request_finished
def test_the_body_streams_before_the_remote_has_finished(remote: Remote) -> None:
    view = HTTPDownloadView.as_view(url=remote.url("held.txt"))
    response: Any = view(RequestFactory().get("/"))
    assert response.status_code == 200
    assert "Content-Length" not in response
    chunks = iter(response.streaming_content)
    first = next(chunks)  # a whole block, while the remote still holds the rest back
    assert len(first) == BLOCK_SIZE
    assert HELD_FIRST.startswith(first)
    remote.release.set()
    assert first + b"".join(chunks) == HELD_FIRST + HELD_REST
    response.close()


@pytest.mark.parametrize(("status", "answer"), [(404, 404), (410, 404), (403, 502), (500, 502)])
def test_remote_errors(client: Any, remote: Remote, status: int, answer: int) -> None:
    response = client.get(f"/http/{remote.port}/status/{status}")
    assert response.status_code == answer
    assert b"remote error page" not in response.content


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_connection_refused_and_a_bad_url() -> None:
    refused: Any = HTTPDownloadView.as_view(url=f"http://127.0.0.1:{free_port()}/x")
    assert refused(RequestFactory().get("/")).status_code == 502
    assert HTTPDownloadView.as_view(url="not a url")(RequestFactory().get("/")).status_code == 502


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        yield listener.getsockname()[1]


def test_a_timeout_is_a_504(silent_port: int) -> None:
    view = HTTPDownloadView.as_view(
        url=f"http://127.0.0.1:{silent_port}/x", request_kwargs={"timeout": 0.2}
    )
    assert view(RequestFactory().get("/")).status_code == 504


def test_hooks_and_options(remote: Remote) -> None:
    calls: list[str] = []

    class Hooked(HTTPDownloadView):
        basename = "renamed.txt"

        def get_request_factory(self) -> Any:
            def fetch(url: str, **kwargs: Any) -> Any:
                calls.append(url)
                return requests_get(url, **kwargs)

            return fetch

        def get_request_kwargs(self) -> dict[str, Any]:
            return {"headers": {"X-Proxied": "1"}}

        def get_url(self) -> str:
            return remote.url("hello-world.txt")

    response: Any = Hooked.as_view()(RequestFactory().get("/"))
    assert response["Content-Disposition"] == 'attachment; filename="renamed.txt"'
    assert body(response) == b"Hello world!\n"
    assert calls == [remote.url("hello-world.txt")]
    assert remote.requests[0]["X-Proxied"] == "1"
    view = HTTPDownloadView()
    assert (view.url, view.request_kwargs, view.get_request_factory()) == ("", {}, requests_get)
