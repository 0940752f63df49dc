"""The tus 1.0 verbs: what OPTIONS, HEAD, POST, PATCH and DELETE do to an upload.

Each takes a :class:`~.messages.TusRequest` that the view has already checked (version,
method, CSRF, permission) and returns a :class:`~.messages.TusResponse` or raises
:class:`~.errors.TusError`. The verbs know upload ids, never URLs: the view maps
``Upload-Concat`` URLs to ids and says how to build ``Location``. Writing a body is
:mod:`.writer`'s, joining partial uploads :mod:`.concatenation`'s, the quota :mod:`.quota`'s
(a new row is reserved there; a deferred-length body is cut to the room left by
:mod:`.quotabody`).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.utils.translation import gettext as _

from .checksum import Checksum, parse_checksum
from .concatenation import create_final
from .errors import TusError
from .headers import OFFSET_CONTENT_TYPE, content_type_of, parse_size
from .locking import exclusive, inspect
from .messages import Body, Locate, Part, TusRequest, TusResponse, discovery_headers, state_headers
from .metadata import encode_metadata, parse_metadata
from .quota import reserve
from .quotabody import within_quota
from .records import check_size, completed, discard, get_upload, new_upload, owned_upload
from .stores import get_store
from .writer import write_body


def options() -> TusResponse:
    return TusResponse(204, discovery_headers())


def head(tus: TusRequest, upload_id: uuid.UUID) -> TusResponse:
    upload = get_upload(tus.principal, upload_id)
    # With nobody writing, report what really reached the store. Never create the data here:
    # a finished upload's data may be on its way into a form's storage.
    if not inspect(upload) and not upload.complete:
        upload.offset = 0  # the data is gone: the client starts over (PATCH recreates it)
    headers = state_headers(upload)
    headers["Cache-Control"] = "no-store"
    if upload.metadata:
        headers["Upload-Metadata"] = encode_metadata(upload.metadata)
    if upload.is_partial:
        headers["Upload-Concat"] = "partial"
    elif upload.is_final:
        headers["Upload-Concat"] = "final;" + " ".join(upload.parts)
    return TusResponse(200, headers)


def delete(tus: TusRequest, upload_id: uuid.UUID) -> TusResponse:
    """Termination: expired uploads too (their owner may clean up)."""
    upload = owned_upload(tus.principal, upload_id)
    with exclusive(upload.id):
        upload.delete()  # the post_delete receiver removes the partial data
    return TusResponse(204)


def create(tus: TusRequest, location: Locate, parts: Sequence[Part] = ()) -> TusResponse:
    """Creation (with upload, deferred length, partial); ``parts`` for a final concatenation."""
    concat = (tus.header("Upload-Concat") or "").strip()
    metadata = parse_metadata(tus.header("Upload-Metadata") or "")
    if concat.startswith("final;"):
        return create_final(tus, parts, metadata, location)
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
    length = _creation_length(tus)
    checksum = _checksum_of(tus)
    check_size(length or 0)

    upload = new_upload(tus, length, metadata, is_partial=concat == "partial", complete=length == 0)
    reserve(tus.principal, upload)  # 413 past the quota; the row is saved
    try:
        get_store().create(upload.id, empty=upload.complete)
        if has_body and body is not None:
            try:
                with within_quota(tus.principal, upload, body) as allowed:
                    upload = write_body(
                        tus, upload, allowed, offset=0, checksum=checksum, new_length=None
                    )
            except TusError as exc:
                if exc.status != 429:
                    raise
                # Too many bodies at once (.limits): created all the same, its body to be PATCHed.
    except BaseException:
        # The client never learns this upload's URL (460, 413, a full disk...): free it.
        discard(upload.id)
        raise
    headers = {"Location": location(upload.id)}
    if has_body and body is not None:
        headers.update(state_headers(upload))
    else:
        if upload.complete:
            completed(tus, upload)
        headers.update(state_headers(upload))
        if not upload.complete:
            headers.pop("Upload-Offset")
    return TusResponse(201, headers)


def _creation_length(tus: TusRequest) -> int | None:
    """``Upload-Length``, or None for ``Upload-Defer-Length: 1``; exactly one of them."""
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
    return None if length_header is None else parse_size(length_header, "Upload-Length")


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
            check_size(new_length)
        else:
            new_length = None
    body = tus.body or Body.empty()
    # A deferred length: the body (or the length it declares) reserves its room first.
    with within_quota(tus.principal, upload, body, declared=new_length) as allowed:
        upload = write_body(
            tus, upload, allowed, offset=offset, checksum=checksum, new_length=new_length
        )
    return TusResponse(204, state_headers(upload))


def _checksum_of(tus: TusRequest) -> Checksum | None:
    value = tus.header("Upload-Checksum")
    return None if value is None else parse_checksum(value)
