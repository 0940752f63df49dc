"""Range, validators and headers of ``GET downloads/<key>/file/``, byte for byte, under WSGI
and ASGI."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils.http import http_date

from django_dlwidget.models import Download
from django_dlwidget.testing import assert_download_response

from .conftest import BODY, Fetch, MakeDownload

SIZE = len(BODY)


def url(download: Download) -> str:
    return reverse("dlwidget:download-file", args=[download.key])


def test_full_file(fetch: Fetch, download: Download) -> None:
    response = fetch(url(download))
    assert_download_response(
        response,
        content=BODY,
        filename="report.csv",
        content_type="text/csv",
        accept_ranges="bytes",
        content_length=SIZE,
        cache_control="private",
    )
    assert response["ETag"].startswith('"')
    assert response["ETag"].endswith('"')
    assert response["Last-Modified"] == http_date(download.updated.timestamp())
    assert "Content-Range" not in response


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-9", 0, 9),
        ("bytes=10000-", 10000, SIZE - 1),
        ("bytes=-7", SIZE - 7, SIZE - 1),
        ("bytes=300-99999", 300, SIZE - 1),
        ("bytes=-99999", 0, SIZE - 1),
        ("bytes=5-5", 5, 5),
    ],
)
def test_ranges(fetch: Fetch, download: Download, header: str, start: int, end: int) -> None:
    response = fetch(url(download), Range=header)
    assert_download_response(
        response,
        status=206,
        content=BODY[start : end + 1],
        content_range=f"bytes {start}-{end}/{SIZE}",
        content_length=end - start + 1,
    )


@pytest.mark.parametrize("header", ["bytes=10240-", "bytes=99999-100000", "bytes=-0"])
def test_unsatisfiable_range(fetch: Fetch, download: Download, header: str) -> None:
    response = fetch(url(download), Range=header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{SIZE}"


@pytest.mark.parametrize("header", ["bytes=0-1,5-6", "bytes=9-3", "lines=1-2", "bytes=x"])
def test_multiple_or_invalid_ranges_get_the_whole_file(
    fetch: Fetch, download: Download, header: str
) -> None:
    assert_download_response(fetch(url(download), Range=header), content=BODY)


def test_if_range_with_current_etag(fetch: Fetch, download: Download) -> None:
    etag = fetch(url(download), method="head")["ETag"]
    response = fetch(url(download), Range="bytes=1-3", If_Range=etag)
    assert_download_response(response, status=206, content=BODY[1:4])


@pytest.mark.parametrize("if_range", ['"stale"', "W/{etag}", "not a date"])
def test_if_range_mismatch_sends_everything(
    fetch: Fetch, download: Download, if_range: str
) -> None:
    etag = fetch(url(download), method="head")["ETag"]
    response = fetch(url(download), Range="bytes=1-3", If_Range=if_range.format(etag=etag))
    assert_download_response(response, status=200, content=BODY)


def test_if_range_with_dates(fetch: Fetch, download: Download) -> None:
    modified = download.updated.timestamp()
    exact = fetch(url(download), Range="bytes=0-1", If_Range=http_date(modified))
    assert_download_response(exact, status=206, content=BODY[:2])
    older = fetch(url(download), Range="bytes=0-1", If_Range=http_date(modified - 60))
    assert_download_response(older, status=200, content=BODY)


def test_head(fetch: Fetch, download: Download) -> None:
    response = fetch(url(download), method="head")
    body = assert_download_response(
        response, filename="report.csv", content_length=SIZE, accept_ranges="bytes"
    )
    assert body == b""
    assert response["ETag"]


def test_head_ignores_range(fetch: Fetch, download: Download) -> None:
    response = fetch(url(download), method="head", Range="bytes=0-1")
    assert response.status_code == 200
    assert response["Content-Length"] == str(SIZE)


def test_if_none_match(fetch: Fetch, download: Download) -> None:
    etag = fetch(url(download), method="head")["ETag"]
    response = fetch(url(download), If_None_Match=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert not response.streaming
    assert response.content == b""  # type: ignore[attr-defined]
    assert fetch(url(download), If_None_Match='"other"').status_code == 200


def test_if_modified_since(fetch: Fetch, download: Download) -> None:
    later = http_date((download.updated + timedelta(minutes=1)).timestamp())
    assert fetch(url(download), If_Modified_Since=later).status_code == 304
    earlier = http_date((download.updated - timedelta(minutes=1)).timestamp())
    assert fetch(url(download), If_Modified_Since=earlier).status_code == 200


def test_if_match_mismatch_is_412(fetch: Fetch, download: Download) -> None:
    assert fetch(url(download), If_Match='"other"').status_code == 412


def test_empty_file(fetch: Fetch, make_download: MakeDownload) -> None:
    download = make_download(b"")
    assert_download_response(fetch(url(download)), content=b"", content_length=0)
    assert fetch(url(download), Range="bytes=0-").status_code == 416


def test_hostile_stored_filename(fetch: Fetch, make_download: MakeDownload) -> None:
    download = make_download(filename='../x"\r\n\u202eévil.csv')
    response = fetch(url(download))
    assert_download_response(response, content=BODY, filename='x" \u00e9vil.csv')
