"""The S3 store's remembered multipart upload ids, against a real S3 server (moto).

A process remembers which multipart upload holds each key, so that a PATCH need not list the
bucket's multipart uploads; another process (here: a second store on the same bucket) that
completes, aborts or restarts the upload meanwhile must never be missed.
"""

from __future__ import annotations

import os
import uuid
from typing import Any

import pytest

from django_dlwidget.tus.stores import get_store
from django_dlwidget.tus.stores.s3 import S3Store

from ..conftest import S3Site
from .test_s3 import PART


def listings(store: S3Store) -> list[str]:
    """The ListMultipartUploads calls ``store`` makes from now on."""
    calls: list[str] = []

    def count(**kwargs: Any) -> None:
        calls.append("ListMultipartUploads")

    store.client.meta.events.register("before-call.s3.ListMultipartUploads", count)
    return calls


def stores(s3: S3Site) -> tuple[S3Store, S3Store]:
    """The store in use and one of another process (nothing remembered) on the same bucket."""
    here = get_store()
    assert isinstance(here, S3Store)
    return here, S3Store(**s3.server.options(s3.bucket))


def append(store: S3Store, upload_id: uuid.UUID, data: bytes, *, complete: bool = False) -> int:
    with store.open(upload_id) as partial:
        appender = partial.appender(partial.size())
        appender.write(data)
        appender.finish(complete=complete)
        return partial.size()


def test_a_patch_lists_no_multipart_uploads_once_the_id_is_known(s3: S3Site) -> None:
    store, _other = stores(s3)
    upload_id = uuid.uuid4()
    store.create(upload_id)
    calls = listings(store)
    data = os.urandom(PART + 10)
    assert append(store, upload_id, data[:PART]) == PART
    assert append(store, upload_id, data[PART:], complete=True) == len(data)
    assert calls == []
    assert s3.object_bytes(upload_id) == data


def test_an_upload_completed_elsewhere_is_seen_as_sealed(s3: S3Site) -> None:
    store, other = stores(s3)
    upload_id = uuid.uuid4()
    store.create(upload_id)
    data = os.urandom(PART + 3)
    append(store, upload_id, data[:PART])
    append(other, upload_id, data[PART:], complete=True)
    with store.open(upload_id) as partial:
        assert partial.sealed
        assert partial.size() == len(data)
    assert s3.object_bytes(upload_id) == data


@pytest.mark.parametrize("written", [0, PART + 7])
def test_an_upload_restarted_elsewhere_is_read_from_its_new_multipart_upload(
    s3: S3Site, written: int
) -> None:
    store, other = stores(s3)
    upload_id = uuid.uuid4()
    store.create(upload_id)
    append(store, upload_id, os.urandom(2 * PART))
    other.remove(upload_id)  # aborted, then begun again with other bytes
    if written:
        assert append(other, upload_id, os.urandom(written)) == written
    else:
        other.create(upload_id)
    with store.open(upload_id) as partial:
        assert not partial.sealed
        assert partial.size() == written
    [upload] = s3.multipart_uploads()
    assert store.ids.get(s3.key(upload_id)) == (upload["UploadId"], True)


def test_a_removed_upload_is_gone_for_the_process_that_knew_it(s3: S3Site) -> None:
    store, other = stores(s3)
    upload_id = uuid.uuid4()
    store.create(upload_id)
    append(store, upload_id, os.urandom(PART))
    other.remove(upload_id)
    with pytest.raises(FileNotFoundError):
        store.open(upload_id, create=False)
    assert s3.multipart_uploads() == []
