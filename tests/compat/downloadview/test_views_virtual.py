"""``VirtualDownloadView``: content in memory has a length and answers Range; generated content
streams chunked, byte-exact, produced as it is sent, never an empty 200."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient, RequestFactory

from django_dlwidget.compat.downloadview import BytesIteratorIO, VirtualFile
from django_dlwidget.compat.downloadview.response import DownloadResponse
from django_dlwidget.compat.downloadview.views import VirtualDownloadView
from django_dlwidget.serving import BLOCK_SIZE

from .urls import GENERATED

ROWS = b"".join(GENERATED)


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_content_in_memory_has_a_length_and_ranges(client: Any) -> None:
    whole = client.get("/virtual/text/")
    assert isinstance(whole, DownloadResponse)
    assert whole["Content-Length"] == "13"
    assert whole["Content-Type"] == "text/plain; charset=utf-8"
    assert whole["Content-Disposition"] == 'attachment; filename="hello-world.txt"'
    assert body(whole) == b"Hello world!\n"
    partial = client.get("/virtual/text/", headers={"Range": "bytes=6-10"})
    assert partial.status_code == 206
    assert body(partial) == b"world"


@pytest.mark.parametrize("url", ["/virtual/stringio/", "/virtual/generated-text/"])
def test_text_is_sent_as_utf8_without_a_length(client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert "Content-Length" not in response
    assert response["Accept-Ranges"] == "none"
    assert body(response) == "Hello wörld!\n".encode()


def test_generated_bytes_stream_in_blocks_byte_exact(client: Any) -> None:
    response: Any = client.get("/virtual/generated-bytes/")
    assert isinstance(response, DownloadResponse)
    assert response.status_code == 200
    assert "Content-Length" not in response
    blocks = list(response)
    assert len(blocks) > 1
    assert all(len(block) <= BLOCK_SIZE + 16 for block in blocks)
    assert b"".join(blocks) == ROWS
    # No size, so no Range: the whole body, never an empty or partial answer.
    ranged = client.get("/virtual/generated-bytes/", headers={"Range": "bytes=0-9"})
    assert ranged.status_code == 200
    assert body(ranged) == ROWS
    assert body(client.head("/virtual/generated-bytes/")) == b""


def test_generation_follows_the_sending() -> None:
    produced: list[int] = []

    def rows() -> Iterator[bytes]:
        for number in range(4):
            produced.append(number)
            yield b"r" * BLOCK_SIZE

    class Lazy(VirtualDownloadView):
        def get_file(self) -> Any:
            return VirtualFile(BytesIteratorIO(rows()), name="lazy.bin")

    response: Any = Lazy.as_view()(RequestFactory().get("/"))
    assert produced == []
    chunks = iter(response.streaming_content)
    next(chunks)
    assert len(produced) < 4
    assert len(b"".join(chunks)) == 3 * BLOCK_SIZE


def test_was_modified_since_trusts_only_the_wrapper(client: Any) -> None:
    view = VirtualDownloadView()
    assert view.was_modified_since(mock.Mock(spec=["modified_time"]), "since") is True
    wrapper = mock.Mock()
    wrapper.was_modified_since.return_value = False
    assert view.was_modified_since(wrapper, "since") is False
    stale = client.get("/virtual/text/", headers={"If-Modified-Since": "Sat, 1 Jan 2050 0:0:0 GMT"})
    assert stale.status_code == 200


@pytest.mark.django_db
def test_under_asgi_generated_content_streams_byte_exact() -> None:
    client = AsyncClient()
    response: Any = async_to_sync(client.get)("/virtual/generated-bytes/")
    assert response.status_code == 200
    assert response.is_async
    assert "Content-Length" not in response

    async def collect() -> list[bytes]:
        return [chunk async for chunk in response.streaming_content]

    blocks = async_to_sync(collect)()
    assert len(blocks) > 1
    assert b"".join(blocks) == ROWS


def test_a_wrapper_that_knows_it_is_unchanged_gets_a_304() -> None:
    class Dated(VirtualFile):
        def was_modified_since(self, since: Any) -> bool:
            return bool(since != "Sat, 01 Jan 2050 00:00:00 GMT")

    class DatedView(VirtualDownloadView):
        def get_file(self) -> Any:
            return Dated(BytesIteratorIO(iter([b"x"])), name="x.txt")

    view = DatedView.as_view()
    unchanged = view(
        RequestFactory().get("/", headers={"If-Modified-Since": "Sat, 01 Jan 2050 00:00:00 GMT"})
    )
    assert unchanged.status_code == 304
    changed: Any = view(
        RequestFactory().get("/", headers={"If-Modified-Since": "Sun, 1 Jan 2000 0:0:0 GMT"})
    )
    assert changed.status_code == 200
    assert b"".join(changed) == b"x"


def test_a_bare_string_iterator_streams_too() -> None:
    from django_dlwidget.compat.downloadview import StringIteratorIO

    class Bare(VirtualDownloadView):
        basename = "bare.txt"

        def get_file(self) -> Any:
            return StringIteratorIO(iter(["a,", "b\n", "é\n"]))

    response: Any = Bare.as_view()(RequestFactory().get("/"))
    assert response.status_code == 200
    assert "Content-Length" not in response
    assert response["Content-Disposition"] == 'attachment; filename="bare.txt"'
    assert b"".join(response) == "a,b\né\n".encode()
