"""A draft upload is a tus upload like any other: it lands in the S3 store as one, and its
token fills a form's resumable field."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from django import forms
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client, RequestFactory

from django_dlwidget.models import Upload
from django_dlwidget.uploads.request import bound_request
from tests.forms.models import Remote, memory_storage
from tests.harness.samples import opaque

from ..conftest import S3Site, upload_id_of
from .conftest import append, create, head

pytestmark = pytest.mark.django_db

if TYPE_CHECKING:
    RemoteFormBase = forms.ModelForm[Remote]
else:
    RemoteFormBase = forms.ModelForm


class RemoteForm(RemoteFormBase):
    class Meta:
        model = Remote
        fields = ("file",)


@pytest.fixture
def as_alice(user: User) -> Iterator[None]:
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request.user = user
    with bound_request(request):
        yield


def test_appends_into_the_s3_store(client: Client, s3: S3Site, version: str) -> None:
    data = opaque(300_000)
    url = create(client, version, data[:100_000], length=len(data))["Location"]
    assert head(client, version, url)["Upload-Offset"] == "100000"
    response = append(client, version, url, data[100_000:], 100_000, complete=True)
    assert response.status_code == 201
    assert response["Upload-Complete"] == "?1"
    stored = s3.object_bytes(upload_id_of(url))
    assert hashlib.sha256(stored).digest() == hashlib.sha256(data).digest()
    assert s3.multipart_uploads() == []


def test_cancellation_aborts_the_s3_upload(client: Client, s3: S3Site, version: str) -> None:
    url = create(client, version, b"x" * 1000, length=5000)["Location"]
    assert s3.object_keys() or s3.multipart_uploads()
    response = client.delete(url, headers={"Upload-Draft-Interop-Version": version})
    assert response.status_code == 204
    assert s3.object_keys() == []
    assert s3.multipart_uploads() == []


def test_the_token_fills_a_form_field(client: Client, as_alice: Any, version: str) -> None:
    data = opaque(2000)
    response = create(
        client,
        version,
        data,
        complete=True,
        headers={"Content-Disposition": 'attachment; filename="video.bin"'},
    )
    token = response["Dlw-Upload-Token"]
    form = RemoteForm(data={"file-token": token})
    assert form.is_valid(), form.errors
    name = str(form.save().file.name)
    assert name.startswith("remote/video")  # the name sent in Content-Disposition
    assert name.endswith(".bin")
    with memory_storage.open(name) as handle:
        assert handle.read() == data
    assert not Upload.objects.filter(pk=upload_id_of(response["Location"])).exists()
    assert not RemoteForm(data={"file-token": token}).is_valid()  # used once
