"""Bodies are streamed in blocks, asynchronously under ASGI, and files are closed."""

from __future__ import annotations

import io
import warnings
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth.models import User
from django.core.files import File
from django.http import StreamingHttpResponse
from django.test import AsyncClient, Client, RequestFactory
from django.urls import reverse

from django_dlwidget.models import Download
from django_dlwidget.serving import BLOCK_SIZE, serve_file
from django_dlwidget.testing import close_response, response_content

from .conftest import MakeDownload

BIG = bytes(range(251)) * (4 * BLOCK_SIZE // 251 + 7)  # a little over four blocks


@pytest.fixture
def big(make_download: MakeDownload) -> Download:
    return make_download(BIG)


def test_asgi_streams_with_an_async_iterator(owner: User, big: Download) -> None:
    client = AsyncClient()
    client.force_login(owner)
    url = reverse("dlwidget:download-file", args=[big.key])

    async def consume() -> tuple[Any, list[bytes]]:
        response: Any = await client.get(url)
        assert isinstance(response, StreamingHttpResponse)
        # Django's ASGI handler consumes response.__aiter__: it warns and builds a list when
        # the iterator is synchronous.
        chunks = [chunk async for chunk in response]
        return response, chunks

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        response, chunks = async_to_sync(consume)()
    assert response.is_async
    assert b"".join(chunks) == BIG
    assert len(chunks) == 5
    assert max(map(len, chunks)) == BLOCK_SIZE


def test_wsgi_streams_with_a_sync_iterator(owner: User, big: Download) -> None:
    client = Client()
    client.force_login(owner)
    response: Any = client.get(reverse("dlwidget:download-file", args=[big.key]))
    assert isinstance(response, StreamingHttpResponse)
    assert not response.is_async
    chunks: list[bytes] = list(response.streaming_content)  # type: ignore[arg-type]
    assert b"".join(chunks) == BIG
    assert max(map(len, chunks)) == BLOCK_SIZE


class Tracked(io.BytesIO):
    reads: list[int]

    def read(self, size: int | None = -1, /) -> bytes:
        self.reads.append(-1 if size is None else size)
        return super().read(size)


def tracked(data: bytes) -> tuple[File[Any], Tracked]:
    raw = Tracked(data)
    raw.reads = []
    return File(raw, name="data.bin"), raw


@pytest.mark.parametrize("use_async", [False, True])
def test_reads_fixed_blocks_and_closes(rf: RequestFactory, use_async: bool) -> None:
    file, raw = tracked(b"x" * 1000)
    response = serve_file(
        rf.get("/", HTTP_RANGE="bytes=100-"), file, block_size=64, use_async=use_async
    )
    assert isinstance(response, StreamingHttpResponse)
    assert response.is_async is use_async
    assert response_content(response) == b"x" * 900
    assert all(size <= 64 for size in raw.reads)
    assert not raw.closed
    close_response(response)
    assert raw.closed


def test_abandoned_response_closes_the_file(rf: RequestFactory) -> None:
    file, raw = tracked(b"y" * 1000)
    response = serve_file(rf.get("/"), file, block_size=10, use_async=True)
    close_response(response)  # the server gave up (client disconnected) before the first block
    assert raw.closed


def test_refused_ranges_and_304_close_the_file(rf: RequestFactory) -> None:
    file, raw = tracked(b"z" * 10)
    assert serve_file(rf.get("/", HTTP_RANGE="bytes=50-"), file).status_code == 416
    assert raw.closed
    file, raw = tracked(b"z" * 10)
    request = rf.get("/", HTTP_IF_NONE_MATCH='"v1"')
    assert serve_file(request, file, etag='"v1"').status_code == 304
    assert raw.closed


def test_head_opens_nothing(rf: RequestFactory) -> None:
    file, raw = tracked(b"z" * 10)
    response = serve_file(rf.head("/"), file)
    assert response["Content-Length"] == "10"
    assert raw.reads == []
    assert raw.closed
