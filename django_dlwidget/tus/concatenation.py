"""The concatenation extension's final upload: finished partial uploads joined into one.

``POST`` with ``Upload-Concat: final;<url> <url>`` arrives here once the view has mapped each
URL to an upload id (:class:`~.messages.Part`). At most ``UPLOAD_MAX_PARTS`` parts, each listed
once (a part listed twice would be copied twice, multiplying its bytes outside any quota), and
every one this principal's, finished and partial. Their total is checked against the size limit
and the quota, with the parts giving way to the final upload, before a byte is copied. The parts
are held meanwhile as for termination, so a second final listing one of them gets 423. Their
data is copied, in order, into a new upload's data by the store (kernel-side where the OS
allows, server-side on S3), which is complete at once. The parts are then consumed: their rows
and data go. The URLs are kept as sent, since ``HEAD`` on the final upload lists them.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator, Sequence
from datetime import timedelta
from typing import Final

from django.utils.translation import gettext as _

from ..conf import dlwidget_settings
from ..models import Upload
from .errors import TusError
from .locking import Lease, open_locked
from .messages import Locate, Part, TusRequest, TusResponse, state_headers
from .quota import reserve
from .records import check_size, completed, discard, get_upload, new_upload
from .stores import PartialData, get_store

# How long the parts stay held by one concatenation: longer than any copy (a lease is not
# renewed meanwhile); a holder that died frees them after this.
HOLD: Final = timedelta(hours=1)


def create_final(
    tus: TusRequest, parts: Sequence[Part], metadata: dict[str, str], location: Locate
) -> TusResponse:
    if tus.header("Upload-Length") is not None:
        raise TusError(400, "invalid_concat", _("A final upload must not carry an Upload-Length."))
    if tus.body is not None and tus.body.length:
        raise TusError(400, "invalid_concat", _("A final upload must not carry a body."))
    if not parts:
        raise TusError(400, "invalid_concat", _("Upload-Concat final lists no partial uploads."))
    if len(parts) > dlwidget_settings.UPLOAD_MAX_PARTS:
        raise TusError(
            400,
            "too_many_parts",
            _("A final upload may join at most %(max)s partial uploads.")
            % {"max": dlwidget_settings.UPLOAD_MAX_PARTS},
        )
    sources = _finished_parts(tus, parts)
    length = sum(source.length or 0 for source in sources)
    check_size(length)
    upload = new_upload(tus, length, metadata, is_final=True, parts=[part.url for part in parts])
    with _held(sources):
        reserve(tus.principal, upload, replacing=[source.id for source in sources])
        try:
            copied = _copy(upload.id, sources)
        except BaseException:
            discard(upload.id)
            raise
        if copied != length:
            discard(upload.id)
            raise TusError(
                409, "parts_changed", _("A partial upload changed during concatenation.")
            )
        upload.offset = length
        upload.complete = True
        upload.save(update_fields=["offset", "complete"])
        # The parts are consumed: their bytes now live in the final upload.
        for source in sources:
            source.delete()
    completed(tus, upload)
    return TusResponse(201, {"Location": location(upload.id), **state_headers(upload)})


def _copy(upload_id: uuid.UUID, sources: Sequence[Upload]) -> int:
    store = get_store()
    store.create(upload_id)
    with open_locked(upload_id) as target:
        return store.concatenate([source.id for source in sources], target)


@contextlib.contextmanager
def _held(sources: Sequence[Upload]) -> Iterator[None]:
    """Each part locked (its OS lock where the store has one) and leased for :data:`HOLD`;
    423 while another request holds one. Given back unless the parts were consumed."""
    locking = get_store().locks
    leases: list[Lease] = []
    with contextlib.ExitStack() as stack:
        try:
            for source in sources:
                if locking:
                    stack.enter_context(_open_part(source.id))
                lease = Lease(source.id, checksummed=False)
                lease.acquire(file_locked=locking, duration=HOLD)
                leases.append(lease)
            yield
        except BaseException:
            for lease in leases:
                lease.release()
            raise


def _open_part(upload_id: uuid.UUID) -> PartialData:
    try:
        return open_locked(upload_id, create=False)
    except FileNotFoundError:
        raise TusError(
            409, "parts_changed", _("A partial upload changed during concatenation.")
        ) from None


def _finished_parts(tus: TusRequest, parts: Sequence[Part]) -> list[Upload]:
    """The parts' rows, in order; 400 for the first that is not a finished partial upload of
    this principal's, or that was listed before."""
    found: list[Upload] = []
    seen: set[uuid.UUID] = set()
    for part in parts:
        upload = _finished_part(tus, part)
        if upload.id in seen:
            raise TusError(
                400,
                "invalid_concat",
                _("%(url)s is listed more than once.") % {"url": part.url},
            )
        seen.add(upload.id)
        found.append(upload)
    return found


def _finished_part(tus: TusRequest, part: Part) -> Upload:
    if part.upload_id is None:
        raise TusError(
            400, "invalid_concat", _("%(url)s is not an upload URL.") % {"url": part.url}
        )
    upload = get_upload(tus.principal, part.upload_id)
    if not upload.is_partial or not upload.complete or upload.length is None:
        raise TusError(
            400,
            "invalid_concat",
            _("%(url)s is not a finished partial upload.") % {"url": part.url},
        )
    return upload
