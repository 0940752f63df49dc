"""Writing bodies: offsets, the upload's end, checksums, a full disk, and the rows touched."""

from __future__ import annotations

import errno
import hashlib
import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from django_dlwidget.models import Upload
from django_dlwidget.tus import partial
from django_dlwidget.tus.checksum import Checksum
from django_dlwidget.tus.errors import TusError
from django_dlwidget.tus.stores import get_store
from django_dlwidget.tus.writer import FileSink, copy_blocks

from .conftest import b64, create, error_code, head, patch

pytestmark = pytest.mark.django_db


def test_offset_mismatch_is_409(client: Client) -> None:
    url = create(client)["Location"]
    response = patch(client, url, b"abc", offset=3)
    assert response.status_code == 409
    assert response["Upload-Offset"] == "0"
    assert head(client, url)["Upload-Offset"] == "0"


def test_body_past_length_is_413_and_nothing_written(client: Client) -> None:
    url = create(client, 4)["Location"]
    response = patch(client, url, b"123456")
    assert response.status_code == 413
    assert head(client, url)["Upload-Offset"] == "0"


@pytest.mark.parametrize(
    ("algorithm", "digest"),
    [
        ("sha1", hashlib.sha1(b"hello").digest()),
        ("sha256", hashlib.sha256(b"hello").digest()),
        ("md5", hashlib.md5(b"hello").digest()),
    ],
)
def test_checksums_accepted(client: Client, algorithm: str, digest: bytes) -> None:
    url = create(client, 5)["Location"]
    response = patch(
        client, url, b"hello", headers={"Upload-Checksum": f"{algorithm} {b64(digest)}"}
    )
    assert response.status_code == 204
    assert response["Upload-Offset"] == "5"


def test_checksum_mismatch_is_460_and_discarded(client: Client) -> None:
    url = create(client, 10)["Location"]
    assert patch(client, url, b"12345").status_code == 204
    wrong = b64(hashlib.sha1(b"other").digest())
    response = patch(client, url, b"67890", offset=5, headers={"Upload-Checksum": f"sha1 {wrong}"})
    assert response.status_code == 460
    assert error_code(response) == "checksum_mismatch"
    assert head(client, url)["Upload-Offset"] == "5"
    upload = Upload.objects.get()
    assert partial.path_for(upload.id).read_bytes() == b"12345"


def test_disk_full_is_507_and_keeps_what_fitted(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = create(client, 10)["Location"]
    real_pwrite = os.pwrite

    def pwrite(fd: int, data: Any, offset: int) -> int:
        if offset >= 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_pwrite(fd, bytes(data[:3]), offset)

    monkeypatch.setattr(os, "pwrite", pwrite)
    response = patch(client, url, b"abcdef")
    monkeypatch.undo()
    assert response.status_code == 507
    assert error_code(response) == "disk_full"
    assert head(client, url)["Upload-Offset"] == "3"


def test_a_patch_touches_the_upload_row_four_times(client: Client) -> None:
    url = create(client, 6)["Location"]
    assert patch(client, url, b"abc").status_code == 204
    with CaptureQueriesContext(connection) as queries:
        assert patch(client, url, b"def", offset=3).status_code == 204
    table = Upload._meta.db_table
    on_upload = [q["sql"].split()[0] for q in queries.captured_queries if table in q["sql"]]
    # Read and check it; take the lease (proving the row unchanged); count the owner's live
    # writers (the per-user cap); release it with the offset.
    assert on_upload == ["SELECT", "UPDATE", "SELECT", "UPDATE"]


class Blocks:
    """A stream handing out ``blocks`` one per read, then failing with ``error`` if given."""

    def __init__(self, *blocks: bytes, error: Exception | None = None) -> None:
        self.blocks, self.error = list(blocks), error
        self.asked: list[int] = []

    def read(self, size: int, /) -> bytes:
        self.asked.append(size)
        if self.blocks:
            return self.blocks.pop(0)
        if self.error is not None:
            raise self.error
        return b""


def test_blocks_are_copied_and_ticked_until_the_end(tus_dir: Path) -> None:
    upload_id = uuid.uuid4()
    digest = hashlib.sha1(b"abcdef").digest()
    with get_store().open(upload_id) as file:
        sink = FileSink(file.appender(2), 2, 6, Checksum("sha1", digest))
        ticks: list[int] = []
        assert copy_blocks(Blocks(b"abc", b"def"), sink, ticks.append) is False
        assert ticks == [3, 6]
        assert sink.hasher is not None
        assert sink.hasher.digest() == digest
        assert copy_blocks(Blocks(error=OSError("reset")), sink, ticks.append) is True
    assert partial.path_for(upload_id).read_bytes() == b"\0\0abcdef"


def test_the_sink_refuses_to_write_past_the_end(tus_dir: Path) -> None:
    upload_id = uuid.uuid4()
    with get_store().open(upload_id) as file:
        sink = FileSink(file.appender(0), 0, 4, None)
        stream = Blocks(b"abc", b"de")
        with pytest.raises(TusError) as refused:
            copy_blocks(stream, sink, lambda written: None)
        assert refused.value.status == 413
        # It never asks for more than one byte past the room left.
        assert stream.asked == [5, 2]
    assert partial.path_for(upload_id).read_bytes() == b"abc"
