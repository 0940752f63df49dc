"""``compat.bgfiles.views``: the predecessor's checks, then the native serving."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.files.base import ContentFile
from django.http import Http404, HttpRequest
from django.test import Client, RequestFactory
from django.utils import timezone

from django_dlwidget.compat.bgfiles import toolbox
from django_dlwidget.compat.bgfiles.models import FileRequest
from django_dlwidget.compat.bgfiles.views import (
    SignatureHasExpired,
    SuspiciousToken,
    UserIsNotRequester,
    evaluate_request,
    serve_file,
)

pytestmark = pytest.mark.django_db
BODY = b"abcdefghij"


def test_the_exceptions_are_djangos() -> None:
    assert issubclass(SuspiciousToken, SuspiciousOperation)
    assert issubclass(SignatureHasExpired, PermissionDenied)
    assert issubclass(UserIsNotRequester, PermissionDenied)


@pytest.fixture
def ready(requester: User, media: Path) -> FileRequest:
    request = toolbox.add_request("abc", requester=requester)
    toolbox.attach_file(request, ContentFile(BODY), "file.bin")
    return request


def as_user(user: Any) -> HttpRequest:
    http_request = RequestFactory().get("/files/")
    http_request.user = user
    return http_request


def test_the_requester_gets_the_file(ready: FileRequest, requester: User) -> None:
    response = serve_file(as_user(requester), toolbox.create_token(ready))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == BODY  # type: ignore[attr-defined]
    request, data = evaluate_request(as_user(requester), toolbox.create_token(ready, {"n": 2}))
    assert (request, data["n"]) == (ready, 2)


def test_refusals(ready: FileRequest, requester: User, other: User) -> None:
    token = toolbox.create_token(ready)
    general = toolbox.create_general_token(ready)
    with pytest.raises(SuspiciousToken):
        serve_file(as_user(requester), token + "a")
    with pytest.raises(SignatureHasExpired):
        serve_file(as_user(requester), token, signer=toolbox.Signer(max_age=-1))
    for user in (other, AnonymousUser()):
        with pytest.raises(UserIsNotRequester):
            serve_file(as_user(user), token)
        with pytest.raises(UserIsNotRequester):
            serve_file(as_user(user), general, require_requester=False)
    with pytest.raises(SuspiciousToken):  # a general token where a requester is required
        serve_file(as_user(other), general, verify_requester=False)
    ready.delete()
    with pytest.raises(Http404):
        serve_file(as_user(requester), token)


def test_without_verification_the_token_is_enough(ready: FileRequest, other: User) -> None:
    token = toolbox.create_token(ready)
    general = toolbox.create_general_token(ready)
    for user in (other, AnonymousUser()):
        assert serve_file(as_user(user), token, verify_requester=False).status_code == 200
        response = serve_file(
            as_user(user), general, require_requester=False, verify_requester=False
        )
        assert response.status_code == 200


def test_a_request_without_a_requester_is_served_by_general_tokens(media: Path) -> None:
    request = toolbox.add_request("abc")
    toolbox.attach_file(request, ContentFile(BODY), "file.bin")
    client = Client()
    assert client.get(f"/anyone/{toolbox.create_general_token(request)}/").status_code == 200
    with pytest.raises(RuntimeError):
        toolbox.create_token(request)


def test_through_urls_the_refusals_are_400_and_403(ready: FileRequest, other: User) -> None:
    token = toolbox.create_token(ready)
    client = Client()
    assert client.get(f"/files/{token}x/").status_code == 400
    client.force_login(other)
    assert client.get(f"/files/{token}/").status_code == 403


def test_native_serving_range_expiry_and_readiness(
    ready: FileRequest, requester: User, media: Path
) -> None:
    client = Client()
    client.force_login(requester)
    token = toolbox.create_token(ready)
    partial = client.get(f"/files/{token}/", HTTP_RANGE="bytes=2-4")
    assert partial.status_code == 206
    assert b"".join(partial.streaming_content) == b"cde"  # type: ignore[attr-defined]
    FileRequest.objects.filter(id=ready.id).update(expires_at=timezone.now() - timedelta(1))
    assert client.get(f"/files/{token}/").status_code == 410  # an expired request
    pending = toolbox.add_request("abc", requester=requester)
    assert client.get(f"/files/{toolbox.create_token(pending)}/").status_code == 404
