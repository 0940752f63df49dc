"""A form's reservation of a finished upload against the tus verbs on it: a HEAD or an empty
PATCH from the owner (a client resuming from a stored URL in another tab) does not take the
reservation away, and reservations are not counted as uploads being written."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from django_dlwidget.models import Upload
from django_dlwidget.uploads.reservation import reserve

from .conftest import MakeUpload, request_for

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.forms.urls")]
TUS = {"Tus-Resumable": "1.0.0"}


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_head_keeps_a_forms_reservation(user: User, make_upload: MakeUpload) -> None:
    upload, _ = make_upload()
    assert reserve(upload.id, request_for(user))
    held = Upload.objects.get(pk=upload.pk).lease_token
    assert logged_in(user).head(f"/dlwidget/uploads/{upload.id}/", headers=TUS).status_code == 200
    assert Upload.objects.get(pk=upload.pk).lease_token == held
    assert reserve(upload.id, request_for(user)) is None  # a second request is still refused


def test_an_empty_patch_keeps_a_forms_reservation(user: User, make_upload: MakeUpload) -> None:
    upload, _ = make_upload()
    assert reserve(upload.id, request_for(user))
    answer = logged_in(user).generic(
        "PATCH",
        f"/dlwidget/uploads/{upload.id}/",
        b"",
        CONTENT_TYPE="application/offset+octet-stream",  # the client drops content_type= for b""
        CONTENT_LENGTH="0",
        HTTP_UPLOAD_OFFSET=str(upload.length),
        headers=TUS,
    )
    assert answer.status_code == 423
    assert reserve(upload.id, request_for(user)) is None


def test_reserved_finished_uploads_are_not_writers(user: User, make_upload: MakeUpload) -> None:
    for _ in range(4):  # UPLOAD_MAX_CONCURRENT_PER_USER's default
        finished, _ = make_upload()
        assert reserve(finished.id, request_for(user))
    busy, _ = make_upload(complete=False, written=10)
    answer = logged_in(user).generic(
        "PATCH",
        f"/dlwidget/uploads/{busy.id}/",
        b"x",
        content_type="application/offset+octet-stream",
        HTTP_UPLOAD_OFFSET="10",
        headers=TUS,
    )
    assert answer.status_code == 204, answer.content
