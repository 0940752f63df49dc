"""``ObjectDownloadView``: a file field of one object, found by pk or slug, 404 when the object
or its file is missing, every ``*_field`` option, and Range and validators from the storage."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.http import HttpResponseNotModified
from django.test import RequestFactory
from django.utils.http import http_date

from django_dlwidget.compat.downloadview import exceptions
from django_dlwidget.compat.downloadview.response import DownloadResponse
from django_dlwidget.compat.downloadview.views import ObjectDownloadView
from tests.testapp.models import Document

from .conftest import BODY
from .urls import MTIME

pytestmark = pytest.mark.django_db


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_by_pk_and_by_slug(client: Any, document: Document) -> None:
    for url in (f"/object/{document.pk}/", "/object/slug/hello-world/"):
        response = client.get(url)
        assert isinstance(response, DownloadResponse)
        assert response["Content-Disposition"] == 'attachment; filename="data.bin"'
        assert response["Content-Length"] == str(len(BODY))
        assert body(response) == BODY


def test_missing_object_empty_field_or_hidden_object_is_a_404(
    client: Any, document: Document
) -> None:
    assert client.get(f"/object/{document.pk + 1}/").status_code == 404
    assert client.get("/object/slug/nope/").status_code == 404
    assert client.get(f"/object/narrow/{document.pk}/").status_code == 404
    document.file = None
    document.save()
    assert client.get(f"/object/{document.pk}/").status_code == 404


def test_inline_and_basename_field(client: Any, document: Document) -> None:
    inline = client.get(f"/object/inline/{document.pk}/")
    assert inline.status_code == 200
    assert "Content-Disposition" not in inline
    named = client.get(f"/object/named/{document.pk}/")
    assert named["Content-Disposition"] == 'attachment; filename="hello-world"'


def test_metadata_fields(client: Any, document: Document) -> None:
    response = client.get(f"/object/meta/{document.pk}/")
    assert response["Content-Type"] == "text/csv; charset=latin-1"
    assert response.file_mimetype == "text/csv"
    assert response.file_encoding == "gzip"
    assert response["Last-Modified"] == http_date(MTIME.timestamp())
    # The size field is informational: the stored file's real size is what is sent.
    assert response["Content-Length"] == str(len(BODY))
    assert response.file.modification_time == MTIME
    assert response.file.charset == "latin-1"
    unchanged = client.get(
        f"/object/meta/{document.pk}/", headers={"If-Modified-Since": http_date(MTIME.timestamp())}
    )
    assert unchanged.status_code == 304


def test_range_if_range_and_304_from_the_storage(client: Any, document: Document) -> None:
    url = f"/object/{document.pk}/"
    whole = client.get(url)
    etag, modified = whole["ETag"], whole["Last-Modified"]
    partial = client.get(url, headers={"Range": "bytes=-100", "If-Range": etag})
    assert partial.status_code == 206
    assert isinstance(partial, DownloadResponse)
    assert body(partial) == BODY[-100:]
    stale = client.get(url, headers={"Range": "bytes=0-9", "If-Range": '"stale"'})
    assert stale.status_code == 200
    assert body(stale) == BODY
    assert isinstance(client.get(url, headers={"If-None-Match": etag}), HttpResponseNotModified)
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(url, headers={"If-Match": '"other"'}).status_code == 412
    head = client.head(url)
    assert head.status_code == 200
    assert head["Content-Length"] == str(len(BODY))


def test_get_file_unit() -> None:
    view = ObjectDownloadView()
    view.request, view.args, view.kwargs = RequestFactory().get("/"), (), {}
    view.object = mock.Mock(spec=["file"])
    assert view.get_file() is view.object.file
    view.file_field = "other_field"
    with pytest.raises(AttributeError):
        view.get_file()
    view.object = mock.Mock(other_field=None)
    with pytest.raises(exceptions.FileNotFound):
        view.get_file()


def test_view_options_win_over_fields(client: Any, document: Document) -> None:
    view = ObjectDownloadView(basename="mine.txt", mimetype="text/x-mine", encoding="br")
    view.object = mock.Mock(title="title", mime="text/csv", enc="gzip")
    view.basename_field, view.mime_type_field, view.encoding_field = "title", "mime", "enc"
    assert (view.get_basename(), view.get_mimetype(), view.get_encoding()) == (
        "mine.txt",
        "text/x-mine",
        "br",
    )
