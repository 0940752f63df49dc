"""``DownloadMixin`` and ``BaseDownloadView``: the predecessor's steps and hooks, with Range,
If-Range and the validators of the native ``serve_file()`` behind ``download_response()``."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime
from typing import Any
from unittest import mock

import pytest
from asgiref.sync import async_to_sync
from django.core.files.base import ContentFile
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.test import AsyncClient, RequestFactory
from django.utils.http import http_date

from django_dlwidget.compat.downloadview import exceptions
from django_dlwidget.compat.downloadview.response import DownloadResponse
from django_dlwidget.compat.downloadview.views import BaseDownloadView, DownloadMixin

from .conftest import BODY

factory = RequestFactory()


class Served(BaseDownloadView):
    def get_file(self) -> Any:
        return ContentFile(BODY, name="data.bin")


def serve(**headers: str) -> Any:
    return Served.as_view()(factory.get("/", headers=headers))


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_defaults() -> None:
    mixin = DownloadMixin()
    assert mixin.response_class is DownloadResponse
    assert (mixin.attachment, mixin.basename, mixin.mimetype, mixin.encoding) == (
        True,
        None,
        None,
        None,
    )
    with pytest.raises(NotImplementedError):
        mixin.get_file()
    mixin.basename, mixin.mimetype, mixin.encoding = "a.txt", "text/plain", "gzip"
    assert (mixin.get_basename(), mixin.get_mimetype(), mixin.get_encoding()) == (
        "a.txt",
        "text/plain",
        "gzip",
    )
    assert isinstance(mixin.not_modified_response(), HttpResponseNotModified)
    with pytest.raises(Http404):
        mixin.file_not_found_response()


def test_was_modified_since_asks_the_wrapper_then_its_modified_time() -> None:
    mixin = DownloadMixin()
    wrapper = mock.Mock()
    wrapper.was_modified_since.return_value = False
    assert mixin.was_modified_since(wrapper, "since") is False
    wrapper.was_modified_since.assert_called_once_with("since")

    moment = datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)
    dated = mock.Mock(spec=["modified_time"], modified_time=moment)
    stamp = calendar.timegm(moment.utctimetuple())
    assert mixin.was_modified_since(dated, http_date(stamp)) is False
    assert mixin.was_modified_since(dated, http_date(stamp - 60)) is True
    assert mixin.was_modified_since(mock.Mock(spec=[]), "whatever") is True


def test_download_response_maps_the_view_options() -> None:
    view = Served(basename="shown.csv", mimetype="text/csv", encoding="gzip", attachment=False)
    view.request = factory.get("/")
    view.file_instance = view.get_file()
    response = view.download_response()
    assert isinstance(response, DownloadResponse)
    assert (response.basename, response.file_mimetype, response.file_encoding) == (
        "shown.csv",
        "text/csv",
        "gzip",
    )
    assert response.attachment is False
    assert "Content-Disposition" not in response
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_another_response_class_is_returned_as_it_is() -> None:
    made: list[dict[str, Any]] = []

    def plain(**kwargs: Any) -> HttpResponse:
        made.append(kwargs)
        return HttpResponse("mine")

    response: Any = Served.as_view(response_class=plain)(factory.get("/"))
    assert response.content == b"mine"
    assert set(made[0]) == {
        "file_instance",
        "attachment",
        "basename",
        "file_mimetype",
        "file_encoding",
    }


def test_file_not_found_is_a_404() -> None:
    class Missing(BaseDownloadView):
        def get_file(self) -> Any:
            raise exceptions.FileNotFound("gone")

    with pytest.raises(Http404):
        Missing.as_view()(factory.get("/"))


def test_a_whole_download() -> None:
    response = serve()
    assert isinstance(response, DownloadResponse)
    assert response.status_code == 200
    assert response["Content-Length"] == str(len(BODY))
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Disposition"] == 'attachment; filename="data.bin"'
    assert body(response) == BODY


def test_range_if_range_and_416() -> None:
    partial = serve(Range="bytes=10-19")
    assert isinstance(partial, DownloadResponse)
    assert partial.status_code == 206
    assert partial["Content-Range"] == f"bytes 10-19/{len(BODY)}"
    assert partial["Content-Length"] == "10"
    assert body(partial) == BODY[10:20]
    # A ContentFile has no date, hence no validator: an If-Range cannot match.
    assert serve(Range="bytes=0-0", **{"If-Range": '"x"'}).status_code == 200
    refused = serve(Range=f"bytes={len(BODY)}-")
    assert refused.status_code == 416
    assert refused["Content-Range"] == f"bytes */{len(BODY)}"


def test_head_sends_the_headers_only() -> None:
    response = Served.as_view()(factory.head("/"))
    assert isinstance(response, DownloadResponse)
    assert response["Content-Length"] == str(len(BODY))
    assert body(response) == b""


def test_if_modified_since_asks_was_modified_since() -> None:
    class Unchanged(Served):
        def was_modified_since(self, file_instance: Any, since: Any) -> bool:
            return False

    response = Unchanged.as_view()(factory.get("/", headers={"If-Modified-Since": "x"}))
    assert isinstance(response, HttpResponseNotModified)


@pytest.mark.django_db
def test_under_asgi_the_body_is_asynchronous(settings: Any) -> None:
    settings.ROOT_URLCONF = "tests.compat.downloadview.urls"
    client = AsyncClient()
    response: Any = async_to_sync(client.get)("/virtual/text/", headers={"Range": "bytes=6-"})
    assert response.status_code == 206
    assert response.is_async

    async def collect() -> bytes:
        return b"".join([chunk async for chunk in response.streaming_content])

    assert async_to_sync(collect)() == b"world!\n"
