"""Upload tokens, the cleanup function and the ASGI wrapper check."""

from __future__ import annotations

import os
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from django_dlwidget.cleanup import run_cleanup
from django_dlwidget.models import Upload
from django_dlwidget.tus import partial
from django_dlwidget.tus.asgi import TusUploadMiddleware
from django_dlwidget.tus.checks import check_asgi_wrapper
from django_dlwidget.tus.cleanup import cleanup_expired_uploads
from django_dlwidget.tus.tokens import InvalidUploadToken, make_token, verify_token

from .conftest import create, patch

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
    unfinished = Upload.objects.get(pk=uuid.UUID(url.rstrip("/").rsplit("/", 1)[-1]))
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


def test_cleanup_removes_expired_uploads_and_orphans(client: Client, tus_dir: Path) -> None:
    create(client, 5)
    kept = create(client, 5)["Location"]
    Upload.objects.exclude(pk=uuid.UUID(kept.rstrip("/").rsplit("/", 1)[-1])).update(
        expires=timezone.now() - timedelta(seconds=1)
    )
    orphan = partial.temp_dir() / f"{uuid.uuid4().hex}.part"
    orphan.write_bytes(b"x")
    old = time.time() - 2 * 86400
    os.utime(orphan, (old, old))
    assert cleanup_expired_uploads() == 2
    assert Upload.objects.count() == 1
    assert not orphan.exists()
    assert len(list(partial.temp_dir().glob("*.part"))) == 1


def test_the_cleanup_command_removes_expired_uploads(client: Client, tus_dir: Path) -> None:
    create(client, 5)
    Upload.objects.update(expires=timezone.now() - timedelta(seconds=1))
    assert run_cleanup()["uploads"] == 1
    assert Upload.objects.count() == 0
    assert run_cleanup()["uploads"] == 0


async def unwrapped(scope: object, receive: object, send: object) -> None:
    return None


wrapped = TusUploadMiddleware(unwrapped)


def test_check_warns_without_the_asgi_wrapper() -> None:
    module = __name__
    with override_settings(ASGI_APPLICATION=f"{module}.unwrapped"):
        assert [m.id for m in check_asgi_wrapper()] == ["django_dlwidget.W021"]
    with override_settings(ASGI_APPLICATION=f"{module}.wrapped"):
        assert check_asgi_wrapper() == []


def test_the_lease_is_taken_only_from_the_row_as_it_was_read(client: Client, tus_dir: Path) -> None:
    from django_dlwidget.tus.locking import Lease

    url = create(client, 10)["Location"]
    seen = Upload.objects.get()
    assert patch(client, url, b"ab").status_code == 204  # the row moved on since
    lease = Lease(seen.id, checksummed=False)
    assert not lease.acquire_unchanged(seen)
    assert Upload.objects.get().lease_token == ""
    fresh = Upload.objects.get()
    assert lease.acquire_unchanged(fresh)
    assert Upload.objects.get().lease_token == lease.token
