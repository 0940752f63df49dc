"""One writer per upload: the OS lock, the lease, and what a dead writer left on disk."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from django_dlwidget.models import Upload
from django_dlwidget.tus import partial
from django_dlwidget.tus.locking import Lease

from .conftest import create, error_code, head, patch

pytestmark = pytest.mark.django_db


def test_live_lease_is_423_and_file_lock_too(client: Client) -> None:
    url = create(client)["Location"]
    upload = Upload.objects.get()
    with partial.PartialFile(upload.id):  # another writer holds the OS lock
        response = patch(client, url, b"abc")
        assert response.status_code == 423
        assert error_code(response) == "locked"
    # A live-looking lease whose holder is gone (no OS lock) is taken over.
    Upload.objects.update(lease_token="dead", lease_expires=timezone.now() + timedelta(hours=1))
    assert patch(client, url, b"abc").status_code == 204


def test_bytes_on_disk_after_a_crash_are_reported(client: Client) -> None:
    url = create(client, 10)["Location"]
    upload = Upload.objects.get()
    # A writer died after writing 4 bytes, before recording them.
    partial.path_for(upload.id).write_bytes(b"abcd")
    Upload.objects.update(lease_token="dead", lease_expires=timezone.now() + timedelta(hours=1))
    assert head(client, url)["Upload-Offset"] == "4"
    assert patch(client, url, b"efghij", offset=4).status_code == 204
    assert partial.path_for(upload.id).read_bytes() == b"abcdefghij"


def test_unverified_bytes_of_a_dead_checksummed_writer_are_dropped(client: Client) -> None:
    url = create(client, 10)["Location"]
    upload = Upload.objects.get()
    partial.path_for(upload.id).write_bytes(b"abcd")
    Upload.objects.update(
        lease_token="dead",
        lease_expires=timezone.now() + timedelta(hours=1),
        lease_checksummed=True,
    )
    assert head(client, url)["Upload-Offset"] == "0"
    assert partial.path_for(upload.id).read_bytes() == b""


def test_patch_after_a_crash_without_head_keeps_the_bytes_on_disk(client: Client) -> None:
    url = create(client, 10)["Location"]
    upload = Upload.objects.get()
    partial.path_for(upload.id).write_bytes(b"abcd")
    Upload.objects.update(lease_token="dead", lease_expires=timezone.now() + timedelta(hours=1))
    response = patch(client, url, b"abcdefghij")
    assert response.status_code == 409
    assert response["Upload-Offset"] == "4"
    assert patch(client, url, b"efghij", offset=4).status_code == 204
    assert partial.path_for(upload.id).read_bytes() == b"abcdefghij"
    assert Upload.objects.get().lease_token == ""


def test_patch_after_a_dead_checksummed_writer_drops_its_bytes(client: Client) -> None:
    url = create(client, 10)["Location"]
    upload = Upload.objects.get()
    partial.path_for(upload.id).write_bytes(b"abcd")
    Upload.objects.update(lease_token="dead", lease_checksummed=True)
    assert patch(client, url, b"ABCDEFGHIJ").status_code == 204
    assert partial.path_for(upload.id).read_bytes() == b"ABCDEFGHIJ"


def test_the_lease_is_taken_only_from_the_row_as_it_was_read(client: Client, tus_dir: Path) -> None:
    url = create(client, 10)["Location"]
    seen = Upload.objects.get()
    assert patch(client, url, b"ab").status_code == 204  # the row moved on since
    lease = Lease(seen.id, checksummed=False)
    assert not lease.acquire_unchanged(seen)
    assert Upload.objects.get().lease_token == ""
    fresh = Upload.objects.get()
    assert lease.acquire_unchanged(fresh)
    assert Upload.objects.get().lease_token == lease.token
