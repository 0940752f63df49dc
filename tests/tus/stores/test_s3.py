"""The S3 store through the tus views, against a real S3 server (moto in a subprocess).

Parts are 5 MiB here: bodies that do not fill one are kept as tails and folded into the next
part, checksummed bodies are all-or-nothing across parts, and a finished upload is one object.
"""

from __future__ import annotations

import base64
import hashlib
import os
import uuid
from typing import Any

import pytest
from django.test import Client

from django_dlwidget.models import Upload
from django_dlwidget.tus.stores import get_store

from ..conftest import OCTET, TUS, S3Site, create, head, patch, upload_id_of

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024
PART = 5 * MIB


def sha1_header(data: bytes) -> dict[str, str]:
    return {"Upload-Checksum": "sha1 " + base64.b64encode(hashlib.sha1(data).digest()).decode()}


def parts_of(s3: S3Site, url: str) -> list[int]:
    [upload] = s3.multipart_uploads()
    assert upload["Key"] == s3.key(upload_id_of(url))
    listing = s3.client.list_parts(Bucket=s3.bucket, Key=upload["Key"], UploadId=upload["UploadId"])
    return [int(part["Size"]) for part in listing.get("Parts", [])]


def test_small_bodies_become_tails_then_whole_parts(client: Client, s3: S3Site) -> None:
    data = os.urandom(2 * PART + 12345)
    url = create(client, len(data))["Location"]
    key = s3.key(upload_id_of(url))
    assert patch(client, url, data[: 3 * MIB]).status_code == 204
    assert parts_of(s3, url) == []
    assert s3.object_keys() == [f"{key}.tail.1"]
    assert head(client, url)["Upload-Offset"] == str(3 * MIB)
    # The tail is folded into part 1; what is left over is the tail of part 2.
    assert patch(client, url, data[3 * MIB : 7 * MIB], offset=3 * MIB).status_code == 204
    assert parts_of(s3, url) == [PART]
    assert f"{key}.tail.2" in s3.object_keys()
    assert head(client, url)["Upload-Offset"] == str(7 * MIB)
    response = patch(client, url, data[7 * MIB :], offset=7 * MIB)
    assert response.status_code == 204
    assert response["Dlw-Upload-Token"]
    assert s3.multipart_uploads() == []  # completed
    assert s3.object_keys() == [key]  # and no tail left behind
    assert s3.object_bytes(upload_id_of(url)) == data


def test_a_wrong_checksum_across_parts_keeps_nothing_of_the_body(
    client: Client, s3: S3Site
) -> None:
    data = os.urandom(3 * PART)
    url = create(client, len(data))["Location"]
    assert patch(client, url, data[:MIB]).status_code == 204
    body = data[MIB : 2 * PART + MIB]
    response = patch(client, url, body, offset=MIB, headers=sha1_header(b"other"))
    assert response.status_code == 460
    assert head(client, url)["Upload-Offset"] == str(MIB)
    # The parts it sent are overwritten with empty ones: no run of full parts survives.
    assert parts_of(s3, url) == [0, 0]
    assert patch(client, url, body, offset=MIB, headers=sha1_header(body)).status_code == 204
    assert head(client, url)["Upload-Offset"] == str(2 * PART + MIB)
    assert patch(client, url, data[2 * PART + MIB :], offset=2 * PART + MIB).status_code == 204
    assert s3.object_bytes(upload_id_of(url)) == data


def dead_writer(url: str, data: bytes, *, checksummed: bool) -> None:
    """What a writer that died mid-body leaves: bytes sent to S3, a lease run out."""
    from datetime import timedelta

    from django.utils import timezone

    upload = Upload.objects.get(pk=upload_id_of(url))
    with get_store().open(upload.id) as stored:
        stored.appender(stored.size()).write(data)  # never flushed: the spool is lost
    Upload.objects.filter(pk=upload.id).update(
        lease_token="dead",
        lease_expires=timezone.now() - timedelta(seconds=1),
        lease_checksummed=checksummed,
    )


@pytest.mark.parametrize(("checksummed", "kept"), [(False, PART), (True, MIB)])
def test_what_a_dead_writer_sent(client: Client, s3: S3Site, checksummed: bool, kept: int) -> None:
    data = os.urandom(2 * PART)
    url = create(client, len(data))["Location"]
    assert patch(client, url, data[:MIB]).status_code == 204
    dead_writer(url, data[MIB : PART + 2 * MIB], checksummed=checksummed)
    # Unverified bytes go; others are kept up to the last whole part that reached S3.
    assert head(client, url)["Upload-Offset"] == str(kept)
    assert patch(client, url, data[kept:], offset=kept).status_code == 204
    assert s3.object_bytes(upload_id_of(url)) == data


def test_a_live_lease_is_never_overridden(client: Client, s3: S3Site) -> None:
    from datetime import timedelta

    from django.utils import timezone

    url = create(client, 10)["Location"]
    Upload.objects.update(lease_token="alive", lease_expires=timezone.now() + timedelta(hours=1))
    assert patch(client, url, b"abc").status_code == 423
    assert client.delete(url, headers=TUS).status_code == 423
    assert head(client, url)["Upload-Offset"] == "0"
    Upload.objects.update(lease_token="", lease_expires=None)
    assert patch(client, url, b"abc").status_code == 204


def test_termination_aborts_the_multipart_upload(client: Client, s3: S3Site) -> None:
    url = create(client, 3 * PART)["Location"]
    assert patch(client, url, os.urandom(PART + 10)).status_code == 204
    assert len(s3.multipart_uploads()) == 1
    assert client.delete(url, headers=TUS).status_code == 204
    assert s3.multipart_uploads() == []
    assert s3.object_keys() == []


def test_an_empty_upload_is_an_empty_object(client: Client, s3: S3Site) -> None:
    response = create(client, 0)
    assert response.status_code == 201
    assert s3.object_bytes(upload_id_of(response["Location"])) == b""
    assert s3.multipart_uploads() == []


def test_deferred_length(client: Client, s3: S3Site) -> None:
    data = os.urandom(PART + 3)
    url = create(client, None, headers={"Upload-Defer-Length": "1"})["Location"]
    assert patch(client, url, data[:PART]).status_code == 204
    response = patch(
        client, url, data[PART:], offset=PART, headers={"Upload-Length": str(len(data))}
    )
    assert response.status_code == 204
    assert s3.object_bytes(upload_id_of(url)) == data


def test_concatenation_copies_parts_server_side(client: Client, s3: S3Site) -> None:
    pieces = [os.urandom(size) for size in (PART + 7, MIB, 2 * PART, 10)]
    urls = []
    for piece in pieces:
        url = create(client, len(piece), headers={"Upload-Concat": "partial"})["Location"]
        assert patch(client, url, piece).status_code == 204
        urls.append(url)
    response = client.generic(
        "POST",
        "/dlwidget/uploads/",
        b"",
        headers={**TUS, "Upload-Concat": "final;" + " ".join(urls)},
    )
    assert response.status_code == 201, response.content
    final = upload_id_of(response["Location"])
    assert s3.object_bytes(final) == b"".join(pieces)
    assert s3.object_keys() == [s3.key(final)]  # the parts are consumed
    assert s3.multipart_uploads() == []


def test_nothing_is_written_locally(client: Client, s3: S3Site) -> None:
    url = create(client, PART + 1)["Location"]
    assert (
        patch(client, url, os.urandom(PART + 1), headers={"Content-Type": OCTET}).status_code == 204
    )
    # The fixture checks UPLOAD_TEMP_DIR stayed empty; the upload is one object.
    assert s3.object_keys() == [s3.key(upload_id_of(url))]


def test_bad_s3_options_are_e040(s3: S3Site) -> None:
    from django.test import override_settings

    from django_dlwidget.checks import check_settings
    from django_dlwidget.tus.checks import check_chunk_size

    def ids(**dlwidget: Any) -> list[str]:
        with override_settings(DLWIDGET=dlwidget):
            return [str(m.id) for m in [*check_settings(), *check_chunk_size()]]

    good = s3.server.store_setting(s3.bucket)
    assert ids(UPLOAD_STORE=good) == []
    assert ids(UPLOAD_STORE=good, UPLOAD_CHUNK_SIZE=2 * PART) == []
    assert ids(UPLOAD_STORE=good, UPLOAD_CHUNK_SIZE=PART + 1) == ["django_dlwidget.E041"]
    small = s3.server.store_setting(s3.bucket, part_size=MIB)
    assert ids(UPLOAD_STORE=small) == ["django_dlwidget.E040"]
    unknown = s3.server.store_setting(s3.bucket, bucket_nmae="typo")
    assert ids(UPLOAD_STORE=unknown) == ["django_dlwidget.E040"]
    nameless = s3.server.store_setting("")
    assert ids(UPLOAD_STORE=nameless) == ["django_dlwidget.E040"]


def test_expiry_cleanup_aborts_multipart_uploads(client: Client, s3: S3Site) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from django_dlwidget.tus.cleanup import cleanup_expired_uploads

    expired = create(client, 3 * PART)["Location"]
    assert patch(client, expired, os.urandom(PART + 10)).status_code == 204
    busy = create(client, 3 * PART)["Location"]
    kept = create(client, 3 * PART)["Location"]
    past = timezone.now() - timedelta(seconds=1)
    Upload.objects.filter(pk__in=[upload_id_of(expired), upload_id_of(busy)]).update(expires=past)
    # A live writer's lease keeps an expired upload until that writer is done.
    Upload.objects.filter(pk=upload_id_of(busy)).update(
        lease_token="alive", lease_expires=timezone.now() + timedelta(minutes=1)
    )
    # A multipart upload that no row owns (its server died between the two): an orphan.
    orphan = s3.key(uuid.uuid4())
    s3.client.create_multipart_upload(Bucket=s3.bucket, Key=orphan)
    assert len(s3.multipart_uploads()) == 4
    assert cleanup_expired_uploads() == 2
    left = sorted(str(item["Key"]) for item in s3.multipart_uploads())
    assert left == sorted(s3.key(upload_id_of(url)) for url in (busy, kept))
    assert s3.object_keys() == []  # the expired one's tail went too
    assert set(Upload.objects.values_list("pk", flat=True)) == {
        upload_id_of(busy),
        upload_id_of(kept),
    }


def test_an_unreachable_store_is_a_503(client: Client, s3: S3Site) -> None:
    from django.test import override_settings

    from tests.harness.processes import LOOPBACK, free_port

    url = create(client, 10)["Location"]
    nowhere = s3.server.store_setting(s3.bucket, endpoint_url=f"http://{LOOPBACK}:{free_port()}")
    with override_settings(DLWIDGET={"UPLOAD_STORE": nowhere, "UPLOAD_TEMP_DIR": str(s3.temp_dir)}):
        for response in (create(client, 10), patch(client, url, b"abc")):
            assert response.status_code == 503
            assert response.json()["error"] == "store_unavailable"
            assert response["Retry-After"] == "5"
    assert patch(client, url, b"abc").status_code == 204  # back: nothing was lost


# Transactional: a refused DELETE rolls its own transaction back, as in autocommit.
@pytest.mark.django_db(transaction=True)
def test_a_store_that_refuses_this_server_is_a_json_500_and_leaves_the_upload_free(
    client: Client, s3: S3Site
) -> None:
    from django.test import override_settings

    url = create(client, 10)["Location"]
    assert patch(client, url, b"abc").status_code == 204
    missing = s3.server.store_setting(f"dlw-missing-{uuid.uuid4().hex[:12]}")
    with override_settings(DLWIDGET={"UPLOAD_STORE": missing, "UPLOAD_TEMP_DIR": str(s3.temp_dir)}):
        for response in (
            create(client, 10),
            patch(client, url, b"def", offset=3),
            client.delete(url, headers=TUS),
        ):
            assert response.status_code == 500
            assert response.json()["error"] == "store_refused"  # NoSuchBucket, not an HTML page
    # The failed DELETE gave its lease back: the upload is not locked, and nothing was lost.
    assert head(client, url)["Upload-Offset"] == "3"
    assert patch(client, url, b"def", offset=3).status_code == 204
    assert client.delete(url, headers=TUS).status_code == 204


def test_a_body_of_several_parts_touches_the_row_only_to_take_and_give_back_the_lease(
    client: Client, s3: S3Site
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    data = os.urandom(3 * PART + 1)
    url = create(client, len(data) + 2)["Location"]
    assert patch(client, url, b"a").status_code == 204  # the first body may set things up
    with CaptureQueriesContext(connection) as queries:
        assert patch(client, url, data, offset=1).status_code == 204
    updates = [
        q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")
    ]
    assert len(updates) == 2, updates  # not one more per part sent
    assert parts_of(s3, url) == [PART, PART, PART]
    assert head(client, url)["Upload-Offset"] == str(len(data) + 1)


def test_a_writer_whose_lease_ran_out_and_was_taken_sends_no_more_parts(
    client: Client, s3: S3Site
) -> None:
    from django_dlwidget.tus import lease as lease_module
    from django_dlwidget.tus.errors import TusError
    from django_dlwidget.tus.lease import Lease

    url = create(client, 2 * PART)["Location"]
    upload_id = upload_id_of(url)
    lease = Lease(upload_id, checksummed=False)
    lease.acquire(file_locked=False)
    with get_store().open(upload_id) as stored:
        appender = stored.appender(0)
        appender.guard = lambda: lease.renew(appender.durable)  # as the writer sets it
        appender.write(os.urandom(PART - 1))
        Upload.objects.update(lease_token="someone-else")  # it ran out and was taken over
        lease._renewed -= lease_module.RENEW_EVERY  # last renewed that long ago
        with pytest.raises(TusError) as refused:
            appender.write(b"x")  # fills part 1: checked before it is sent
        assert refused.value.status == 423
    assert parts_of(s3, url) == []
