"""The tus verbs through the Django test client (the WSGI path): creation, HEAD, PATCH, DELETE."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from django_dlwidget.models import Upload
from django_dlwidget.signals import upload_complete
from django_dlwidget.tus import partial
from django_dlwidget.tus.tokens import verify_token

from .conftest import GMT, LIST_URL, OCTET, TUS, b64, create, error_code, head, patch

pytestmark = pytest.mark.django_db


def test_create_head_patch_complete(client: Client, user: User, tus_dir: Path) -> None:
    received: list[Upload] = []

    def on_complete(sender: Any, upload: Upload, request: Any, **kwargs: Any) -> None:
        received.append(upload)

    name = b64(b"../../etc/p\x00asswd.txt")
    response = create(client, 10, headers={"Upload-Metadata": f"filename {name},private"})
    assert response.status_code == 201
    url = response["Location"]
    assert re.fullmatch(r"/dlwidget/uploads/[0-9a-f-]{36}/", url)
    assert GMT.match(response["Upload-Expires"])
    upload = Upload.objects.get()
    assert upload.owner == user
    assert upload.filename == "p asswd.txt"  # http.safe_filename: a control character is a space

    response = head(client, url)
    assert response.status_code == 200
    assert response["Upload-Offset"] == "0"
    assert response["Upload-Length"] == "10"
    assert response["Cache-Control"] == "no-store"
    assert response["Upload-Metadata"] == f"filename {name},private"
    assert GMT.match(response["Upload-Expires"])
    assert "Dlw-Upload-Token" not in response

    response = patch(client, url, b"01234")
    assert response.status_code == 204
    assert response["Upload-Offset"] == "5"
    assert "Dlw-Upload-Token" not in response

    upload_complete.connect(on_complete)
    try:
        response = patch(client, url, b"56789", offset=5)
    finally:
        upload_complete.disconnect(on_complete)
    assert response.status_code == 204
    assert response["Upload-Offset"] == "10"
    token = response["Dlw-Upload-Token"]
    assert [u.pk for u in received] == [upload.pk]
    assert partial.path_for(upload.id).read_bytes() == b"0123456789"
    upload.refresh_from_db()
    assert upload.complete
    assert upload.offset == 10
    assert not upload.lease_token

    response = head(client, url)
    assert response["Dlw-Upload-Token"]
    request = client.get("/").wsgi_request
    assert verify_token(token, request).pk == upload.pk


def test_patch_wrong_content_type_is_415(client: Client) -> None:
    url = create(client)["Location"]
    response = patch(client, url, b"abc", headers={"Content-Type": "application/octet-stream"})
    assert response.status_code == 415


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({"Upload-Length": "-1"}, "invalid_header"),
        ({"Upload-Length": "1e3"}, "invalid_header"),
        ({"Upload-Length": "12 "}, None),
        ({"Upload-Length": "5", "Upload-Defer-Length": "1"}, "invalid_header"),
        ({"Upload-Defer-Length": "2"}, "invalid_header"),
        ({"Upload-Length": "5", "Upload-Metadata": "filename not base64!"}, "invalid_metadata"),
        ({"Upload-Length": "5", "Upload-Metadata": "a YQ==,a YQ=="}, "invalid_metadata"),
        ({"Upload-Length": "5", "Upload-Metadata": "a b c"}, "invalid_metadata"),
        ({"Upload-Length": "5", "Upload-Checksum": "sha1"}, "invalid_checksum"),
        ({"Upload-Length": "5", "Upload-Checksum": "crc32 AAAA"}, "unsupported_checksum"),
        ({"Upload-Length": "5", "Upload-Checksum": "sha1 AAAA"}, "invalid_checksum"),
    ],
)
def test_malformed_creation_headers_are_400(
    client: Client, headers: dict[str, str], code: str | None
) -> None:
    response = client.generic("POST", LIST_URL, b"", headers={**TUS, **headers})
    if code is None:
        assert response.status_code == 201
    else:
        assert response.status_code == 400, response.content
        assert error_code(response) == code


def test_missing_length_is_400(client: Client) -> None:
    assert create(client, None).status_code == 400


def test_an_unknown_concat_value_is_400(client: Client) -> None:
    response = create(client, 5, headers={"Upload-Concat": "whole"})
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_concat",
        "detail": "Upload-Concat must be partial or final;URLs.",
    }
    assert not Upload.objects.exists()


def test_defer_length(client: Client) -> None:
    response = client.generic("POST", LIST_URL, b"", headers={**TUS, "Upload-Defer-Length": "1"})
    assert response.status_code == 201
    url = response["Location"]
    response = head(client, url)
    assert response["Upload-Defer-Length"] == "1"
    assert "Upload-Length" not in response
    assert patch(client, url, b"abc").status_code == 204
    response = patch(client, url, b"def", offset=3, headers={"Upload-Length": "6"})
    assert response.status_code == 204
    assert response["Upload-Length"] == "6"
    assert response["Dlw-Upload-Token"]
    response = patch(client, url, b"", offset=6, headers={"Upload-Length": "7"})
    assert response.status_code == 400


def test_creation_with_upload(client: Client) -> None:
    response = client.post(
        LIST_URL,
        b"hello",
        content_type=OCTET,
        headers={**TUS, "Upload-Length": "8"},
    )
    assert response.status_code == 201
    assert response["Upload-Offset"] == "5"
    assert "Dlw-Upload-Token" not in response
    response = client.post(
        LIST_URL, b"done", content_type=OCTET, headers={**TUS, "Upload-Length": "4"}
    )
    assert response.status_code == 201
    assert response["Upload-Offset"] == "4"
    assert response["Dlw-Upload-Token"]


def test_creation_with_upload_wrong_type_is_415(client: Client) -> None:
    response = client.post(
        LIST_URL, b"hello", content_type="text/plain", headers={**TUS, "Upload-Length": "5"}
    )
    assert response.status_code == 415


def test_termination(client: Client) -> None:
    url = create(client)["Location"]
    upload = Upload.objects.get()
    assert client.delete(url, headers=TUS).status_code == 204
    assert not partial.path_for(upload.id).exists()
    assert head(client, url).status_code == 404
    assert client.delete(url, headers=TUS).status_code == 404


def test_head_of_a_handed_over_upload_creates_nothing(client: Client) -> None:
    url = create(client, 3)["Location"]
    assert patch(client, url, b"abc").status_code == 204
    upload = Upload.objects.get()
    # A form's save() has moved the data away and is about to delete the row.
    partial.path_for(upload.id).unlink()
    response = head(client, url)
    assert response.status_code == 200
    assert response["Upload-Offset"] == "3"
    assert response["Dlw-Upload-Token"]
    assert not partial.path_for(upload.id).exists()
    assert Upload.objects.get().offset == 3
    assert patch(client, url, b"", offset=3).status_code == 404
    assert not partial.path_for(upload.id).exists()


def test_head_of_an_unfinished_upload_without_data_reports_zero(client: Client) -> None:
    url = create(client, 10)["Location"]
    assert patch(client, url, b"abcd").status_code == 204
    upload = Upload.objects.get()
    partial.path_for(upload.id).unlink()
    assert head(client, url)["Upload-Offset"] == "0"
    assert not partial.path_for(upload.id).exists()
    assert patch(client, url, b"abcd").status_code == 204  # starts over
    assert partial.path_for(upload.id).read_bytes() == b"abcd"
