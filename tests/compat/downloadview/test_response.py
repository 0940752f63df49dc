"""``DownloadResponse``: the predecessor's constructor, attributes and headers, a body read in
blocks when sent, and file names that cannot break the header."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files import File
from django.core.files.base import ContentFile
from django.http import HttpResponse, StreamingHttpResponse

from django_dlwidget.compat.downloadview.io import BytesIteratorIO
from django_dlwidget.compat.downloadview.response import (
    DownloadResponse,
    ProxiedDownloadResponse,
    content_disposition,
    encode_basename_ascii,
    encode_basename_utf8,
)
from django_dlwidget.serving import BLOCK_SIZE


def test_constructor_keeps_what_the_headers_are_made_of() -> None:
    file = ContentFile(b"a,b\n", name="x/report.csv")
    response = DownloadResponse(file)
    assert isinstance(response, StreamingHttpResponse)
    assert response.file is file
    assert (response.basename, response.attachment, response.status_code) == (None, True, 200)
    assert (response.file_mimetype, response.file_encoding) == (None, None)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Length"] == "4"
    assert response["Content-Disposition"] == 'attachment; filename="report.csv"'
    assert response.get_basename() == "report.csv"
    assert b"".join(response) == b"a,b\n"


def test_every_option() -> None:
    response = DownloadResponse(
        ContentFile(b"data", name="data.bin"),
        attachment=False,
        basename="shown.txt",
        status=203,
        content_type="text/x-custom",
        file_mimetype="text/markdown",
        file_encoding="br",
    )
    assert response.status_code == 203
    assert response["Content-Type"] == "text/x-custom"
    assert "Content-Disposition" not in response
    assert (response.get_basename(), response.get_mime_type()) == ("shown.txt", "text/markdown")
    assert response.get_encoding() == "br"
    assert response.get_content_type() == "text/markdown; charset=utf-8"


def test_default_headers_are_computed_once() -> None:
    response = DownloadResponse(ContentFile(b"x", name="a.txt"), basename="b.txt")
    headers = response.default_headers
    assert headers == {
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Length": 1,
        "Content-Disposition": 'attachment; filename="b.txt"',
    }
    response.basename = "changed.txt"
    assert response.default_headers is headers


def test_no_length_for_content_of_unknown_size() -> None:
    response = DownloadResponse(File(BytesIteratorIO(iter([b"a", b"b"])), name="gen.txt"))
    assert "Content-Length" not in response
    assert b"".join(response) == b"ab"
    assert "Content-Length" not in DownloadResponse("not a file", basename="x.txt")


def test_mime_type_and_encoding_guesses() -> None:
    def guess(name: str) -> tuple[str, str | None]:
        response = DownloadResponse(ContentFile(b"", name=name))
        return response.get_mime_type(), response.get_encoding()

    assert guess("page.html") == ("text/html", None)
    # A compressed file is bytes to the browser, not a CSV to decompress on the fly.
    assert guess("table.csv.gz") == ("application/gzip", "gzip")
    assert guess("no-extension") == ("application/octet-stream", None)


def test_the_files_own_content_type_and_charset_win(settings: Any) -> None:
    settings.DEFAULT_CHARSET = "iso-8859-15"
    file: Any = ContentFile(b"x", name="a.txt")
    assert DownloadResponse(file)["Content-Type"] == "text/plain; charset=iso-8859-15"
    file.charset = "latin-1"
    assert DownloadResponse(file)["Content-Type"] == "text/plain; charset=latin-1"
    file.content_type = "image/png"
    assert DownloadResponse(file)["Content-Type"] == "image/png"


def test_content_disposition_shapes() -> None:
    assert content_disposition("") == "attachment"
    assert content_disposition(None) == "attachment"
    assert content_disposition("demo.txt") == 'attachment; filename="demo.txt"'
    assert content_disposition("é.txt") == (
        "attachment; filename=\"e.txt\"; filename*=UTF-8''%C3%A9.txt"
    )
    assert content_disposition("espacé .txt") == (
        "attachment; filename=\"espace_.txt\"; filename*=UTF-8''espac%C3%A9%20.txt"
    )
    assert encode_basename_ascii(b"ea") == "ea"
    assert encode_basename_ascii(" ") == "_"
    assert encode_basename_utf8(" .txt") == "%20.txt"


@pytest.mark.parametrize(
    "name",
    ['"malicious\\file.exe', 'a"; filename="evil.exe', "..\\..\\boot.ini", "x\r\nSet-Cookie: a=b"],
)
def test_a_name_never_breaks_out_of_the_header(name: str) -> None:
    header = DownloadResponse("fake file", basename=name)["Content-Disposition"]
    quoted = header.split('filename="', 1)[1].split('"', 1)
    assert "\\" not in quoted[0]
    assert "\r" not in header
    assert "\n" not in header
    assert quoted[1] in ("", "; filename*=UTF-8''" + header.rsplit("''", 1)[-1])
    assert "/" not in quoted[0]


class ReadCounter(io.BytesIO):
    reads = 0

    def read(self, size: int | None = -1, /) -> bytes:
        self.reads += 1
        return super().read(size)


@pytest.mark.django_db  # closing a response sends request_finished
def test_the_body_is_read_in_blocks_when_sent() -> None:
    raw = ReadCounter(b"x" * (BLOCK_SIZE * 2 + 10))
    response = DownloadResponse(File(raw, name="big.bin"))
    assert raw.reads == 0
    blocks = list(response)
    assert [len(block) for block in blocks] == [BLOCK_SIZE, BLOCK_SIZE, 10]
    response.close()
    assert raw.closed


def test_proxied_download_response_is_a_marker() -> None:
    response = ProxiedDownloadResponse(headers={"X-Accel-Redirect": "/protected/a"})
    assert isinstance(response, HttpResponse)
    assert DownloadResponse not in type(response).__mro__
