"""The tus 1.0 protocol, independent of how the request arrived (WSGI view or ASGI wrapper).

Every function takes a :class:`TusRequest` and returns a :class:`TusResponse` or raises
:class:`~.errors.TusError`. Bodies are read from ``TusRequest.body`` in fixed-size blocks and
written straight into the partial file.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, cast
from urllib.parse import urlsplit

from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.http import UnreadablePostError
from django.urls import Resolver404, get_script_prefix, resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from ..conf import dlwidget_settings
from ..models import Upload
from ..signals import upload_complete
from . import partial
from .auth import Principal
from .checksum import ALGORITHMS, Checksum, parse_checksum
from .errors import TusError
from .headers import (
    EXTENSIONS,
    OFFSET_CONTENT_TYPE,
    SUPPORTED_VERSIONS,
    TOKEN_HEADER,
    TUS_VERSION,
    content_type_of,
    format_expires,
    parse_size,
)
from .locking import RENEW_EVERY, Lease, open_locked, reconcile
from .metadata import encode_metadata, filename_from, parse_metadata
from .partial import BLOCK_SIZE, Locked, PartialFile
from .tokens import make_token

if TYPE_CHECKING:
    from django.http import HttpRequest


class Readable(Protocol):
    def read(self, size: int, /) -> bytes: ...


@dataclass
class Body:
    """A request body: a stream read in blocks, and the declared ``Content-Length``."""

    stream: Readable
    length: int | None

    @property
    def aborted(self) -> bool:
        """The ASGI wrapper's stream knows when the client went away mid-body."""
        return bool(getattr(self.stream, "aborted", False))

    @property
    def present(self) -> bool:
        return self.length is None or self.length > 0


@dataclass
class TusRequest:
    request: HttpRequest
    principal: Principal
    headers: Mapping[str, str]  # lower-case names
    body: Body | None = None

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class TusResponse:
    status: int
    headers: dict[str, str] = field(default_factory=dict)


def discovery_headers() -> dict[str, str]:
    return {
        "Tus-Resumable": TUS_VERSION,
        "Tus-Version": ",".join(SUPPORTED_VERSIONS),
        "Tus-Extension": ",".join(EXTENSIONS),
        "Tus-Max-Size": str(dlwidget_settings.UPLOAD_MAX_SIZE),
        "Tus-Checksum-Algorithm": ",".join(ALGORITHMS),
    }


def options() -> TusResponse:
    return TusResponse(204, discovery_headers())


# --- lookups -------------------------------------------------------------------------------


def _not_found() -> TusError:
    return TusError(404, "not_found", _("There is no such upload."))


def _refresh(upload: Upload) -> None:
    """Re-read the row (lock held); 404 if it went meanwhile."""
    try:
        upload.refresh_from_db()
    except Upload.DoesNotExist:
        raise _not_found() from None


def get_upload(principal: Principal, upload_id: uuid.UUID) -> Upload:
    upload = Upload.objects.filter(pk=upload_id).first()
    if upload is None or not principal.owns(upload):
        raise _not_found()
    if upload.expires is not None and upload.expires <= timezone.now():
        raise TusError(410, "expired", _("This upload has expired; start a new one."))
    return upload


def _upload_url(tus: TusRequest, upload: Upload) -> str:
    """The upload's URL beside the creation endpoint (works under any include prefix)."""
    return f"{tus.request.path.rstrip('/')}/{upload.id}/"


def _upload_id_from_url(url: str) -> uuid.UUID | None:
    from .views import is_tus_view

    path = urlsplit(url.strip()).path
    prefix = get_script_prefix()
    if prefix != "/" and path.startswith(prefix):
        path = "/" + path[len(prefix) :]
    try:
        match = resolve(path)
    except Resolver404:
        return None
    value = match.kwargs.get("upload_id")
    return value if is_tus_view(match.func) and isinstance(value, uuid.UUID) else None


def _check_size(principal: Principal, length: int, *, counted: int = 0) -> None:
    if length > dlwidget_settings.UPLOAD_MAX_SIZE:
        raise TusError(
            413,
            "too_large",
            _("The upload is larger than the %(max)s bytes allowed.")
            % {"max": dlwidget_settings.UPLOAD_MAX_SIZE},
        )
    in_flight = Upload.objects.filter(
        principal.filter(), complete=False, expires__gt=timezone.now()
    ).aggregate(total=Sum(Coalesce("length", "offset")))["total"]
    if (in_flight or 0) - counted + length > dlwidget_settings.UPLOAD_QUOTA:
        raise TusError(
            413,
            "quota_exceeded",
            _("Your unfinished uploads would exceed your quota of %(quota)s bytes.")
            % {"quota": dlwidget_settings.UPLOAD_QUOTA},
        )


def _state_headers(upload: Upload) -> dict[str, str]:
    headers = {"Upload-Offset": str(upload.offset)}
    if upload.length is None:
        headers["Upload-Defer-Length"] = "1"
    else:
        headers["Upload-Length"] = str(upload.length)
    if upload.expires is not None and not upload.complete:
        headers["Upload-Expires"] = format_expires(upload.expires)
    if upload.complete:
        headers[TOKEN_HEADER] = make_token(upload)
    return headers


# --- HEAD ----------------------------------------------------------------------------------


def head(tus: TusRequest, upload_id: uuid.UUID) -> TusResponse:
    upload = get_upload(tus.principal, upload_id)
    # With the file lock free, nobody is writing: report what really reached the disk. Never
    # create the file here: a finished upload's data may be on its way into a form's storage.
    try:
        with PartialFile(upload.id, create=False) as locked_file:
            _refresh(upload)
            reconcile(upload, locked_file)
    except Locked:
        pass
    except FileNotFoundError:
        if not upload.complete:
            upload.offset = 0  # the data is gone: the client starts over (PATCH recreates it)
    headers = _state_headers(upload)
    headers["Cache-Control"] = "no-store"
    if upload.metadata:
        headers["Upload-Metadata"] = encode_metadata(upload.metadata)
    if upload.is_partial:
        headers["Upload-Concat"] = "partial"
    elif upload.is_final:
        headers["Upload-Concat"] = "final;" + " ".join(upload.parts)
    return TusResponse(200, headers)


# --- DELETE (termination) ------------------------------------------------------------------


def delete(tus: TusRequest, upload_id: uuid.UUID) -> TusResponse:
    upload = Upload.objects.filter(pk=upload_id).first()
    if upload is None or not tus.principal.owns(upload):
        raise _not_found()
    with open_locked(upload.id):
        lease = Lease(upload.id, checksummed=False)
        lease.acquire(file_locked=True)
        upload.delete()  # the post_delete receiver removes the partial file
    return TusResponse(204)


# --- POST (creation, creation-with-upload, creation-defer-length, concatenation) -----------


def create(tus: TusRequest) -> TusResponse:
    concat = (tus.header("Upload-Concat") or "").strip()
    metadata = parse_metadata(tus.header("Upload-Metadata") or "")
    if concat.startswith("final;"):
        return _create_final(tus, concat[len("final;") :], metadata)
    if concat not in ("", "partial"):
        raise TusError(400, "invalid_concat", _("Upload-Concat must be partial or final;URLs."))

    body = tus.body
    has_body = body is not None and body.present
    if has_body and content_type_of(tus.header("Content-Type") or "") != OFFSET_CONTENT_TYPE:
        raise TusError(
            415,
            "unsupported_media_type",
            _("An upload body must be sent as %(type)s.") % {"type": OFFSET_CONTENT_TYPE},
        )
    length_header = tus.header("Upload-Length")
    defer = tus.header("Upload-Defer-Length")
    if length_header is not None and defer is not None:
        raise TusError(
            400,
            "invalid_header",
            _("Send either Upload-Length or Upload-Defer-Length, not both."),
        )
    if length_header is None and defer is None:
        raise TusError(
            400, "invalid_header", _("Upload-Length or Upload-Defer-Length is required.")
        )
    if defer is not None and defer.strip() != "1":
        raise TusError(400, "invalid_header", _("Upload-Defer-Length must be 1."))
    length = None if length_header is None else parse_size(length_header, "Upload-Length")
    checksum = _checksum_of(tus)
    _check_size(tus.principal, length or 0)

    upload = _new_upload(
        tus, length, metadata, is_partial=concat == "partial", complete=length == 0
    )
    partial.create(upload.id)
    upload.save(force_insert=True)
    headers = {"Location": _upload_url(tus, upload)}
    if has_body and body is not None:
        upload = _write(tus, upload, body, offset=0, checksum=checksum, new_length=None)
        headers.update(_state_headers(upload))
    else:
        if upload.complete:
            _completed(tus, upload)
        headers.update(_state_headers(upload))
        if not upload.complete:
            headers.pop("Upload-Offset")
    return TusResponse(201, headers)


def _new_upload(
    tus: TusRequest, length: int | None, metadata: dict[str, str], **fields: Any
) -> Upload:
    """An unsaved Upload bound to the requester (user, or anonymous session) with its expiry."""
    now = timezone.now()
    return Upload(
        owner_id=None if tus.principal.user_pk is None else _owner_pk(tus.request),
        session_key="" if tus.principal.user_pk is not None else tus.principal.binding,
        length=length,
        metadata=metadata,
        filename=filename_from(metadata),
        created=now,
        updated=now,
        expires=now + dlwidget_settings.UPLOAD_EXPIRY,
        **fields,
    )


def _owner_pk(request: HttpRequest) -> int | str | None:
    # Any AUTH_USER_MODEL primary key (integers, UUIDs, strings) is accepted by the FK.
    return cast("int | str | None", request.user.pk)


def _create_final(tus: TusRequest, urls: str, metadata: dict[str, str]) -> TusResponse:
    if tus.header("Upload-Length") is not None:
        raise TusError(400, "invalid_concat", _("A final upload must not carry an Upload-Length."))
    if tus.body is not None and tus.body.length:
        raise TusError(400, "invalid_concat", _("A final upload must not carry a body."))
    part_urls = urls.split()
    if not part_urls:
        raise TusError(400, "invalid_concat", _("Upload-Concat final lists no partial uploads."))
    parts: list[Upload] = []
    for url in part_urls:
        part_id = _upload_id_from_url(url)
        if part_id is None:
            raise TusError(400, "invalid_concat", _("%(url)s is not an upload URL.") % {"url": url})
        part = get_upload(tus.principal, part_id)
        if not part.is_partial or not part.complete or part.length is None:
            raise TusError(
                400,
                "invalid_concat",
                _("%(url)s is not a finished partial upload.") % {"url": url},
            )
        parts.append(part)
    length = sum(part.length or 0 for part in parts)
    if length > dlwidget_settings.UPLOAD_MAX_SIZE:
        _check_size(tus.principal, length)
    upload = _new_upload(tus, length, metadata, is_final=True, parts=part_urls)
    partial.create(upload.id)
    upload.save(force_insert=True)
    try:
        with open_locked(upload.id) as target:
            copied = partial.concatenate([part.id for part in parts], target)
    except BaseException:
        upload.delete()
        raise
    if copied != length:
        upload.delete()
        raise TusError(409, "parts_changed", _("A partial upload changed during concatenation."))
    upload.offset = length
    upload.complete = True
    upload.save(update_fields=["offset", "complete"])
    # The parts are consumed: their bytes now live in the final upload.
    for part in parts:
        part.delete()
    _completed(tus, upload)
    headers = {"Location": _upload_url(tus, upload), **_state_headers(upload)}
    return TusResponse(201, headers)


# --- PATCH ---------------------------------------------------------------------------------


def patch(tus: TusRequest, upload_id: uuid.UUID) -> TusResponse:
    upload = get_upload(tus.principal, upload_id)
    if upload.is_final:
        raise TusError(
            403, "final_upload", _("A final concatenation cannot be written to directly.")
        )
    if content_type_of(tus.header("Content-Type") or "") != OFFSET_CONTENT_TYPE:
        raise TusError(
            415,
            "unsupported_media_type",
            _("PATCH bodies must be sent as %(type)s.") % {"type": OFFSET_CONTENT_TYPE},
        )
    offset_header = tus.header("Upload-Offset")
    if offset_header is None:
        raise TusError(400, "invalid_header", _("Upload-Offset is required."))
    offset = parse_size(offset_header, "Upload-Offset")
    checksum = _checksum_of(tus)
    new_length = None
    length_header = tus.header("Upload-Length")
    if length_header is not None:
        new_length = parse_size(length_header, "Upload-Length")
        if upload.length is not None and new_length != upload.length:
            raise TusError(
                400, "invalid_header", _("Upload-Length cannot change once it is known.")
            )
        if upload.length is None:
            if new_length < offset:
                raise TusError(
                    400, "invalid_header", _("Upload-Length is smaller than the offset.")
                )
            _check_size(tus.principal, new_length, counted=upload.offset)
        else:
            new_length = None
    body = tus.body or Body(_Empty(), 0)
    upload = _write(tus, upload, body, offset=offset, checksum=checksum, new_length=new_length)
    return TusResponse(204, _state_headers(upload))


class _Empty:
    def read(self, size: int, /) -> bytes:
        return b""


def _checksum_of(tus: TusRequest) -> Checksum | None:
    value = tus.header("Upload-Checksum")
    return None if value is None else parse_checksum(value)


def _write(
    tus: TusRequest,
    upload: Upload,
    body: Body,
    *,
    offset: int,
    checksum: Checksum | None,
    new_length: int | None,
) -> Upload:
    """Stream ``body`` into the partial file at ``offset`` under the lock and lease."""
    try:
        file = open_locked(upload.id, create=not upload.complete)
    except FileNotFoundError:
        raise _not_found() from None  # finished, and its data already handed to a form
    with file:
        lease = Lease(upload.id, checksummed=checksum is not None)
        if lease.acquire_unchanged(upload):
            # One UPDATE took the lease and proved the row is still as get_upload() read it.
            reconcile(upload, file, lease=lease)
        else:
            _refresh(upload)
            reconcile(upload, file)
            lease.acquire(file_locked=True)
        try:
            if offset != upload.offset:
                raise TusError(
                    409,
                    "offset_mismatch",
                    _("Upload-Offset is %(sent)s but the upload is at %(offset)s.")
                    % {"sent": offset, "offset": upload.offset},
                    {"Upload-Offset": str(upload.offset)},
                )
            length = new_length if new_length is not None else upload.length
            limit = (length if length is not None else dlwidget_settings.UPLOAD_MAX_SIZE) - offset
            if body.length is not None and body.length > limit:
                raise TusError(
                    413,
                    "too_large",
                    _("The body goes past the end of the upload (%(limit)s bytes left).")
                    % {"limit": limit},
                )
            end = _stream(body, file, lease, offset, limit, checksum)
        except BaseException:
            lease.release(**_progress(upload, file.size(), None))
            raise
        fields = _progress(upload, end, new_length)
        lease.release(**fields)
    for name, value in fields.items():
        setattr(upload, name, value)
    if upload.complete:
        _completed(tus, upload)
    return upload


def _progress(upload: Upload, end: int, new_length: int | None) -> dict[str, object]:
    length = new_length if new_length is not None else upload.length
    now = timezone.now()
    fields: dict[str, object] = {"offset": end, "updated": now}
    if new_length is not None:
        fields["length"] = new_length
    complete = length is not None and end >= length
    if complete and not upload.complete:
        fields["complete"] = True
    # Unfinished uploads expire after UPLOAD_EXPIRY idle; finished ones wait that long for a form.
    fields["expires"] = now + dlwidget_settings.UPLOAD_EXPIRY
    return fields


class _FileSink:
    """Writes a body into the partial file from ``start``, never past ``start + limit``."""

    def __init__(
        self, file: PartialFile, start: int, limit: int, checksum: Checksum | None
    ) -> None:
        self.file, self.start, self.limit = file, start, limit
        self.hasher = checksum.hasher() if checksum else None
        self.written = 0

    @property
    def room(self) -> int:
        return self.limit - self.written

    def write(self, data: bytes, /) -> None:
        if len(data) > self.limit - self.written:
            raise TusError(413, "too_large", _("The body goes past the end of the upload."))
        self.file.write_at(self.start + self.written, data)
        self.written += len(data)
        if self.hasher is not None:
            self.hasher.update(data)


def _stream(
    body: Body,
    file: PartialFile,
    lease: Lease,
    start: int,
    limit: int,
    checksum: Checksum | None,
) -> int:
    """Copy the body into the file; return the new end. Never writes past ``start + limit``."""
    sink = _FileSink(file, start, limit, checksum)

    def tick(written: int) -> None:
        # A checksummed body counts only once verified; until then the offset stays put.
        lease.renew(None if sink.hasher is not None else start + written)

    cut = False
    try:
        pour = getattr(body.stream, "pour", None)
        if pour is not None:
            # The ASGI wrapper's stream: the event loop writes each message as it arrives.
            pour(sink, tick=tick, every=RENEW_EVERY)
        else:
            cut = _copy_blocks(body.stream, sink, tick)
    except BaseException:
        if sink.hasher is not None:
            # Checksummed bodies are all-or-nothing.
            file.truncate(start)
        raise
    cut = cut or body.aborted or (body.length is not None and sink.written < body.length)
    if sink.hasher is not None and checksum is not None:
        if cut:
            file.truncate(start)
            raise TusError(
                400, "incomplete_body", _("The body was cut short; it could not be verified.")
            )
        if sink.hasher.digest() != checksum.digest:
            file.truncate(start)
            raise TusError(
                460, "checksum_mismatch", _("The body does not match its Upload-Checksum.")
            )
    return start + sink.written


def _copy_blocks(stream: Readable, sink: _FileSink, tick: Callable[[int], None]) -> bool:
    """Read ``stream`` block by block into ``sink``; True when the body was cut short."""
    while True:
        try:
            block = stream.read(min(BLOCK_SIZE, sink.room + 1))
        except (OSError, UnreadablePostError):
            return True
        if not block:
            return False
        sink.write(block)
        tick(sink.written)


def _completed(tus: TusRequest, upload: Upload) -> None:
    upload_complete.send(sender=Upload, upload=upload, request=tus.request)
