"""The storage store: each accepted body is one chunk object on a Django storage, the offset is
their sum, checksummed bodies are all-or-nothing, and ending an upload deletes its chunks.

It runs on a ``FileSystemStorage`` (whose files are written in place) and on Django's
``InMemoryStorage`` (no local path at all), through the tus protocol as clients speak it."""

from __future__ import annotations

import base64
import hashlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import Storage, storages
from django.test import Client, override_settings
from django.utils import timezone

from django_dlwidget.models import Upload
from django_dlwidget.tus.stores import StorageStore, UploadUnavailable, get_store

from ..conftest import TUS, b64, concat, create, head, patch, upload_id_of

pytestmark = pytest.mark.django_db

BACKENDS = {
    "filesystem": "django.core.files.storage.FileSystemStorage",
    "memory": "django.core.files.storage.InMemoryStorage",
}


@dataclass
class StorageSite:
    storage: Storage
    location: str

    def names(self, url: str) -> list[str]:
        folder = f"{self.location}/{upload_id_of(url).hex}"
        try:
            return sorted(self.storage.listdir(folder)[1])
        except FileNotFoundError:
            return []

    def chunks(self, url: str) -> list[str]:
        return [name for name in self.names(url) if name.endswith(".part")]

    def lengths(self, url: str) -> list[int]:
        return [int(name.split("-")[1].split(".")[0]) for name in self.chunks(url)]


@pytest.fixture(params=sorted(BACKENDS))
def site(request: pytest.FixtureRequest, tus_dir: Path, tmp_path: Path) -> Iterator[StorageSite]:
    """The storage store on a storage of its own (and an UPLOAD_TEMP_DIR that must stay empty)."""
    options = {"location": str(tmp_path / "chunks")} if request.param == "filesystem" else {}
    entry = {"BACKEND": BACKENDS[request.param], "OPTIONS": options}
    store = {"BACKEND": "django_dlwidget.tus.stores.StorageStore",
             "OPTIONS": {"storage": "chunks", "location": "partial"}}  # fmt: skip
    with override_settings(
        STORAGES={**storages.backends, "chunks": entry},
        DLWIDGET={"UPLOAD_TEMP_DIR": str(tus_dir), "UPLOAD_STORE": store},
    ):
        yield StorageSite(storages["chunks"], "partial")
    assert not tus_dir.exists() or not list(tus_dir.iterdir())


def sha1_header(data: bytes) -> dict[str, str]:
    return {"Upload-Checksum": "sha1 " + base64.b64encode(hashlib.sha1(data).digest()).decode()}


def stored(url: str) -> bytes:
    with get_store().stream(upload_id_of(url)) as stream:
        return stream.read()


def test_each_body_is_one_chunk_and_the_offset_their_sum(client: Client, site: StorageSite) -> None:
    data = os.urandom(25_000)
    url = create(client, len(data))["Location"]
    assert site.names(url) == ["upload"]
    assert patch(client, url, data[:10_000]).status_code == 204
    assert patch(client, url, data[10_000:10_001], offset=10_000).status_code == 204
    assert site.lengths(url) == [10_000, 1]
    assert head(client, url)["Upload-Offset"] == "10001"
    response = patch(client, url, data[10_001:], offset=10_001)
    assert response.status_code == 204
    assert response["Dlw-Upload-Token"]
    assert site.lengths(url) == [10_000, 1, 14_999]
    assert stored(url) == data
    assert get_store().read(upload_id_of(url), 9_999, 3) == data[9_999:10_002]
    assert get_store().finished_size(upload_id_of(url)) == len(data)


def test_a_wrong_checksum_keeps_nothing_of_the_body(client: Client, site: StorageSite) -> None:
    data = os.urandom(3000)
    url = create(client, len(data))["Location"]
    assert patch(client, url, data[:1000]).status_code == 204
    body = data[1000:2000]
    assert patch(client, url, body, offset=1000, headers=sha1_header(b"other")).status_code == 460
    assert head(client, url)["Upload-Offset"] == "1000"
    assert site.lengths(url) == [1000]
    assert patch(client, url, body, offset=1000, headers=sha1_header(body)).status_code == 204
    assert patch(client, url, data[2000:], offset=2000).status_code == 204
    assert stored(url) == data


def test_a_long_checksummed_body_saved_in_several_chunks_is_cut_back_whole(
    client: Client, site: StorageSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django_dlwidget.tus.stores import storagechunks

    monkeypatch.setattr(storagechunks, "MAX_CHUNK", 400)
    data = os.urandom(2000)
    url = create(client, len(data))["Location"]
    assert patch(client, url, data[:500]).status_code == 204
    assert site.lengths(url) == [400, 100]
    body = data[500:1700]
    assert patch(client, url, body, offset=500, headers=sha1_header(b"x")).status_code == 460
    assert site.lengths(url) == [400, 100]
    assert patch(client, url, body, offset=500, headers=sha1_header(body)).status_code == 204
    assert patch(client, url, data[1700:], offset=1700).status_code == 204
    assert stored(url) == data


def dead_writer(url: str) -> None:
    Upload.objects.filter(pk=upload_id_of(url)).update(
        lease_token="dead", lease_expires=timezone.now() - timedelta(seconds=1)
    )


def test_a_chunk_a_dead_writer_cut_short_is_not_counted(client: Client, site: StorageSite) -> None:
    from django.core.files.base import ContentFile

    data = os.urandom(3000)
    url = create(client, len(data))["Location"]
    assert patch(client, url, data[:1000]).status_code == 204
    # Saving its 1500-byte chunk, the writer died after 700 bytes (a storage writing in place).
    folder = f"{site.location}/{upload_id_of(url).hex}"
    site.storage.save(f"{folder}/{1000:020d}-{1500:020d}.part", ContentFile(data[1000:1700]))
    dead_writer(url)
    assert head(client, url)["Upload-Offset"] == "1000"
    # The next writer deletes the stray before it saves its own chunk, which may be shorter.
    assert patch(client, url, data[1000:1200], offset=1000).status_code == 204
    assert site.lengths(url) == [1000, 200]
    assert patch(client, url, data[1200:], offset=1200).status_code == 204
    assert stored(url) == data


def test_a_cut_inside_a_chunk_keeps_its_start(site: StorageSite, client: Client) -> None:
    data = os.urandom(3000)
    url = create(client, len(data))["Location"]
    assert patch(client, url, data[:2000]).status_code == 204
    with get_store().open(upload_id_of(url), create=False) as partial:
        assert partial.truncate(1234) == 1234
    assert site.lengths(url) == [1234]
    assert stored(url) == data[:1234]


def test_a_body_that_was_never_saved_leaves_nothing(client: Client, site: StorageSite) -> None:
    data = os.urandom(3000)
    url = create(client, len(data))["Location"]
    assert patch(client, url, data[:1000]).status_code == 204
    with get_store().open(upload_id_of(url)) as partial:
        partial.appender(partial.size()).write(data[1000:2000])  # never flushed: lost
    dead_writer(url)
    assert head(client, url)["Upload-Offset"] == "1000"
    assert patch(client, url, data[1000:], offset=1000).status_code == 204
    assert stored(url) == data


def test_termination_deletes_the_chunks(client: Client, site: StorageSite) -> None:
    url = create(client, 100)["Location"]
    assert patch(client, url, b"x" * 40).status_code == 204
    assert client.delete(url, headers=TUS).status_code == 204
    assert site.names(url) == []
    assert get_store().finished_size(upload_id_of(url)) is None


def test_an_empty_upload_is_finished_at_once(client: Client, site: StorageSite) -> None:
    url = create(client, 0)["Location"]
    assert site.names(url) == ["upload"]
    assert get_store().finished_size(upload_id_of(url)) == 0
    assert stored(url) == b""


def test_concatenation_streams_the_parts_in_order(client: Client, site: StorageSite) -> None:
    parts = [os.urandom(700), os.urandom(1300)]
    urls = []
    for part in parts:
        url = create(client, len(part), headers={"Upload-Concat": "partial"})["Location"]
        assert patch(client, url, part).status_code == 204
        urls.append(url)
    response = concat(client, "final;" + " ".join(urls))
    assert response.status_code == 201
    assert stored(response["Location"]) == b"".join(parts)


def test_expiry_and_orphan_cleanup_delete_chunks(
    client: Client, site: StorageSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from django.core.files.base import ContentFile

    from django_dlwidget.tus import cleanup

    expired = create(client, 100)["Location"]
    assert patch(client, expired, b"x" * 10).status_code == 204
    kept = create(client, 100)["Location"]
    assert patch(client, kept, b"y" * 10).status_code == 204
    Upload.objects.filter(pk=upload_id_of(expired)).update(expires=timezone.now())
    # Chunks that no row owns (their server died between the two): an orphan, once old.
    orphan = f"{site.location}/{uuid.uuid4().hex}"
    site.storage.save(f"{orphan}/upload", ContentFile(b""))
    site.storage.save(f"{orphan}/{0:020d}-{3:020d}.part", ContentFile(b"abc"))
    assert cleanup.cleanup_expired_uploads() == 1  # the orphan is new: kept for now
    assert site.names(expired) == []
    assert site.storage.exists(f"{orphan}/upload")
    later = time.time() + 2 * 86400
    monkeypatch.setattr("django_dlwidget.tus.cleanup.time.time", lambda: later)
    assert cleanup.cleanup_expired_uploads() == 1
    assert not site.storage.exists(f"{orphan}/upload")
    assert site.lengths(kept) == [10]


def test_a_claim_is_had_once_and_consumes_the_chunks(client: Client, site: StorageSite) -> None:
    data = os.urandom(5000)
    url = create(client, len(data))["Location"]
    assert patch(client, url, data).status_code == 204
    store = get_store()
    upload_id = upload_id_of(url)
    with pytest.raises(UploadUnavailable), store.claim(upload_id, len(data) - 1):
        pass
    with store.claim(upload_id, len(data)) as claim:
        assert claim.path is None
        with claim.open() as stream:
            assert stream.read() == data
        with pytest.raises(UploadUnavailable), store.claim(upload_id, len(data)):
            pass  # busy: this claim holds the lease
    assert site.names(url) == []


def test_bad_options_are_e040(site: StorageSite) -> None:
    from django_dlwidget.checks import check_settings

    def ids(**options: Any) -> list[str]:
        setting = {"BACKEND": "django_dlwidget.tus.stores.StorageStore", "OPTIONS": options}
        with override_settings(DLWIDGET={"UPLOAD_STORE": setting}):
            return [str(m.id) for m in check_settings()]

    assert ids(storage="chunks") == []
    assert ids(storage={"BACKEND": "django.core.files.storage.InMemoryStorage"}) == []
    assert ids(storage="no-such-alias") == ["django_dlwidget.E040"]
    assert ids(storage={"OPTIONS": {}}) == ["django_dlwidget.E040"]
    assert ids(chunk_size=0) == ["django_dlwidget.E040"]
    assert ids(locaton="typo") == ["django_dlwidget.E040"]


def test_the_chunk_size_is_what_the_widget_sends(site: StorageSite, rf: Any) -> None:
    from django_dlwidget.uploads.context import element_context

    setting = {"BACKEND": "django_dlwidget.tus.stores.StorageStore",
               "OPTIONS": {"storage": "chunks", "chunk_size": 4096}}  # fmt: skip
    with override_settings(DLWIDGET={"UPLOAD_STORE": setting}):
        assert isinstance(get_store(), StorageStore)
        assert element_context(None, max_size=None)["chunk_size"] == 4096


def test_a_form_saves_the_chunks_into_the_model_fields_storage(
    client: Client, site: StorageSite, user: Any, settings: Any, tmp_path: Path
) -> None:
    from django import forms

    from django_dlwidget.uploads.request import bound_request
    from tests.forms.conftest import PDF, request_for
    from tests.forms.models import Document

    settings.MEDIA_ROOT = tmp_path / "media"
    url = create(client, len(PDF), headers={"Upload-Metadata": "filename " + b64(b"r.pdf")})
    url = url["Location"]
    assert patch(client, url, PDF[:1000]).status_code == 204
    response = patch(client, url, PDF[1000:], offset=1000)
    token = response["Dlw-Upload-Token"]

    class DocumentForm(forms.ModelForm):  # type: ignore[type-arg]
        class Meta:
            model = Document
            fields = ("file",)

    with bound_request(request_for(user)):
        form = DocumentForm(data={"file-token": token})
        assert form.is_valid(), form.errors
        document = form.save()
    assert document.file.name == "documents/r.pdf"
    assert (tmp_path / "media" / "documents" / "r.pdf").read_bytes() == PDF
    assert site.names(url) == []  # consumed
    assert not Upload.objects.filter(pk=upload_id_of(url)).exists()


def test_an_unreachable_storage_is_a_503(
    client: Client, site: StorageSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = create(client, 10)["Location"]

    def refuse(*args: object, **kwargs: object) -> None:
        raise ConnectionRefusedError("storage down")

    monkeypatch.setattr(type(site.storage), "listdir", refuse)
    response = patch(client, url, b"abc")
    assert response.status_code == 503
    assert response.json()["error"] == "store_unavailable"
    monkeypatch.undo()
    assert patch(client, url, b"abc").status_code == 204


def test_a_live_lease_is_never_overridden(client: Client, site: StorageSite) -> None:
    url = create(client, 10)["Location"]
    Upload.objects.update(lease_token="alive", lease_expires=timezone.now() + timedelta(hours=1))
    assert patch(client, url, b"abc").status_code == 423
    assert client.delete(url, headers=TUS).status_code == 423
    assert site.chunks(url) == []
    Upload.objects.update(lease_token="", lease_expires=None)
    assert patch(client, url, b"abc").status_code == 204


def test_a_writer_whose_lease_was_taken_saves_no_chunk(client: Client, site: StorageSite) -> None:
    from django_dlwidget.tus.errors import TusError

    url = create(client, 10)["Location"]
    with get_store().open(upload_id_of(url)) as partial:
        appender = partial.appender(0)
        appender.write(b"abc")

        def lost() -> None:
            raise TusError(423, "locked", "the lease was taken over")

        appender.guard = lost
        with pytest.raises(TusError):
            appender.flush()
    assert site.chunks(url) == []
