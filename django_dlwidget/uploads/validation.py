"""What ``clean()`` accepts: a token of this user's finished upload, within size and type limits.

Refusals raise :class:`UploadRejected` with a stable code; the form field turns it into its
(overridable) error message.
"""

from __future__ import annotations

import contextlib
import uuid
from typing import TYPE_CHECKING, Any

from django.core import signing
from django.utils import timezone

from ..conf import dlwidget_settings
from ..models import Upload
from ..tus import partial
from ..tus.auth import principal_for
from ..tus.tokens import SALT, InvalidUploadToken, verify_token
from .files import ResumableUploadedFile
from .sniff import sniff_path, sniff_stream, type_accepted

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django.http import HttpRequest


class UploadRejected(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def _diagnose(token: str, request: HttpRequest) -> str:
    """Why a token failed: ``expired``, ``incomplete`` or (for anything else) ``invalid``."""
    try:
        upload_hex = signing.loads(token, salt=SALT)[0]
        upload_id = uuid.UUID(hex=str(upload_hex))
    except (signing.BadSignature, TypeError, ValueError, IndexError, KeyError):
        return "invalid"
    upload = Upload.objects.filter(pk=upload_id).first()
    if upload is None or not principal_for(request).owns(upload):
        return "invalid"  # never tell whether someone else's upload exists
    if not upload.complete:
        return "incomplete"
    return "expired"  # the signature is good but older than UPLOAD_EXPIRY


def claim_token(
    token: str,
    request: HttpRequest | None,
    *,
    max_size: int | None,
    accept: tuple[str, ...],
) -> ResumableUploadedFile:
    if request is None:
        raise UploadRejected("no_request")
    try:
        upload = verify_token(token, request, max_age=dlwidget_settings.UPLOAD_EXPIRY)
    except InvalidUploadToken:
        raise UploadRejected(_diagnose(token, request)) from None
    if upload.expires is not None and upload.expires <= timezone.now():
        raise UploadRejected("expired")
    path = partial.path_for(upload.id)
    size = -1
    with contextlib.suppress(FileNotFoundError):
        size = path.stat().st_size
    if size < 0 or upload.length is None or size != upload.length:
        raise UploadRejected("used")
    mime = sniff_path(path)
    check_limits(size, mime, upload.filename, max_size=max_size, accept=accept)
    return ResumableUploadedFile(upload, mime, token)


def check_limits(
    size: int, mime: str, filename: str, *, max_size: int | None, accept: tuple[str, ...]
) -> None:
    if max_size is not None and size > max_size:
        raise UploadRejected("too_large", max_size=max_size, size=size)
    if not type_accepted(mime, filename, accept):
        raise UploadRejected("wrong_type", type=mime)


def check_uploaded_file(
    file: UploadedFile[Any], *, max_size: int | None, accept: tuple[str, ...]
) -> None:
    """The same limits for a file that came the plain way (multipart, without JavaScript)."""
    mime = sniff_stream(file)
    file.content_type = mime
    check_limits(file.size or 0, mime, file.name or "", max_size=max_size, accept=accept)
