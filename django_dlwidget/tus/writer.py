"""Writing a request body into an upload's data: the one place bytes reach the store.

PATCH and creation-with-upload both end here. Under the database lease (and the store's OS
lock, where it has one: :mod:`.locking`) the row is reconciled with what is stored, the offset
and length are checked, and the body is copied block by block (or poured by the event loop
under the ASGI wrapper, see :mod:`.bridge`) into the store's appender, never past the upload's
end, renewing the lease as it goes. A body with ``Upload-Checksum`` is all-or-nothing: cut short
or wrong, it is truncated away. The new offset, and completion, are saved as the lease is
released.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import UnreadablePostError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..conf import dlwidget_settings
from ..models import Upload
from .checksum import Checksum
from .errors import TusError
from .locking import RENEW_EVERY, Lease, writing
from .messages import Body, Readable, TusRequest
from .partial import BLOCK_SIZE
from .records import completed, expiry, not_found
from .stores import Appender, PartialData


def write_body(
    tus: TusRequest,
    upload: Upload,
    body: Body,
    *,
    offset: int,
    checksum: Checksum | None,
    new_length: int | None,
) -> Upload:
    """Stream ``body`` into the upload's data at ``offset`` under the lease (and lock)."""
    try:
        with writing(upload, create=not upload.complete, checksummed=checksum is not None) as (
            file,
            lease,
        ):
            fields = _write(upload, body, file, lease, offset, checksum, new_length)
    except FileNotFoundError:
        raise not_found() from None  # finished, and its data already handed to a form
    for name, value in fields.items():
        setattr(upload, name, value)
    if upload.complete:
        completed(tus, upload)
    return upload


def _write(
    upload: Upload,
    body: Body,
    file: PartialData,
    lease: Lease,
    offset: int,
    checksum: Checksum | None,
    new_length: int | None,
) -> dict[str, object]:
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
        appender = file.appender(offset)
        end = _stream(body, file, appender, lease, offset, limit, checksum)
        appender.finish(complete=length is not None and end >= length)
    except BaseException:
        lease.release(**_progress(upload, file.size(), None))
        raise
    fields = _progress(upload, end, new_length)
    lease.release(**fields)
    return fields


def _progress(upload: Upload, end: int, new_length: int | None) -> dict[str, object]:
    length = new_length if new_length is not None else upload.length
    now = timezone.now()
    fields: dict[str, object] = {"offset": end, "updated": now}
    if new_length is not None:
        fields["length"] = new_length
    complete = length is not None and end >= length
    if complete and not upload.complete:
        fields["complete"] = True
    fields["expires"] = expiry(now)
    return fields


class FileSink:
    """Writes a body into an appender from ``start``, never past ``start + limit``."""

    def __init__(
        self, appender: Appender, start: int, limit: int, checksum: Checksum | None
    ) -> None:
        self.appender, self.start, self.limit = appender, start, limit
        self.hasher = checksum.hasher() if checksum else None
        self.written = 0

    @property
    def room(self) -> int:
        return self.limit - self.written

    def write(self, data: bytes, /) -> None:
        if len(data) > self.limit - self.written:
            raise TusError(413, "too_large", _("The body goes past the end of the upload."))
        self.appender.write(data)
        self.written += len(data)
        if self.hasher is not None:
            self.hasher.update(data)


def _stream(
    body: Body,
    file: PartialData,
    appender: Appender,
    lease: Lease,
    start: int,
    limit: int,
    checksum: Checksum | None,
) -> int:
    """Copy the body into the file; return the new end. Never writes past ``start + limit``."""
    sink = FileSink(appender, start, limit, checksum)

    def progress() -> int | None:
        # A checksummed body counts only once verified; until then the offset stays put.
        return None if sink.hasher is not None else appender.durable

    def renew() -> None:
        # Asks the database only once the lease could have run out (RENEW_EVERY since the last
        # renewal, well inside LEASE_DURATION): between blocks, and before a remote store
        # commits bytes.
        lease.renew(progress())

    def tick(written: int) -> None:
        renew()

    appender.guard = renew

    cut = False
    try:
        pour = getattr(body.stream, "pour", None) if appender.pourable else None
        if pour is not None:
            # The ASGI wrapper's stream: the event loop writes each message as it arrives.
            pour(sink, tick=tick, every=RENEW_EVERY)
        else:
            cut = copy_blocks(body.stream, sink, tick)
    except BaseException:
        if sink.hasher is not None:
            # Checksummed bodies are all-or-nothing.
            file.truncate(start)
        else:
            appender.flush()
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


def copy_blocks(stream: Readable, sink: FileSink, tick: Callable[[int], None]) -> bool:
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
