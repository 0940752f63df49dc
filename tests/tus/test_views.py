"""The view layer: discovery, the version check, the method override, the 405, CSRF, refusals."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client, RequestFactory
from django.test.utils import override_settings

from django_dlwidget.models import Upload
from django_dlwidget.tus.views import upload_detail, upload_list

from .conftest import ANON, LIST_URL, OCTET, TUS, create, error_code, patch

pytestmark = pytest.mark.django_db


def test_options_needs_no_version_nor_login(tus_dir: Path) -> None:
    response = Client().options(LIST_URL)
    assert response.status_code == 204
    assert response["Tus-Resumable"] == "1.0.0"
    assert response["Tus-Version"] == "1.0.0"
    assert set(response["Tus-Extension"].split(",")) == {
        "creation",
        "creation-with-upload",
        "creation-defer-length",
        "expiration",
        "checksum",
        "termination",
        "concatenation",
    }
    assert response["Tus-Max-Size"] == str(10 * 1024**3)
    assert response["Tus-Checksum-Algorithm"] == "sha1,sha256,md5"
    assert "Dlw-Upload-Token" in response["Access-Control-Expose-Headers"]
    assert "Upload-Offset" in response["Access-Control-Expose-Headers"]


@pytest.mark.parametrize("version", [None, "0.2.2", "2.0.0"])
def test_unsupported_version_is_412_with_tus_version(client: Client, version: str | None) -> None:
    headers = {"Upload-Length": "5"} | ({"Tus-Resumable": version} if version else {})
    response = client.generic("POST", LIST_URL, b"", headers=headers)
    assert response.status_code == 412
    assert response["Tus-Version"] == "1.0.0"
    assert error_code(response) == "unsupported_version"
    assert not Upload.objects.exists()


def test_anonymous_is_refused_by_default(tus_dir: Path) -> None:
    response = create(Client())
    assert response.status_code == 403
    assert error_code(response) == "forbidden"


@pytest.mark.parametrize(
    ("method", "on_detail", "allow"),
    [
        ("PUT", False, "OPTIONS, POST"),
        ("PATCH", False, "OPTIONS, POST"),
        ("GET", True, "DELETE, HEAD, OPTIONS, PATCH"),
        ("PUT", True, "DELETE, HEAD, OPTIONS, PATCH"),
    ],
)
def test_other_methods_get_the_packages_405_with_tus_headers(
    client: Client, method: str, on_detail: bool, allow: str
) -> None:
    url = create(client)["Location"] if on_detail else LIST_URL
    response = client.generic(method, url, b"", headers=TUS)
    assert response.status_code == 405
    assert response["Allow"] == allow
    assert response["Tus-Resumable"] == "1.0.0"
    assert "Upload-Offset" in response["Access-Control-Expose-Headers"]
    assert response.json() == {
        "error": "method_not_allowed",
        "detail": f"This endpoint does not accept {method}.",
    }


def test_an_overridden_method_is_the_one_refused(client: Client) -> None:
    url = create(client)["Location"]
    response = client.generic("POST", url, b"", headers={**TUS, "X-HTTP-Method-Override": "GET"})
    assert response.status_code == 405
    assert response.json()["detail"] == "This endpoint does not accept GET."


def test_refusals_to_head_carry_no_body(user: User, tus_dir: Path) -> None:
    # The test client drops HEAD bodies itself: ask the views directly.
    factory = RequestFactory(headers=TUS)
    request = factory.head(LIST_URL)
    response = upload_list(request)
    assert response.status_code == 405
    assert response["Allow"] == "OPTIONS, POST"
    assert response["Tus-Resumable"] == "1.0.0"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.content == b""
    request = factory.head(f"{LIST_URL}{uuid.uuid4()}/")
    request.user = user
    response = upload_detail(request, uuid.uuid4())
    assert response.status_code == 404
    assert response["Tus-Resumable"] == "1.0.0"
    assert response.content == b""
    request = factory.head(f"{LIST_URL}{uuid.uuid4()}/", headers={"Tus-Resumable": "0.2.2"})
    response = upload_detail(request, uuid.uuid4())
    assert response.status_code == 412
    assert response["Tus-Version"] == "1.0.0"
    assert response.content == b""


def test_method_override_on_post_only(client: Client) -> None:
    url = create(client, 3)["Location"]
    response = client.post(
        url,
        b"abc",
        content_type=OCTET,
        headers={**TUS, "Upload-Offset": "0", "X-HTTP-Method-Override": "PATCH"},
    )
    assert response.status_code == 204
    assert response["Upload-Offset"] == "3"
    response = client.generic(
        "PATCH",
        url,
        b"",
        headers={**TUS, "Content-Type": OCTET, "X-HTTP-Method-Override": "DELETE"},
    )
    assert response.status_code == 400  # still a PATCH (no Upload-Offset), not a DELETE
    assert Upload.objects.exists()
    response = client.generic("POST", url, b"", headers={**TUS, "X-HTTP-Method-Override": "DELETE"})
    assert response.status_code == 204
    assert not Upload.objects.exists()


def test_session_requests_need_the_csrf_header(user: User, tus_dir: Path) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = create(client)
    assert response.status_code == 403
    assert error_code(response) == "csrf_failed"
    client.get("/dlwidget/uploads/", headers=TUS)  # no token cookie yet: make one
    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    response = create(client, headers={"X-CSRFToken": token})
    assert response.status_code == 201
    url = response["Location"]
    assert patch(client, url, b"ab").status_code == 403
    assert patch(client, url, b"ab", headers={"X-CSRFToken": token}).status_code == 204
    assert client.delete(url, headers=TUS).status_code == 403
    # A cross-site Origin is refused even with the token.
    response = create(client, headers={"X-CSRFToken": token, "Origin": "https://evil.example"})
    assert response.status_code == 403


def test_a_csrf_refusal_tells_a_tus_client_what_to_send(user: User, tus_dir: Path) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = create(client)
    assert response.status_code == 403
    assert response["Tus-Resumable"] == "1.0.0"
    assert response.json() == {
        "error": "csrf_failed",
        "detail": "CSRF verification failed: send the csrftoken cookie's value in the "
        "X-CSRFToken header (and a matching Origin or Referer).",
    }
    assert not Upload.objects.exists()


def test_requests_without_the_session_cookie_need_no_csrf_token(tus_dir: Path) -> None:
    with override_settings(DLWIDGET={**ANON, "UPLOAD_TEMP_DIR": str(tus_dir)}):
        response = create(Client(enforce_csrf_checks=True), 3)
    assert response.status_code == 201
    assert Upload.objects.get().session_key
