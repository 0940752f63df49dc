"""The concatenation extension's final upload: finished partial uploads joined into one.

``POST`` with ``Upload-Concat: final;<url> <url>`` arrives here once the view has mapped each
URL to an upload id (:class:`~.messages.Part`). Every part must be this principal's, finished
and partial; their data is copied, in order, into a new upload's data by the store (kernel-side
where the OS allows, server-side on S3), which is complete at once. The parts are then
consumed: their rows and data go. The URLs are kept as sent, since ``HEAD`` on the final upload
lists them.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from ..conf import dlwidget_settings
from ..models import Upload
from .errors import TusError
from .locking import open_locked
from .messages import Locate, Part, TusRequest, TusResponse, state_headers
from .records import check_size, completed, get_upload, new_upload
from .stores import get_store


def create_final(
    tus: TusRequest, parts: Sequence[Part], metadata: dict[str, str], location: Locate
) -> TusResponse:
    if tus.header("Upload-Length") is not None:
        raise TusError(400, "invalid_concat", _("A final upload must not carry an Upload-Length."))
    if tus.body is not None and tus.body.length:
        raise TusError(400, "invalid_concat", _("A final upload must not carry a body."))
    if not parts:
        raise TusError(400, "invalid_concat", _("Upload-Concat final lists no partial uploads."))
    sources = [_finished_part(tus, part) for part in parts]
    length = sum(source.length or 0 for source in sources)
    if length > dlwidget_settings.UPLOAD_MAX_SIZE:
        check_size(tus.principal, length)
    upload = new_upload(tus, length, metadata, is_final=True, parts=[part.url for part in parts])
    store = get_store()
    store.create(upload.id)
    upload.save(force_insert=True)
    try:
        with open_locked(upload.id) as target:
            copied = store.concatenate([source.id for source in sources], target)
    except BaseException:
        upload.delete()
        raise
    if copied != length:
        upload.delete()
        raise TusError(409, "parts_changed", _("A partial upload changed during concatenation."))
    upload.offset = length
    upload.complete = True
    upload.save(update_fields=["offset", "complete"])
    # The parts are consumed: their bytes now live in the final upload.
    for source in sources:
        source.delete()
    completed(tus, upload)
    return TusResponse(201, {"Location": location(upload.id), **state_headers(upload)})


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
