"""What the S3 store knows of one unfinished upload, read back from S3 itself.

The object key and part size (:class:`Target`), and the multipart upload as listed: its parts with
their sizes, ETags and CRC32 checksums, and the tails of :mod:`.s3parts` (:class:`State`). Kept
apart from the writers (:mod:`.s3parts`, :mod:`.s3append`, :mod:`.s3concat`), which all build on it.

Which multipart upload belongs to a key is remembered in each process (:class:`RememberedIds`),
but only as a guess that the ListParts of that id confirms: an upload completed or aborted since,
by any process, is no such upload there.

Multipart uploads are created with the CRC32 checksum algorithm, as boto3's own ``upload_file``
does: S3 then checks every part as it arrives, and CompleteMultipartUpload lists each part's
checksum. Uploads created without it (by an earlier version) are completed without checksums.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple

MIB: Final = 1024 * 1024
MIN_PART: Final = 5 * MIB
MAX_PART: Final = 5 * 1024 * MIB
BLOCK: Final = MIB
CHECKSUM: Final = "CRC32"
CHECKSUM_FIELD: Final = "ChecksumCRC32"


class Part(NamedTuple):
    """One stored part: its size, ETag and CRC32 (``""`` when S3 did not give one)."""

    size: int
    etag: str
    checksum: str = ""


@dataclass
class Target:
    """Where one upload lives: the client, bucket, object key and part size."""

    client: Any
    bucket: str
    key: str
    part_size: int

    def tail_key(self, number: int) -> str:
        return f"{self.key}.tail.{number}"

    def pages(self, operation: str, **kwargs: Any) -> Any:
        return self.client.get_paginator(operation).paginate(Bucket=self.bucket, **kwargs)

    def download(self, key: str, spool: Any, length: int | None = None) -> None:
        """Append (the first ``length`` bytes of) an object to ``spool`` block by block."""
        extra = {} if length is None else {"Range": f"bytes=0-{length - 1}"}
        body = self.client.get_object(Bucket=self.bucket, Key=key, **extra)["Body"]
        for block in body.iter_chunks(BLOCK):
            spool.write(block)
        body.close()


@dataclass
class State:
    """The multipart upload as listed: part number -> :class:`Part`; tail number -> size."""

    upload_id: str
    checksummed: bool = False  # created with the CRC32 algorithm: parts carry their checksum
    parts: dict[int, Part] = field(default_factory=dict)
    tails: dict[int, int] = field(default_factory=dict)
    full: int = 0  # parts 1..full all have part_size bytes
    tail: int = 0  # bytes in the tail of part full + 1

    def part_args(self) -> dict[str, str]:
        """What an ``upload_part`` of this upload adds: the checksum S3 will check."""
        return {"ChecksumAlgorithm": CHECKSUM} if self.checksummed else {}

    def record(self, number: int, size: int, response: Any) -> None:
        """Keep what ``upload_part`` (or ``upload_part_copy``'s result) said of a part."""
        checksum = str(response.get(CHECKSUM_FIELD, "")) if self.checksummed else ""
        self.parts[number] = Part(size, str(response["ETag"]), checksum)

    def completion(self, count: int) -> dict[str, Any]:
        """The ``MultipartUpload`` argument of CompleteMultipartUpload for parts 1..count."""
        listed = []
        for number in range(1, count + 1):
            part = self.parts[number]
            entry = {"PartNumber": number, "ETag": part.etag}
            if part.checksum:
                entry[CHECKSUM_FIELD] = part.checksum
            listed.append(entry)
        return {"Parts": listed}


def load(target: Target, upload_id: str, *, checksummed: bool) -> State:
    state = State(upload_id, checksummed)
    for page in target.pages("list_parts", Key=target.key, UploadId=upload_id):
        for part in page.get("Parts", []):
            state.record(int(part["PartNumber"]), int(part["Size"]), part)
    prefix = target.tail_key(0)[:-1]
    for page in target.pages("list_objects_v2", Prefix=prefix):
        for item in page.get("Contents", []):
            suffix = str(item["Key"])[len(prefix) :]
            if suffix.isdigit():
                state.tails[int(suffix)] = int(item["Size"])
    while state.parts.get(state.full + 1, Part(0, "")).size == target.part_size:
        state.full += 1
    state.tail = state.tails.get(state.full + 1, 0)
    return state


class RememberedIds:
    """Object key -> (multipart upload id, created with checksums), for the most recently
    used ``limit`` keys of this process; shared by its threads."""

    def __init__(self, limit: int = 1024) -> None:
        self.limit = limit
        self._ids: OrderedDict[str, tuple[str, bool]] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, key: str, upload_id: str, *, checksummed: bool) -> None:
        with self._lock:
            self._ids[key] = (upload_id, checksummed)
            self._ids.move_to_end(key)
            while len(self._ids) > self.limit:
                self._ids.popitem(last=False)

    def get(self, key: str) -> tuple[str, bool] | None:
        with self._lock:
            return self._ids.get(key)

    def forget(self, key: str) -> None:
        with self._lock:
            self._ids.pop(key, None)
