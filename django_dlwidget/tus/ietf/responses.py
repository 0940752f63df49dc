"""tus answers rewritten as the draft's: its status codes, headers and problem types.

The verbs answer in tus terms (:func:`..messages.state_headers`); a draft client reads
``Upload-Complete`` where tus sends a deferred length, and 201/204 where tus sends 201/204/200.
A finished upload's response keeps ``Dlw-Upload-Token``, so a draft upload reaches a form field
exactly as a tus one does. Where the draft (-04 on) defines a problem type, the refusal is an
``application/problem+json`` document that also carries the package's ``error`` and ``detail``.
"""

from __future__ import annotations

from typing import Final

from django.http import JsonResponse
from django.utils.translation import gettext as _

from ..errors import TusError
from ..headers import TOKEN_HEADER
from ..messages import TusResponse
from .fields import PROBLEM_TYPES, Draft, upload_limit

# What a draft response keeps of the tus state headers; the rest (Upload-Defer-Length,
# Upload-Metadata, Upload-Concat) means nothing to a draft client; the token is the package's.
KEPT: Final[tuple[str, ...]] = (
    "Location",
    "Upload-Offset",
    "Upload-Length",
    "Upload-Expires",
    "Cache-Control",
    TOKEN_HEADER,
)


def is_complete(result: TusResponse) -> bool:
    """The tus state headers carry the token exactly when the upload is complete."""
    return TOKEN_HEADER in result.headers


def draft_response(draft: Draft, result: TusResponse, status: int) -> TusResponse:
    """``result`` with the draft's headers (``Upload-Complete``, ``Upload-Limit``)."""
    headers = {name: result.headers[name] for name in KEPT if name in result.headers}
    headers["Upload-Complete"] = "?1" if is_complete(result) else "?0"
    if draft.has_limits:
        headers["Upload-Limit"] = upload_limit()
    return TusResponse(status, headers)


def mismatching_offset(draft: Draft, exc: TusError, provided: int) -> JsonResponse | None:
    """The 409 of an offset mismatch as the draft's problem (-04 on); None before -04."""
    expected = exc.headers.get("Upload-Offset")
    if not draft.has_limits or expected is None:
        return None
    response = _problem(
        409,
        "mismatching-upload-offset",
        exc,
        {"expected-offset": int(expected), "provided-offset": provided},
    )
    response["Upload-Offset"] = expected
    return response


def completed_upload(draft: Draft) -> JsonResponse | TusError:
    """The refusal to append to a finished upload: a problem (-04 on) or the package's error."""
    exc = TusError(400, "completed_upload", _("This upload is complete; it cannot be changed."))
    if not draft.has_limits:
        return exc
    return _problem(400, "completed-upload", exc, {})


def _problem(status: int, kind: str, exc: TusError, members: dict[str, int]) -> JsonResponse:
    body: dict[str, object] = {
        "type": PROBLEM_TYPES + kind,
        "title": exc.detail,
        **members,
        "error": exc.code,
        "detail": exc.detail,
    }
    return JsonResponse(body, status=status, content_type="application/problem+json")
