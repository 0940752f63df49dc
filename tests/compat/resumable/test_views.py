"""``compat.resumable.urls`` and ``views``: the README's ``include(...)`` gives the old
``resumable-upload`` endpoint (the native tus creation endpoint) and the native endpoints; the
view wrapped in ``login_required`` is still recognised as the tus endpoint."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import resolve, reverse

from django_dlwidget.compat.resumable.views import ResumableUploadView, resumable_upload
from django_dlwidget.tus.views import is_tus_view, upload_list

pytestmark = pytest.mark.django_db

TUS = {"Tus-Resumable": "1.0.0"}


def create(client: Client, length: int) -> Any:
    headers = {**TUS, "Upload-Length": str(length)}
    return client.generic("POST", "/resumable_upload/", b"", headers=headers)


def test_the_old_name_and_the_native_ones_reverse_under_one_include() -> None:
    assert reverse("resumable-upload") == "/resumable_upload/"
    assert reverse("dlwidget:upload-list") == "/resumable_upload/uploads/"
    assert reverse("guarded-upload") == "/guarded-upload/"


def test_both_views_are_the_native_endpoint() -> None:
    assert resumable_upload is upload_list
    assert ResumableUploadView.as_view() is upload_list
    assert is_tus_view(resolve("/guarded-upload/").func)


def test_an_upload_made_at_the_old_endpoint_goes_on_beside_it(client: Client) -> None:
    created = client.generic(
        "POST", "/resumable_upload/", b"", headers={**TUS, "Upload-Length": "5"}
    )
    assert created.status_code == 201
    url = created["Location"]
    assert url.startswith("/resumable_upload/")
    response = client.generic(
        "PATCH", url, b"hello", content_type="application/offset+octet-stream",
        headers={**TUS, "Upload-Offset": "0"},
    )  # fmt: skip
    assert response.status_code == 204
    assert response["Dlw-Upload-Token"]


def test_resumable_js_requests_get_a_clear_error_never_a_500(client: Client) -> None:
    query = {"resumableChunkNumber": "1", "resumableFilename": "a.ogg"}
    for response in (
        client.get("/resumable_upload/", query),
        client.post("/resumable_upload/", query),
    ):
        assert response.status_code == 412  # no Tus-Resumable header: not a tus client
        assert response.json()["error"] == "unsupported_version"


def test_anonymous_callers_are_refused() -> None:
    anonymous = Client()
    created = anonymous.generic(
        "POST", "/resumable_upload/", b"", headers={**TUS, "Upload-Length": "5"}
    )
    assert created.status_code in (401, 403)
    assert anonymous.generic("POST", "/guarded-upload/", b"", headers=TUS).status_code == 302


def test_the_guarded_path_creates_uploads_that_go_on_beside_it(client: Client) -> None:
    headers = {**TUS, "Upload-Length": "2"}
    created = client.generic("POST", "/guarded-upload/", b"", headers=headers)
    assert created.status_code == 201
    url = created["Location"]
    assert url.startswith("/guarded-upload/")
    response = client.generic(
        "PATCH", url, b"ok", content_type="application/offset+octet-stream",
        headers={**TUS, "Upload-Offset": "0"},
    )  # fmt: skip
    assert response.status_code == 204
