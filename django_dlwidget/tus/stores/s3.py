"""``S3Store``: partial bytes on S3 (or any S3-compatible service), one multipart upload each.

For a fleet of app servers without a shared filesystem. Nothing local matters for correctness:
the database lease is the only lock, what is stored is read back from S3 (:mod:`.s3parts`), and
the only local file is the spool of the part being filled. An upload is the object
``<location>/<upload id hex>``: while unfinished a multipart upload of that key (and the tails of
:mod:`.s3parts`), once finished the completed object. Terminating or expiring an unfinished
upload aborts its multipart upload. A finished upload is claimed with a long lease and copied
server-side into a django-storages ``S3Storage`` on the same service, or else streamed.

OPTIONS left out fall back to django-storages' settings (``AWS_STORAGE_BUCKET_NAME``,
``AWS_S3_ENDPOINT_URL``, ``AWS_S3_REGION_NAME``, ``AWS_S3_ACCESS_KEY_ID`` / ``AWS_ACCESS_KEY_ID``,
``AWS_S3_SECRET_ACCESS_KEY`` / ``AWS_SECRET_ACCESS_KEY``), then to boto3's own configuration.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any, Final, cast

from django.conf import settings

from .base import Claim, PartialData, UploadStore
from .leaseclaim import lease_claim
from .s3concat import concatenate
from .s3parts import MultipartData, SealedData
from .s3state import CHECKSUM, MAX_PART, MIB, MIN_PART, RememberedIds, Target

if TYPE_CHECKING:
    from django.core.files.storage import Storage


CHUNK_PARTS: Final = 8  # parts per PATCH from the widget, by default


def _setting(*names: str) -> Any:
    for name in names:
        value = getattr(settings, name, None)
        if value:
            return value
    return None


def _missing(error: Exception) -> bool:
    response = getattr(error, "response", None) or {}
    code = str(response.get("Error", {}).get("Code", ""))
    return code in ("404", "NoSuchKey", "NoSuchUpload", "NotFound")


class S3Store(UploadStore):
    """OPTIONS: ``bucket_name``, ``location`` (key prefix), ``endpoint_url``, ``region_name``,
    ``access_key``, ``secret_key``, ``part_size`` (bytes, 5 MiB to 5 GiB; default 8 MiB)."""

    locks = False

    def __init__(
        self,
        *,
        bucket_name: str | None = None,
        location: str = "dlwidget/uploads",
        endpoint_url: str | None = None,
        region_name: str | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
        part_size: int = 8 * MIB,
    ) -> None:
        import boto3  # an optional dependency: `pip install django-dlwidget[s3]`

        self.bucket_name = str(bucket_name or _setting("AWS_STORAGE_BUCKET_NAME") or "")
        if not self.bucket_name:
            raise ValueError("S3Store needs a bucket_name (or AWS_STORAGE_BUCKET_NAME)")
        if not isinstance(part_size, int) or not MIN_PART <= part_size <= MAX_PART:
            raise ValueError("S3Store's part_size must be 5 MiB to 5 GiB")
        self.location = str(location).strip("/")
        self.part_size = part_size
        self.endpoint_url = endpoint_url or _setting("AWS_S3_ENDPOINT_URL")
        self.client = boto3.session.Session().client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=region_name or _setting("AWS_S3_REGION_NAME"),
            aws_access_key_id=access_key or _setting("AWS_S3_ACCESS_KEY_ID", "AWS_ACCESS_KEY_ID"),
            aws_secret_access_key=secret_key
            or _setting("AWS_S3_SECRET_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY"),
        )
        # Spares each PATCH the listing of the bucket's multipart uploads (see open()).
        self.ids = RememberedIds()

    def unavailable(self, error: Exception) -> bool:
        from botocore.exceptions import BotoCoreError

        if isinstance(error, BotoCoreError):
            return True  # no connection, a timeout, a cut response
        return _s3_status(error) >= 500  # InternalError, SlowDown, ServiceUnavailable

    def refused(self, error: Exception) -> bool:
        # The store handles the refusals it expects (a multipart upload or tail that is gone);
        # any other 4xx is S3 turning this server away: AccessDenied, InvalidAccessKeyId,
        # SignatureDoesNotMatch, NoSuchBucket, a wrong region.
        return 400 <= _s3_status(error) < 500

    @property
    def chunk_size(self) -> int:
        # Whole parts per PATCH: no tail between a widget's PATCHes. Each PATCH has fixed costs
        # (the listings of open(), waiting for its last part), so not too few of them; 64 MiB
        # at the default part size stays below the body limits of common proxies (100 MB).
        return CHUNK_PARTS * self.part_size

    def key(self, upload_id: uuid.UUID) -> str:
        return f"{self.location}/{upload_id.hex}" if self.location else upload_id.hex

    def target(self, upload_id: uuid.UUID) -> Target:
        return self._target(self.key(upload_id))

    def _target(self, key: str) -> Target:
        return Target(self.client, self.bucket_name, key, self.part_size)

    def _multipart_uploads(self, key: str) -> list[dict[str, Any]]:
        pages = self.client.get_paginator("list_multipart_uploads").paginate(
            Bucket=self.bucket_name, Prefix=key
        )
        return [item for page in pages for item in page.get("Uploads", []) if item["Key"] == key]

    def _multipart_ids(self, key: str) -> list[str]:
        return [str(item["UploadId"]) for item in self._multipart_uploads(key)]

    def _object_size(self, key: str) -> int | None:
        try:
            return int(self.client.head_object(Bucket=self.bucket_name, Key=key)["ContentLength"])
        except Exception as exc:
            if _missing(exc):
                return None
            raise

    def create(self, upload_id: uuid.UUID, *, empty: bool = False) -> None:
        key = self.key(upload_id)
        if empty:
            self.client.put_object(Bucket=self.bucket_name, Key=key, Body=b"")
        else:
            self._start(key)

    def _start(self, key: str) -> MultipartData:
        created = self.client.create_multipart_upload(
            Bucket=self.bucket_name, Key=key, ChecksumAlgorithm=CHECKSUM
        )
        upload_id = str(created["UploadId"])
        self.ids.remember(key, upload_id, checksummed=True)
        return MultipartData(self._target(key), upload_id, checksummed=True, fresh=True)

    def open(self, upload_id: uuid.UUID, *, create: bool = True) -> PartialData:
        key = self.key(upload_id)
        known = self.ids.get(key)
        if known is not None:
            # Its parts are listed by id: an upload completed or aborted since (by any
            # process) is NoSuchUpload there, and then the bucket is asked as below.
            try:
                return MultipartData(self._target(key), known[0], checksummed=known[1])
            except Exception as exc:
                if not _missing(exc):
                    raise
            self.ids.forget(key)
        uploads = self._multipart_uploads(key)
        if not uploads:
            size = self._object_size(key)
            if size is not None:
                return SealedData(size)
            if not create:
                raise FileNotFoundError(key)
            return self._start(key)
        upload = uploads[0]
        checksummed = str(upload.get("ChecksumAlgorithm") or "").upper() == CHECKSUM
        self.ids.remember(key, str(upload["UploadId"]), checksummed=checksummed)
        return MultipartData(self._target(key), str(upload["UploadId"]), checksummed=checksummed)

    def remove(self, upload_id: uuid.UUID) -> None:
        key = self.key(upload_id)
        self.ids.forget(key)
        for multipart_id in self._multipart_ids(key):
            with contextlib.suppress(Exception):
                self.client.abort_multipart_upload(
                    Bucket=self.bucket_name, Key=key, UploadId=multipart_id
                )
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket_name, Prefix=f"{key}.tail."
        )
        for page in pages:
            for item in page.get("Contents", []):
                self.client.delete_object(Bucket=self.bucket_name, Key=item["Key"])
        self.client.delete_object(Bucket=self.bucket_name, Key=key)

    def concatenate(self, sources: Sequence[uuid.UUID], target: PartialData) -> int:
        assert isinstance(target, MultipartData)
        return concatenate([self.key(source) for source in sources], target)

    def remove_orphans(self, known: Callable[[uuid.UUID], bool], older_than: float) -> int:
        prefix = f"{self.location}/" if self.location else ""
        removed: set[uuid.UUID] = set()
        listings = (
            ("list_multipart_uploads", "Uploads", "Initiated"),
            ("list_objects_v2", "Contents", "LastModified"),
        )
        for operation, items, when in listings:
            pages = self.client.get_paginator(operation).paginate(
                Bucket=self.bucket_name, Prefix=prefix
            )
            for page in pages:
                for item in page.get(items, []):
                    name = str(item["Key"])[len(prefix) :].split(".", 1)[0]
                    try:
                        upload_id = uuid.UUID(hex=name)
                    except ValueError:
                        continue
                    if item[when].timestamp() < older_than and not known(upload_id):
                        removed.add(upload_id)
        for upload_id in removed:
            self.remove(upload_id)
        return len(removed)

    def finished_size(self, upload_id: uuid.UUID) -> int | None:
        return self._object_size(self.key(upload_id))

    def _get(self, upload_id: uuid.UUID, **extra: Any) -> Any:
        try:
            return self.client.get_object(Bucket=self.bucket_name, Key=self.key(upload_id), **extra)
        except Exception as exc:
            if _missing(exc):
                raise FileNotFoundError(self.key(upload_id)) from None
            raise

    def read(self, upload_id: uuid.UUID, start: int, length: int) -> bytes:
        if length <= 0:
            return b""
        body = self._get(upload_id, Range=f"bytes={start}-{start + length - 1}")["Body"]
        with contextlib.closing(body):
            return bytes(body.read())

    def stream(self, upload_id: uuid.UUID) -> IO[bytes]:
        return cast("IO[bytes]", self._get(upload_id)["Body"])

    def claim(self, upload_id: uuid.UUID, size: int) -> contextlib.AbstractContextManager[Claim]:
        # The lease is the lock here; a claim holds it as long as an unclaimed upload is kept.
        return lease_claim(self, upload_id, size, lambda: _S3Claim(self, upload_id))


class _S3Claim(Claim):
    def __init__(self, store: S3Store, upload_id: uuid.UUID) -> None:
        self.store, self.upload_id = store, upload_id

    def open(self) -> IO[bytes]:
        return self.store.stream(self.upload_id)

    def copy_to(self, storage: Storage, name: str, max_length: int | None = None) -> str | None:
        try:
            from storages.backends.s3 import S3Storage
            from storages.utils import clean_name
        except ImportError:
            return None
        store = self.store
        if not isinstance(storage, S3Storage) or (storage.endpoint_url or None) != (
            store.endpoint_url or None
        ):
            return None  # not the same S3 service: the bytes are streamed instead
        name = storage.get_available_name(name, max_length=max_length)
        key = storage._normalize_name(clean_name(name))
        # What S3Storage would have written the object with (type, encoding, ACL...), and a
        # checksum of the copy's own (not the parts' checksum of the multipart upload).
        extra = {
            "ChecksumAlgorithm": CHECKSUM,
            **storage._get_write_parameters(key),
            "MetadataDirective": "REPLACE",
        }
        store.client.copy(
            {"Bucket": store.bucket_name, "Key": store.key(self.upload_id)},
            storage.bucket_name,
            key,
            ExtraArgs=extra,
        )
        return str(clean_name(name))


def _s3_status(error: Exception) -> int:
    """The HTTP status of S3's answer when ``error`` is one (a ``ClientError``), else 0."""
    from botocore.exceptions import ClientError

    if not isinstance(error, ClientError):
        return 0
    return int(error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0))
