"""A finished upload on the S3 store saved by a form: server-side into django-storages'
``S3Storage`` on the same S3 server, streamed into any other storage; stored once either way."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from django import forms
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.test import Client, RequestFactory
from storages.backends.s3 import S3Storage

from django_dlwidget.models import Upload
from django_dlwidget.tus.stores import UploadUnavailable, get_store
from django_dlwidget.uploads.request import bound_request
from tests.forms.models import Remote
from tests.harness.samples import opaque

from ..conftest import S3Site, create, patch, upload_id_of
from .test_s3 import PART

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


def finished(client: Client, data: bytes, name: str = "video.bin") -> tuple[str, str]:
    """Upload ``data`` through the tus views; return its URL and token."""
    import base64

    metadata = "filename " + base64.b64encode(name.encode()).decode()
    url = create(client, len(data), headers={"Upload-Metadata": metadata})["Location"]
    response = patch(client, url, data)
    assert response.status_code == 204
    return url, str(response["Dlw-Upload-Token"])


def calls(store_client: Any) -> list[str]:
    """The S3 operations the store's own client makes from now on."""
    seen: list[str] = []
    store_client.meta.events.register(
        "before-call.s3.*", lambda model, **kw: seen.append(model.name)
    )
    return seen


@pytest.fixture
def s3_field(s3: S3Site, monkeypatch: pytest.MonkeyPatch) -> str:
    """``Remote.file`` on an S3Storage bucket of the same S3 server."""
    bucket = s3.server.new_bucket()
    options = s3.server.options(bucket)
    storage = S3Storage(
        bucket_name=bucket,
        endpoint_url=options["endpoint_url"],
        region_name=options["region_name"],
        access_key=options["access_key"],
        secret_key=options["secret_key"],
    )
    monkeypatch.setattr(Remote._meta.get_field("file"), "storage", storage)
    return bucket


def test_saved_server_side_into_s3storage(
    client: Client, s3: S3Site, s3_field: str, as_alice: None
) -> None:
    data = opaque(PART + 999)
    url, token = finished(client, data)
    made = calls(get_store().client)  # type: ignore[attr-defined]
    form = RemoteForm(data={"file-token": token})
    assert form.is_valid(), form.errors
    remote = form.save()
    assert remote.file.name == "remote/video.bin"
    stored = s3.client.get_object(Bucket=s3_field, Key="remote/video.bin")["Body"].read()
    assert hashlib.sha256(stored).hexdigest() == hashlib.sha256(data).hexdigest()
    assert "CopyObject" in made or "UploadPartCopy" in made
    assert "UploadPart" not in made  # no byte went through this process
    assert "PutObject" not in made
    assert not Upload.objects.filter(pk=upload_id_of(url)).exists()
    assert s3.object_keys() == []  # the upload's object is gone with it
    again = RemoteForm(data={"file-token": token})
    assert not again.is_valid()


def test_streamed_into_another_storage(
    client: Client, s3: S3Site, tmp_path: Any, monkeypatch: pytest.MonkeyPatch, as_alice: None
) -> None:
    storage = FileSystemStorage(location=tmp_path / "media")
    monkeypatch.setattr(Remote._meta.get_field("file"), "storage", storage)
    data = opaque(2 * 1024 * 1024 + 5)
    _, token = finished(client, data)
    form = RemoteForm(data={"file-token": token})
    assert form.is_valid(), form.errors
    remote = form.save()
    assert (tmp_path / "media" / remote.file.name).read_bytes() == data
    assert s3.object_keys() == []


def test_one_token_is_stored_once(
    client: Client, s3: S3Site, s3_field: str, as_alice: None
) -> None:
    _, token = finished(client, opaque(1000))
    first, second = RemoteForm(data={"file-token": token}), RemoteForm(data={"file-token": token})
    assert first.is_valid()
    assert second.is_valid()
    first.save()
    with pytest.raises(UploadUnavailable), transaction.atomic():
        second.save()
    assert Remote.objects.count() == 1


def test_a_failing_storage_gives_the_upload_back(
    client: Client, s3: S3Site, s3_field: str, as_alice: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = opaque(1000)
    url, token = finished(client, data)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError("storage down")

    monkeypatch.setattr(get_store().client, "copy", broken)  # type: ignore[attr-defined]
    form = RemoteForm(data={"file-token": token})
    assert form.is_valid()
    with pytest.raises(OSError, match="storage down"), transaction.atomic():
        form.save()
    assert s3.object_bytes(upload_id_of(url)) == data
    monkeypatch.undo()
    monkeypatch.setattr(
        Remote._meta.get_field("file"),
        "storage",
        FileSystemStorage(location=str(s3.temp_dir.parent / "m")),
    )
    form = RemoteForm(data={"file-token": token})
    assert form.is_valid(), form.errors
    remote = form.save()
    assert remote.file.read() == data
    remote.file.close()


def test_an_empty_upload_is_saved_too(
    client: Client, s3: S3Site, s3_field: str, as_alice: None
) -> None:
    import base64

    metadata = "filename " + base64.b64encode(b"empty.txt").decode()
    response = create(client, 0, headers={"Upload-Metadata": metadata})
    assert response.status_code == 201
    token = str(
        client.head(response["Location"], headers={"Tus-Resumable": "1.0.0"})["Dlw-Upload-Token"]
    )
    form = RemoteForm(data={"file-token": token})
    assert form.is_valid(), form.errors
    remote = form.save()
    assert s3.client.get_object(Bucket=s3_field, Key=remote.file.name)["Body"].read() == b""
