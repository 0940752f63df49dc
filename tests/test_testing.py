"""``assert_download_response`` fails when it should, whatever the body's kind."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.test import RequestFactory

from django_dlwidget.serving import serve_file
from django_dlwidget.testing import assert_download_response


@pytest.mark.parametrize("use_async", [False, True])
def test_reads_sync_and_async_bodies(rf: RequestFactory, use_async: bool) -> None:
    response = serve_file(rf.get("/"), ContentFile(b"abc", name="a.txt"), use_async=use_async)
    assert assert_download_response(response, content=b"abc", filename="a.txt") == b"abc"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"content": b"abd"}, "first difference at byte 2"),
        ({"content": b"ab"}, "prefix"),
        ({"filename": "b.txt"}, "file name"),
        ({"content_type": "text/csv"}, "Content-Type"),
        ({"status": 206}, "status"),
        ({"as_attachment": False}, "inline"),
        ({"content_length": 4}, "Content-Length"),
    ],
)
def test_mismatches_fail(rf: RequestFactory, kwargs: dict[str, object], message: str) -> None:
    response = serve_file(rf.get("/"), ContentFile(b"abc", name="a.txt"))
    with pytest.raises(AssertionError, match=message):
        assert_download_response(response, **kwargs)  # type: ignore[arg-type]


def test_requires_nosniff() -> None:
    with pytest.raises(AssertionError, match="X-Content-Type-Options"):
        assert_download_response(HttpResponse(b"x"))
