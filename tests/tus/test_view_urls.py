"""URLs are the view layer's: ``Upload-Concat`` URLs mapped to upload ids, ``Location`` built.

Some tests run under this module's URLconf, which mounts the package twice (at ``/dlwidget/``
and at ``/mirror/dlwidget/``) and once more behind a decorator.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, include, path, set_script_prefix

from django_dlwidget.models import Upload
from django_dlwidget.tus.messages import Part
from django_dlwidget.tus.views import concat_parts, upload_detail, upload_id_from_url

from .conftest import TUS, concat, create, head, patch, upload_id_of

pytestmark = pytest.mark.django_db

ID = uuid.UUID("8d2f4c5e-0b1a-4f6e-9c3d-2a7b5e1f0c9d")


@functools.wraps(upload_detail)
def decorated_detail(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return upload_detail(request, *args, **kwargs)


urlpatterns: list[URLPattern | URLResolver] = [
    path("dlwidget/", include("django_dlwidget.urls", namespace="dlwidget")),
    path("mirror/dlwidget/", include("django_dlwidget.urls", namespace="mirror")),
    path("wrapped/<uuid:upload_id>/", decorated_detail),
]


@pytest.fixture
def two_mounts() -> Iterator[None]:
    with override_settings(ROOT_URLCONF=__name__):
        yield


@pytest.fixture
def script_prefix() -> Iterator[str]:
    set_script_prefix("/app/")
    try:
        yield "/app/"
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize(
    "value", [None, "", "partial", "final", " final", "final;", "final;   ", "whole;/x/"]
)
def test_no_parts_unless_a_final_concat_lists_some(value: str | None) -> None:
    assert concat_parts(value) == ()


def test_parts_keep_the_urls_as_sent_in_order() -> None:
    other = uuid.uuid4()
    value = f" final; http://testserver/dlwidget/uploads/{ID}/  /dlwidget/uploads/{other}/ "
    assert concat_parts(value) == (
        Part(f"http://testserver/dlwidget/uploads/{ID}/", ID),
        Part(f"/dlwidget/uploads/{other}/", other),
    )


@pytest.mark.parametrize(
    "url",
    [
        f"/dlwidget/uploads/{ID}/",
        f"http://testserver/dlwidget/uploads/{ID}/",
        f"https://proxy.example:8443/dlwidget/uploads/{ID}/?x=1#y",  # only the path counts
    ],
)
def test_our_upload_urls_name_their_upload(url: str) -> None:
    assert upload_id_from_url(url) == ID


@pytest.mark.parametrize(
    "url",
    [
        "https://elsewhere.example/files/1/",  # another site's path
        f"/dlwidget/downloads/{ID}/",  # our package, another view
        "/dlwidget/uploads/",  # the creation endpoint names no upload
        f"/testapp/uploads/{ID}/",  # not under our include
        f"/other/dlwidget/uploads/{ID}/",  # under a prefix the URLconf does not have
    ],
)
def test_foreign_urls_name_no_upload(url: str) -> None:
    assert upload_id_from_url(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "/dlwidget/uploads/not-a-uuid/",
        f"/dlwidget/uploads/{ID}",  # no trailing slash
        f"/dlwidget/uploads/{str(ID).upper()}/",  # the URLconf takes lower-case ids only
        f"dlwidget/uploads/{ID}/",  # relative
        f"http://[::1/dlwidget/uploads/{ID}/",  # not a URL: urlsplit() raises
        f"http://[nothost]/dlwidget/uploads/{ID}/",
        "%",
    ],
)
def test_malformed_urls_name_no_upload(url: str) -> None:
    assert upload_id_from_url(url) is None


def test_urls_under_every_include_prefix_are_ours(two_mounts: None) -> None:
    assert upload_id_from_url(f"/mirror/dlwidget/uploads/{ID}/") == ID
    assert upload_id_from_url(f"/dlwidget/uploads/{ID}/") == ID
    assert upload_id_from_url(f"/wrapped/{ID}/") == ID  # our view, behind a decorator
    assert upload_id_from_url(f"/mirror/dlwidget/downloads/{ID}/") is None


def test_urls_under_the_script_prefix_are_ours(script_prefix: str) -> None:
    assert upload_id_from_url(f"/app/dlwidget/uploads/{ID}/") == ID
    assert upload_id_from_url(f"https://example.com/app/dlwidget/uploads/{ID}/") == ID
    assert upload_id_from_url(f"/dlwidget/uploads/{ID}/") == ID  # as the client may send it
    assert upload_id_from_url(f"/application/dlwidget/uploads/{ID}/") is None


@pytest.mark.parametrize(
    "url",
    [
        "https://elsewhere.example/files/1/",
        f"/dlwidget/downloads/{ID}/",
        "/dlwidget/uploads/not-a-uuid/",
        f"http://[::1/dlwidget/uploads/{ID}/",  # was a 500: urlsplit() raised ValueError
    ],
)
def test_a_url_that_is_not_ours_is_a_clear_400(client: Client, url: str) -> None:
    response = concat(client, f"final;{url}")
    assert response.status_code == 400
    assert response["Tus-Resumable"] == "1.0.0"
    assert response.json() == {"error": "invalid_concat", "detail": f"{url} is not an upload URL."}
    assert not Upload.objects.exists()


def test_location_is_beside_the_endpoint_the_client_used(client: Client, two_mounts: None) -> None:
    response = client.generic(
        "POST", "/mirror/dlwidget/uploads/", b"", headers={**TUS, "Upload-Length": "3"}
    )
    assert response.status_code == 201
    url = response["Location"]
    assert url == f"/mirror/dlwidget/uploads/{Upload.objects.get().pk}/"
    assert head(client, url).status_code == 200


def test_parts_named_under_another_mount_are_joined(client: Client, two_mounts: None) -> None:
    first = create(client, 2, headers={"Upload-Concat": "partial"})["Location"]
    assert patch(client, first, b"ab").status_code == 204
    second = f"/mirror/dlwidget/uploads/{upload_id_of(first)}/"
    other = create(client, 1, headers={"Upload-Concat": "partial"})["Location"]
    assert patch(client, other, b"c").status_code == 204
    response = concat(client, f"final;{second} /wrapped/{upload_id_of(other)}/")
    assert response.status_code == 201, response.content
    assert response["Location"].startswith("/dlwidget/uploads/")
    assert Upload.objects.get().offset == 3
