"""Whose uploads a request sees, when they expire, the size limits, and what a new row holds."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from django_dlwidget.models import Upload
from django_dlwidget.tus import partial
from django_dlwidget.tus.tokens import verify_token

from .conftest import ANON, TUS, create, error_code, head, patch

pytestmark = pytest.mark.django_db


def test_over_max_size_and_quota_are_413(client: Client, tus_dir: Path) -> None:
    settings = {"UPLOAD_TEMP_DIR": str(tus_dir), "UPLOAD_MAX_SIZE": 100, "UPLOAD_QUOTA": 150}
    with override_settings(DLWIDGET=settings):
        assert error_code(create(client, 101)) == "too_large"
        assert create(client, 100).status_code == 201
        response = create(client, 60)
        assert response.status_code == 413
        assert error_code(response) == "quota_exceeded"
        assert create(client, 50).status_code == 201


def test_other_users_upload_is_404(client: Client, tus_dir: Path) -> None:
    url = create(client)["Location"]
    other = Client()
    other.force_login(User.objects.create_user("bob"))
    assert head(other, url).status_code == 404
    assert patch(other, url, b"x").status_code == 404
    assert other.delete(url, headers=TUS).status_code == 404
    assert head(client, f"/dlwidget/uploads/{uuid.uuid4()}/").status_code == 404


def test_expired_is_410(client: Client) -> None:
    url = create(client)["Location"]
    Upload.objects.update(expires=timezone.now() - timedelta(seconds=1))
    assert head(client, url).status_code == 410
    assert error_code(patch(client, url, b"x")) == "expired"


def test_an_expired_upload_can_still_be_terminated(client: Client) -> None:
    url = create(client)["Location"]
    Upload.objects.update(expires=timezone.now() - timedelta(seconds=1))
    assert client.delete(url, headers=TUS).status_code == 204
    assert not Upload.objects.exists()


def test_writes_move_the_expiry(client: Client, tus_dir: Path) -> None:
    settings = {"UPLOAD_TEMP_DIR": str(tus_dir), "UPLOAD_EXPIRY": timedelta(hours=2)}
    with override_settings(DLWIDGET=settings):
        before = timezone.now()
        url = create(client, 6)["Location"]
        created = Upload.objects.get().expires
        assert created is not None
        assert before + timedelta(hours=2) <= created <= timezone.now() + timedelta(hours=2)
        Upload.objects.update(expires=timezone.now() + timedelta(minutes=1))
        assert patch(client, url, b"abc").status_code == 204
        written = Upload.objects.get().expires
        assert written is not None
        assert written > timezone.now() + timedelta(hours=1)


def test_anonymous_uploads_are_bound_to_the_session_which_survives_login(
    user: User, tus_dir: Path
) -> None:
    with override_settings(DLWIDGET={**ANON, "UPLOAD_TEMP_DIR": str(tus_dir)}):
        browser = Client()
        url = create(browser, 3)["Location"]
        upload = Upload.objects.get()
        assert upload.owner is None
        assert upload.session_key
        assert head(Client(), url).status_code == 404
        assert patch(browser, url, b"abc")["Dlw-Upload-Token"]
        token = patch(browser, url, b"", offset=3)["Dlw-Upload-Token"]
        browser.force_login(user)
        assert head(browser, url).status_code == 200
        request = browser.get("/").wsgi_request
        assert verify_token(token, request).pk == upload.pk


def test_deleting_a_user_deletes_uploads_and_files(client: Client, user: User) -> None:
    create(client)
    upload = Upload.objects.get()
    path = partial.path_for(upload.id)
    assert path.exists()
    user.delete()
    assert not Upload.objects.exists()
    assert not path.exists()
