"""What ``clean()`` accepts: a token of this user's finished upload, within size and type limits.

The type is sniffed from the content (text is searched far beyond its head for markup and
script, :mod:`.active`), and the file comes out named for that type (:mod:`.names`).

Refusals raise :class:`UploadRejected` with a stable code; the form field turns it into its
(overridable) error message.

An accepted token is reserved for the request that cleaned it (:mod:`.reservation`): a second
request with the same token is refused as ``used``, and a second field of the same request (two
formset rows, say) as ``duplicate``.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, Final

from django.utils import timezone

from ..conf import dlwidget_settings
from ..tus.stores import get_store
from ..tus.tokens import InvalidUploadToken, verify_token
from .active import Source
from .files import ResumableUploadedFile
from .names import stored_name
from .reservation import claimed_by_another, reserve
from .sniff import HEAD_BYTES, sniff, sniff_stream, type_accepted

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django.http import HttpRequest


class UploadRejected(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


# What a refused token tells the form; anything else is "invalid" (which never says whether
# someone else's upload exists).
_REJECTIONS: Final[dict[str, str]] = {"incomplete": "incomplete", "expired": "expired"}


def claim_token(
    token: str,
    request: HttpRequest | None,
    *,
    max_size: int | None,
    accept: tuple[str, ...],
    claimant: object,
) -> ResumableUploadedFile:
    """``claimant``: the input the token came in (one per upload and request)."""
    if request is None:
        raise UploadRejected("no_request")
    try:
        upload = verify_token(token, request, max_age=dlwidget_settings.UPLOAD_EXPIRY)
    except InvalidUploadToken as exc:
        raise UploadRejected(_REJECTIONS.get(exc.reason, "invalid")) from None
    if upload.expires is not None and upload.expires <= timezone.now():
        raise UploadRejected("expired")
    store = get_store()
    size = store.finished_size(upload.id)
    if size is None or upload.length is None or size != upload.length:
        raise UploadRejected("used")
    try:
        head = store.read(upload.id, 0, min(size, HEAD_BYTES))
        tail = b""
        if size > HEAD_BYTES:
            start = max(HEAD_BYTES, size - 512)
            tail = store.read(upload.id, start, size - start)
        more = Source(size, lambda: store.stream(upload.id), partial(store.read, upload.id))
        mime = sniff(head, tail, more)
    except FileNotFoundError:
        raise UploadRejected("used") from None
    check_limits(size, mime, upload.filename, max_size=max_size, accept=accept)
    if claimed_by_another(upload.id, request, claimant):
        raise UploadRejected("duplicate")
    reservation = reserve(upload.id, request)
    if reservation is None:
        raise UploadRejected("used")
    file = ResumableUploadedFile(upload, mime, token)
    file.reservation = reservation
    return file


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
    file.name = stored_name(file.name or "upload", mime)
