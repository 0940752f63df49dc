"""Signed tokens that hand a finished upload to a form, bound to whoever uploaded it.

``make_token(upload)`` is sent in the ``Dlw-Upload-Token`` header; ``verify_token(token,
request)`` returns the finished :class:`~django_dlwidget.models.Upload` or raises
:class:`InvalidUploadToken`. The token carries no path or file name.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Final

from django.core import signing

from ..models import Upload
from .auth import Principal, principal_for

if TYPE_CHECKING:
    from django.http import HttpRequest

SALT: Final = "django_dlwidget.tus.upload-token"


class InvalidUploadToken(ValueError):
    """Bad signature, expired, someone else's, unknown or unfinished upload."""


def make_token(upload: Upload) -> str:
    owner = "" if upload.owner_id is None else str(upload.owner_id)
    return signing.dumps([upload.id.hex, owner, upload.session_key], salt=SALT)


def verify_token(token: str, request: HttpRequest, *, max_age: timedelta | None = None) -> Upload:
    try:
        upload_hex, owner, binding = signing.loads(token, salt=SALT, max_age=max_age)
        upload_id = uuid.UUID(hex=str(upload_hex))
    except (signing.BadSignature, TypeError, ValueError) as exc:
        raise InvalidUploadToken(str(exc)) from None
    principal = principal_for(request)
    if not _bound_to(principal, str(owner), str(binding)):
        raise InvalidUploadToken("the token belongs to another user or session")
    upload = Upload.objects.filter(pk=upload_id, complete=True).first()
    if upload is None or not principal.owns(upload):
        raise InvalidUploadToken("no such finished upload")
    return upload


def _bound_to(principal: Principal, owner: str, binding: str) -> bool:
    if owner:
        return principal.user_pk == owner
    return bool(binding) and principal.binding == binding
