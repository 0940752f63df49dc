"""Signed tokens that hand a finished upload to a form, bound to whoever uploaded it.

``make_token(upload)`` is sent in the ``Dlw-Upload-Token`` header; ``verify_token(token,
request)`` returns the finished :class:`~django_dlwidget.models.Upload` or raises
:class:`InvalidUploadToken`, whose ``reason`` says why. ``read_token(token)`` is the one
decoder: what a well-signed token says (the upload id and whom it is bound to), checked against
no request. The token carries no path or file name.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Final, Literal

from django.core import signing

from ..models import Upload
from .auth import Principal, principal_for

if TYPE_CHECKING:
    from django.http import HttpRequest

SALT: Final = "django_dlwidget.tus.upload-token"

Reason = Literal["bad_signature", "wrong_owner", "unknown", "incomplete", "expired"]


class InvalidUploadToken(ValueError):
    """The token does not hand over a finished upload; ``reason`` is one of:

    ``bad_signature`` (forged, altered or malformed), ``wrong_owner`` (another user's or
    session's), ``unknown`` (no such upload for this principal, e.g. already used),
    ``incomplete`` (the upload is not finished) or ``expired`` (a good token older than the
    ``max_age`` asked for). The checks run in that order, so ``incomplete`` and ``expired``
    are only ever reported to the upload's owner.
    """

    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(detail)
        self.reason: Reason = reason


@dataclass(frozen=True)
class TokenClaim:
    """What a well-signed token says: the upload, and the user or anonymous session it is for."""

    upload_id: uuid.UUID
    owner: str  # the owner's primary key as text; "" for an anonymous upload
    binding: str  # the anonymous upload's session binding; "" for a user's upload
    expired: bool = False  # older than the ``max_age`` that :func:`read_token` was given

    def bound_to(self, principal: Principal) -> bool:
        if self.owner:
            return principal.user_pk == self.owner
        return bool(self.binding) and principal.binding == self.binding


def make_token(upload: Upload) -> str:
    owner = "" if upload.owner_id is None else str(upload.owner_id)
    return signing.dumps([upload.id.hex, owner, upload.session_key], salt=SALT)


def read_token(token: str, *, max_age: timedelta | None = None) -> TokenClaim:
    """Decode ``token`` without looking at any request or row.

    Raises :class:`InvalidUploadToken` (``bad_signature``) for a forged, altered or malformed
    token. One older than ``max_age`` is still read, with :attr:`TokenClaim.expired` set.
    """
    expired = False
    try:
        try:
            payload = signing.loads(token, salt=SALT, max_age=max_age)
        except signing.SignatureExpired:
            expired = True
            payload = signing.loads(token, salt=SALT)
        upload_hex, owner, binding = payload
        upload_id = uuid.UUID(hex=str(upload_hex))
    except (signing.BadSignature, TypeError, ValueError) as exc:
        raise InvalidUploadToken("bad_signature", str(exc)) from None
    return TokenClaim(upload_id, str(owner), str(binding), expired)


def verify_token(token: str, request: HttpRequest, *, max_age: timedelta | None = None) -> Upload:
    claim = read_token(token, max_age=max_age)
    principal = principal_for(request)
    if not claim.bound_to(principal):
        raise InvalidUploadToken("wrong_owner", "the token belongs to another user or session")
    upload = Upload.objects.filter(pk=claim.upload_id).first()
    if upload is None or not principal.owns(upload):
        raise InvalidUploadToken("unknown", "no such upload")
    if not upload.complete:
        raise InvalidUploadToken("incomplete", "the upload is not finished")
    if claim.expired:
        raise InvalidUploadToken("expired", "the token is older than allowed")
    return upload
