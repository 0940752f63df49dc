"""Signed tokens that hand a finished upload to a form, bound to whoever uploaded it.

``make_token(upload)`` is sent in the ``Dlw-Upload-Token`` header; ``verify_token(token,
request)`` returns the finished :class:`~django_dlwidget.models.Upload` or raises
:class:`InvalidUploadToken`, whose ``reason`` says why. The token carries no path or file name.
"""

from __future__ import annotations

import uuid
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


def make_token(upload: Upload) -> str:
    owner = "" if upload.owner_id is None else str(upload.owner_id)
    return signing.dumps([upload.id.hex, owner, upload.session_key], salt=SALT)


def verify_token(token: str, request: HttpRequest, *, max_age: timedelta | None = None) -> Upload:
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
    principal = principal_for(request)
    if not _bound_to(principal, str(owner), str(binding)):
        raise InvalidUploadToken("wrong_owner", "the token belongs to another user or session")
    upload = Upload.objects.filter(pk=upload_id).first()
    if upload is None or not principal.owns(upload):
        raise InvalidUploadToken("unknown", "no such upload")
    if not upload.complete:
        raise InvalidUploadToken("incomplete", "the upload is not finished")
    if expired:
        raise InvalidUploadToken("expired", "the token is older than allowed")
    return upload


def _bound_to(principal: Principal, owner: str, binding: str) -> bool:
    if owner:
        return principal.user_pk == owner
    return bool(binding) and principal.binding == binding
