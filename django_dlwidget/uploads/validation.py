"""What ``clean()`` accepts: a token of this user's finished upload, within size and type limits.

The type is sniffed from the content (text is searched far beyond its head for markup and
script, :mod:`.active`), and the file comes out named for that type (:mod:`.names`).

Refusals raise :class:`UploadRejected` with a stable code; the form field turns it into its
(overridable) error message.

An accepted token is *reserved* for the request that cleaned it, with one conditional UPDATE of
the upload's lease (a finished upload has no writer): a second request with the same token (a
double submit, two tabs) is refused by its ``clean()`` as ``used``, instead of both forms
passing and the second ``save()`` failing. The reservation is given back when the request ends
(consumed by then if the form was saved); one whose holder died runs out by itself.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, Final

from django.db.models import Q
from django.utils import timezone

from ..conf import dlwidget_settings
from ..models import Upload
from ..tus.stores import get_store
from ..tus.tokens import InvalidUploadToken, verify_token
from .active import Source
from .files import ResumableUploadedFile
from .names import stored_name
from .request import at_end
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
) -> ResumableUploadedFile:
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
    if not reserve(upload, request):
        raise UploadRejected("used")
    return ResumableUploadedFile(upload, mime, token)


#: How long a reservation outlives a request that died without giving it back.
RESERVATION: Final = timedelta(minutes=5)
_RESERVATION_ATTR: Final = "_dlwidget_reservation"


def reserve(upload: Upload, request: HttpRequest) -> bool:
    """Reserve the finished ``upload`` for ``request`` (again, if it holds it already); False
    when another live request holds it or the row has gone."""
    mine: str | None = getattr(request, _RESERVATION_ATTR, None)
    if mine is None:
        mine = secrets.token_hex(16)
        setattr(request, _RESERVATION_ATTR, mine)
    now = timezone.now()
    free = Q(lease_token="") | Q(lease_expires__lt=now)
    taken = Upload.objects.filter(free, pk=upload.pk, complete=True).update(
        lease_token=mine, lease_expires=now + RESERVATION, lease_checksummed=False
    )
    if taken:
        at_end(request, lambda: release(upload.pk, mine))
        return True
    return Upload.objects.filter(pk=upload.pk, complete=True, lease_token=mine).exists()


def release(upload_id: Any, reservation: str) -> None:
    """Give a reservation back (nothing happens if the upload was consumed meanwhile)."""
    Upload.objects.filter(pk=upload_id, lease_token=reservation).update(
        lease_token="", lease_expires=None
    )


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
