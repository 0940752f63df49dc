"""The draft's four requests, each mapped onto the tus verb that already does the work.

Creation, offset retrieval, append and cancellation become a tus request with the same
principal, body and upload id: the draft's headers are checked here and rewritten into tus
headers (``Upload-Complete`` with a known size into ``Upload-Length``, the representation
metadata into ``Upload-Metadata``), and the tus answer is rewritten back
(:mod:`.responses`). Writing, limits, quota, leases, stores and tokens stay the tus verbs';
nothing about an upload is decided twice.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import TYPE_CHECKING, Final

from django.http import JsonResponse
from django.utils.translation import gettext as _

from .. import verbs
from ..errors import TusError
from ..headers import OFFSET_CONTENT_TYPE, content_type_of, parse_size
from ..messages import Body, Locate, TusRequest, TusResponse
from ..metadata import encode_metadata
from ..records import get_upload
from .fields import PARTIAL_UPLOAD, Draft, flag, refuse, representation_metadata, upload_limit
from .responses import completed_upload, draft_response, mismatching_offset

if TYPE_CHECKING:
    from collections.abc import Callable

Answer = TusResponse | JsonResponse
# Headers of tus that a draft request must not smuggle into the tus verbs.
TUS_ONLY: Final = ("upload-concat", "upload-checksum", "upload-defer-length", "content-type")


def options(draft: Draft) -> TusResponse:
    result = verbs.options()
    if draft.has_limits:
        result.headers["Upload-Limit"] = upload_limit()
    return result


def answer(
    draft: Draft,
    tus: TusRequest,
    method: str,
    upload_id: uuid.UUID | None,
    *,
    body: Callable[[], Body],
    location: Locate,
) -> Answer:
    """The draft request ``method`` (already checked: method, CSRF, permission) answered."""
    try:
        if upload_id is None:
            return create(draft, replace(tus, body=body()), location)
        if method == "HEAD":
            return head(draft, tus, upload_id)
        if method == "PATCH":
            return append(draft, replace(tus, body=body()), upload_id)
        return cancel(tus, upload_id)
    except TusError as exc:
        if exc.status == 410:  # the draft knows only active uploads and the others' 404
            raise TusError(404, exc.code, exc.detail) from None
        raise


def _mapped(tus: TusRequest, headers: dict[str, str], drop: tuple[str, ...] = ()) -> TusRequest:
    dropped = (*TUS_ONLY, *drop)
    kept = {name: value for name, value in tus.headers.items() if name not in dropped}
    return replace(tus, headers={**kept, **headers})


def create(draft: Draft, tus: TusRequest, location: Locate) -> Answer:
    """Upload creation, with or without (part of) the content."""
    refuse(tus.headers, "Upload-Offset")
    complete = flag(tus.headers, "Upload-Complete")
    if complete is None:
        raise TusError(400, "invalid_header", _("Upload-Complete is required to create an upload."))
    body = tus.body or Body.empty()
    declared = _declared_length(tus)
    if complete and body.length is not None:
        if declared is not None and declared != body.length:
            raise _inconsistent()
        declared = body.length
    elif complete and declared is None:
        raise _length_required()
    elif declared is not None and body.length is not None and body.length > declared:
        raise _inconsistent()
    headers = {"content-type": OFFSET_CONTENT_TYPE}
    if declared is None:
        headers["upload-defer-length"] = "1"
    else:
        headers["upload-length"] = str(declared)
    if "upload-metadata" not in tus.headers:
        headers["upload-metadata"] = encode_metadata(representation_metadata(tus.headers))
    result = verbs.create(_mapped(tus, headers), location)
    result.headers.setdefault("Upload-Offset", "0")
    return draft_response(draft, result, 201)


def head(draft: Draft, tus: TusRequest, upload_id: uuid.UUID) -> Answer:
    """Offset retrieval."""
    refuse(tus.headers, "Upload-Offset", "Upload-Complete")
    if draft.has_limits:
        refuse(tus.headers, "Upload-Length")
    return draft_response(draft, verbs.head(tus, upload_id), 204)


def append(draft: Draft, tus: TusRequest, upload_id: uuid.UUID) -> Answer:
    """Upload append: the body at ``Upload-Offset``; ``Upload-Complete: ?1`` fixes the size."""
    if draft.has_limits and content_type_of(tus.header("Content-Type") or "") != PARTIAL_UPLOAD:
        raise TusError(
            415,
            "unsupported_media_type",
            _("PATCH bodies must be sent as %(type)s.") % {"type": PARTIAL_UPLOAD},
        )
    complete = bool(flag(tus.headers, "Upload-Complete"))
    offset_header = tus.header("Upload-Offset")
    if offset_header is None:
        raise TusError(400, "invalid_header", _("Upload-Offset is required."))
    offset = parse_size(offset_header, "Upload-Offset")
    upload = get_upload(tus.principal, upload_id)
    if upload.complete:
        refusal = completed_upload(draft)
        if isinstance(refusal, TusError):
            raise refusal
        return refusal
    body = tus.body or Body.empty()
    length = _declared_length(tus)
    if complete and body.length is not None:
        final = offset + body.length
        if length is not None and length != final:
            raise _inconsistent()
        length = final
    known = upload.length
    if complete and length is None and known is None:
        raise _length_required()
    # Checked only at the right offset: at a wrong one, the 409 with the real offset comes first.
    if offset == upload.offset and known is not None:
        past_end = body.length is not None and offset + body.length > known
        if past_end or (length is not None and length != known):
            raise _inconsistent()
    headers = {"content-type": OFFSET_CONTENT_TYPE}
    if length is not None and known is None:
        headers["upload-length"] = str(length)
    # A known size has had its say above; tus would refuse a repeat before the offset's 409.
    mapped = _mapped(tus, headers, () if known is None else ("upload-length",))
    try:
        result = verbs.patch(mapped, upload_id)
    except TusError as exc:
        if exc.code == "offset_mismatch":
            problem = mismatching_offset(draft, exc, offset)
            if problem is not None:
                return problem
        raise
    return draft_response(draft, result, 201)


def cancel(tus: TusRequest, upload_id: uuid.UUID) -> Answer:
    """Upload cancellation."""
    refuse(tus.headers, "Upload-Offset", "Upload-Complete")
    return verbs.delete(tus, upload_id)


def _declared_length(tus: TusRequest) -> int | None:
    value = tus.header("Upload-Length")
    return None if value is None else parse_size(value, "Upload-Length")


def _inconsistent() -> TusError:
    return TusError(
        400,
        "inconsistent_length",
        _("The upload's size does not match Upload-Length, Content-Length or Upload-Offset."),
    )


def _length_required() -> TusError:
    return TusError(
        411,
        "length_required",
        _("Upload-Complete: ?1 needs a Content-Length when the upload's size is not known."),
    )
