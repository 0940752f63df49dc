"""Upload tokens: bound to their user or session, refused with a reason, read without a request."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core import signing
from django.test import Client
from django.test.utils import override_settings

from django_dlwidget.models import Upload
from django_dlwidget.tus.auth import Principal
from django_dlwidget.tus.tokens import (
    SALT,
    InvalidUploadToken,
    TokenClaim,
    make_token,
    read_token,
    verify_token,
)

from .conftest import ANON, create, patch, upload_id_of

pytestmark = pytest.mark.django_db


def finished_token(client: Client) -> str:
    url = create(client, 3)["Location"]
    return str(patch(client, url, b"abc")["Dlw-Upload-Token"])


def test_token_is_bound_to_its_user(client: Client, tus_dir: Path) -> None:
    token = finished_token(client)
    other = Client()
    other.force_login(User.objects.create_user("bob"))
    with pytest.raises(InvalidUploadToken) as refused:
        verify_token(token, other.get("/").wsgi_request)
    assert refused.value.reason == "wrong_owner"
    with pytest.raises(InvalidUploadToken) as refused:
        verify_token(token + "x", client.get("/").wsgi_request)
    assert refused.value.reason == "bad_signature"
    assert verify_token(token, client.get("/").wsgi_request).complete


def test_token_refusals_say_why(
    client: Client, tus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = client.get("/").wsgi_request
    url = create(client, 3)["Location"]
    unfinished = Upload.objects.get(pk=upload_id_of(url))
    with pytest.raises(InvalidUploadToken) as refused:
        verify_token(make_token(unfinished), request)
    assert refused.value.reason == "incomplete"

    token = finished_token(client)
    later = time.time() + 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert verify_token(token, request).complete  # no max_age: any age will do
    with pytest.raises(InvalidUploadToken) as refused:
        verify_token(token, request, max_age=timedelta(minutes=1))
    assert refused.value.reason == "expired"

    Upload.objects.all().delete()
    with pytest.raises(InvalidUploadToken) as refused:
        verify_token(token, request)
    assert refused.value.reason == "unknown"


def test_read_token_says_what_a_users_token_names(client: Client, user: User) -> None:
    token = finished_token(client)
    upload = Upload.objects.get()
    claim = read_token(token)
    assert claim == TokenClaim(upload.id, str(user.pk), "", expired=False)
    assert claim.bound_to(Principal(str(user.pk), ""))
    assert not claim.bound_to(Principal("another", ""))
    assert not claim.bound_to(Principal(None, "some-binding"))
    upload_id = upload.id
    upload.delete()
    assert read_token(token).upload_id == upload_id  # no row is looked at


def test_read_token_says_what_an_anonymous_token_names(tus_dir: Path) -> None:
    with override_settings(DLWIDGET={**ANON, "UPLOAD_TEMP_DIR": str(tus_dir)}):
        token = finished_token(Client())
    upload = Upload.objects.get()
    claim = read_token(token)
    assert (claim.upload_id, claim.owner, claim.binding) == (upload.id, "", upload.session_key)
    assert claim.bound_to(Principal(None, upload.session_key))
    assert claim.bound_to(Principal("1", upload.session_key))  # the binding survives login
    assert not claim.bound_to(Principal(None, "another"))


def test_read_token_marks_an_old_token_expired(monkeypatch: pytest.MonkeyPatch) -> None:
    token = signing.dumps([uuid.uuid4().hex, "1", ""], salt=SALT)
    assert not read_token(token, max_age=timedelta(minutes=1)).expired
    later = time.time() + 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert read_token(token, max_age=timedelta(minutes=1)).expired
    assert not read_token(token).expired


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not-a-token",
        signing.dumps([uuid.uuid4().hex, "1", ""], salt="another-salt"),
        signing.dumps([uuid.uuid4().hex, "1"], salt=SALT),  # the wrong shape
        signing.dumps(["not-hex", "1", ""], salt=SALT),
        signing.dumps({"id": uuid.uuid4().hex}, salt=SALT),
    ],
)
def test_read_token_refuses_anything_we_did_not_sign(token: str) -> None:
    with pytest.raises(InvalidUploadToken) as refused:
        read_token(token)
    assert refused.value.reason == "bad_signature"
