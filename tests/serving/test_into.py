"""``serve_file(into=...)``: a served body fills the caller's ``StreamingHttpResponse`` (a
subclass carrying more attributes), status, headers and all; refusals stay responses of their
own."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.http import HttpResponseNotModified, StreamingHttpResponse
from django.test import RequestFactory

from django_dlwidget.serving import serve_file

DATA = bytes(range(256))


class Carrier(StreamingHttpResponse):
    label = "mine"


def carrier() -> Carrier:
    response = Carrier(iter([b"stale body"]))
    response["Content-Length"] = "999"
    response["Content-Range"] = "bytes 0-0/1"
    response["X-Kept"] = "yes"
    return response


def served(into: Carrier, **headers: str) -> Any:
    request = RequestFactory().get("/", headers=headers)
    return serve_file(request, ContentFile(DATA, name="d.bin"), etag='"v1"', into=into)


def test_a_whole_body_fills_the_carrier() -> None:
    into = carrier()
    response = served(into)
    assert response is into
    assert response.status_code == 200
    assert response["Content-Length"] == str(len(DATA))
    assert "Content-Range" not in response
    assert (response["X-Kept"], response["ETag"]) == ("yes", '"v1"')
    assert b"".join(response) == DATA


def test_a_range_fills_it_too() -> None:
    response = served(carrier(), Range="bytes=2-5")
    assert isinstance(response, Carrier)
    assert response.status_code == 206
    assert response.reason_phrase == "Partial Content"
    assert response["Content-Range"] == f"bytes 2-5/{len(DATA)}"
    assert b"".join(response) == DATA[2:6]


def test_unsized_content_loses_the_stale_length() -> None:
    into = carrier()
    response: Any = serve_file(RequestFactory().get("/"), iter([b"a", b"b"]), into=into)
    assert response is into
    assert "Content-Length" not in response
    assert b"".join(response) == b"ab"


def test_head_fills_it_without_a_body() -> None:
    into = carrier()
    response: Any = serve_file(RequestFactory().head("/"), ContentFile(DATA, name="d"), into=into)
    assert response is into
    assert response["Content-Length"] == str(len(DATA))
    assert b"".join(response) == b""


@pytest.mark.parametrize(
    ("headers", "status"),
    [({"If-None-Match": '"v1"'}, 304), ({"If-Match": '"v2"'}, 412), ({"Range": "bytes=999-"}, 416)],
)
def test_refusals_are_responses_of_their_own(headers: dict[str, str], status: int) -> None:
    into = carrier()
    response = served(into, **headers)
    assert response is not into
    assert response.status_code == status
    if status == 304:
        assert isinstance(response, HttpResponseNotModified)
