"""The S3 store's parts in flight and part checksums, against a real S3 server (moto).

Full parts are sent by background threads while the next one fills: a part that fails is kept
as a tail, parts that a dead writer left past a missing one never join the upload, and the
appender waits for its parts before it lets go. Multipart uploads carry CRC32 part checksums;
older ones without them still complete.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

import pytest
from botocore.exceptions import EndpointConnectionError
from django.test import Client

from django_dlwidget.models import Upload
from django_dlwidget.tus.stores import get_store
from django_dlwidget.tus.stores.s3append import IN_FLIGHT

from ..conftest import S3Site, create, head, patch, upload_id_of
from .test_s3 import PART, parts_of

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024


def failing_part(store_client: Any, number: int) -> list[int]:
    """Make the store's ``upload_part`` of part ``number`` fail (as an unreachable S3 does);
    return the part numbers it was asked to send, in the order the calls began."""
    sent: list[int] = []
    real = store_client.upload_part

    def upload_part(**kwargs: Any) -> Any:
        sent.append(int(kwargs["PartNumber"]))
        if kwargs["PartNumber"] == number and kwargs.get("ContentLength"):
            raise EndpointConnectionError(endpoint_url="http://s3.invalid")
        return real(**kwargs)

    store_client.upload_part = upload_part
    return sent


def test_parts_go_in_order_and_the_body_arrives_whole(client: Client, s3: S3Site) -> None:
    data = os.urandom(4 * PART + 123)
    url = create(client, len(data))["Location"]
    sent = failing_part(get_store().client, 0)  # type: ignore[attr-defined]
    assert patch(client, url, data).status_code == 204
    # Each part is sent once; two in flight may start in either order, never further apart.
    assert sorted(sent) == [1, 2, 3, 4, 5]
    assert all(abs(number - position) <= IN_FLIGHT - 1 for position, number in enumerate(sent, 1))
    assert s3.object_bytes(upload_id_of(url)) == data


def test_a_part_that_fails_in_flight_is_kept_as_a_tail(client: Client, s3: S3Site) -> None:
    data = os.urandom(4 * PART)
    url = create(client, len(data))["Location"]
    store = get_store()
    sent = failing_part(store.client, 2)  # type: ignore[attr-defined]
    response = patch(client, url, data)
    assert response.status_code == 503  # S3 out of reach: the client retries
    assert 2 in sent
    # Part 1 reached S3; part 2 failed and is kept as the tail of part 2; what came after it
    # (spooled, or sent while part 2 was in flight) is not counted.
    assert head(client, url)["Upload-Offset"] == str(2 * PART)
    assert parts_of(s3, url)[0] == PART
    assert s3.key(upload_id_of(url)) + ".tail.2" in s3.object_keys()
    del store.client.upload_part  # type: ignore[attr-defined]
    assert patch(client, url, data[2 * PART :], offset=2 * PART).status_code == 204
    assert s3.object_bytes(upload_id_of(url)) == data


def test_a_stray_part_past_a_missing_one_never_joins(client: Client, s3: S3Site) -> None:
    data = os.urandom(3 * PART)
    url = create(client, len(data))["Location"]
    upload_id = upload_id_of(url)
    [multipart] = s3.multipart_uploads()
    # A writer died with parts 1 and 2 in flight: part 2 (of other bytes) landed, part 1 did not.
    s3.client.upload_part(
        Bucket=s3.bucket,
        Key=s3.key(upload_id),
        UploadId=multipart["UploadId"],
        PartNumber=2,
        Body=os.urandom(PART),
    )
    assert head(client, url)["Upload-Offset"] == "0"
    # Part 1 arrives now, with less than a part after it: part 2 must not count.
    assert patch(client, url, data[: PART + MIB]).status_code == 204
    assert head(client, url)["Upload-Offset"] == str(PART + MIB)
    assert parts_of(s3, url) == [PART, 0]
    assert patch(client, url, data[PART + MIB :], offset=PART + MIB).status_code == 204
    assert s3.object_bytes(upload_id) == data


def test_closing_waits_for_the_parts_in_flight(client: Client, s3: S3Site) -> None:
    url = create(client, 3 * PART)["Location"]
    upload_id = upload_id_of(url)
    with get_store().open(upload_id) as stored:
        stored.appender(0).write(os.urandom(2 * PART + 1))  # two full parts handed over
    assert parts_of(s3, url) == [PART, PART]
    assert Upload.objects.get(pk=upload_id).offset == 0  # the row is the writer's to update


def test_parts_carry_crc32_checksums(client: Client, s3: S3Site) -> None:
    data = os.urandom(PART + 10)
    url = create(client, len(data))["Location"]
    [multipart] = s3.multipart_uploads()
    assert multipart["ChecksumAlgorithm"] == "CRC32"
    assert patch(client, url, data).status_code == 204
    stored = s3.client.get_object(
        Bucket=s3.bucket, Key=s3.key(upload_id_of(url)), ChecksumMode="ENABLED"
    )
    # The checksum of its two parts' checksums (and boto3 checked the bytes against it).
    assert stored["ChecksumCRC32"].endswith("-2"), stored
    assert stored["Body"].read() == data


def test_an_upload_without_part_checksums_still_completes(client: Client, s3: S3Site) -> None:
    data = os.urandom(PART + 10)
    url = create(client, len(data))["Location"]
    key = s3.key(upload_id_of(url))
    # As an earlier version created it: no checksum algorithm.
    [multipart] = s3.multipart_uploads()
    s3.client.abort_multipart_upload(Bucket=s3.bucket, Key=key, UploadId=multipart["UploadId"])
    s3.client.create_multipart_upload(Bucket=s3.bucket, Key=key)
    assert patch(client, url, data).status_code == 204
    assert hashlib.sha256(s3.object_bytes(upload_id_of(url))).digest() == (
        hashlib.sha256(data).digest()
    )
