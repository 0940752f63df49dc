"""The contract between the Python side and the two custom elements, defined once.

CSS roles, download statuses, the elements' strings with their English defaults, the key
placeholder of per-download URL templates, the socket close codes, the upload token's header and
the token input's name suffix. The template tags and widgets render from these;
``tools/gen_contract.py`` writes them to ``frontend/src/shared/contract.ts``, which is committed
and checked fresh by ``make test`` (as the bundle is). Change a value here, then run
``make contract``.

Strings are lazy (``gettext_lazy``): :func:`translated` gives them in the active language; the
TypeScript copy holds the English defaults, for an element created without ``data-strings``.
Placeholders use Django's ``%(name)s`` syntax, so translators see the usual python-format strings.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Final

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, pgettext_lazy

from ..downloads.status import ACTIVE_STATUSES, FINISHED_STATUSES, DownloadStatus

#: Every element carries ``dlw-<role>``; ``DLWIDGET["CSS_CLASSES"]`` adds classes per role.
DOWNLOAD_CENTRE_ROLES: Final = (
    "toggle",
    "badge",
    "menu",
    "list",
    "item",
    "name",
    "time",
    "status",
    "progress",
    "bar",
    "error",
    "actions",
    "cancel",
    "clear",
    "link",
    "empty",
    "header",
    "title",
    "clear-finished",
    "all",
    "icon",
    "description",
    "meta",
)
UPLOAD_ROLES: Final = (
    "upload",
    "upload-zone",
    "upload-prompt",
    "upload-hint",
    "upload-current",
    "upload-total",
    "upload-list",
    "upload-item",
    "upload-thumb",
    "upload-name",
    "upload-status",
    "upload-progress",
    "upload-bar",
    "upload-actions",
    "upload-button",
    "upload-error",
    "upload-notice",
)
KNOWN_ROLES: Final = frozenset(DOWNLOAD_CENTRE_ROLES + UPLOAD_ROLES)

DOWNLOAD_STATUSES: Final = tuple(str(status.value) for status in DownloadStatus)
ACTIVE: Final = tuple(str(status.value) for status in ACTIVE_STATUSES)
FINISHED: Final = tuple(str(status.value) for status in FINISHED_STATUSES)

#: Stands for a download's key in the per-download URL templates (the element substitutes it).
KEY_PLACEHOLDER: Final = uuid.UUID(int=0)

#: The socket was refused because nobody is logged in: retrying cannot help (4000-4999 are the
#: application's own close codes).
NOT_LOGGED_IN_CLOSE_CODE: Final = 4401
#: The server has no channel layer (checks E004, W004), so a socket would never be sent a
#: change: the client polls instead of retrying.
LIVE_UNAVAILABLE_CLOSE_CODE: Final = 4503
#: The socket's ``Origin`` is not the site's own (nor in ``CSRF_TRUSTED_ORIGINS``): the client
#: polls, whose requests are CSRF-checked, instead of retrying.
ORIGIN_REFUSED_CLOSE_CODE: Final = 4403
#: The user already holds ``WS_MAX_SOCKETS_PER_USER`` sockets: the client polls, and ``auto``
#: tries a socket again later (one may have closed by then).
TOO_MANY_SOCKETS_CLOSE_CODE: Final = 4429

#: The response header that carries a finished upload's signed token.
UPLOAD_TOKEN_HEADER: Final = "Dlw-Upload-Token"  # noqa: S105 - a header name
#: The hidden input holding the token is named ``<field name><suffix>``.
TOKEN_INPUT_SUFFIX: Final = "-token"  # noqa: S105 - an input name

#: Inline SVG icons (24 x 24, stroked with ``currentColor``): one path each, so the template and
#: the element draw the same shapes without an icon font. Keys: "download" and every status.
ICONS: Final[Mapping[str, str]] = {
    "download": "M12 4v11m0 0-4.5-4.5M12 15l4.5-4.5M5 20h14",
    "pending": "M12 7v5l3 2m6-2a9 9 0 1 1-18 0 9 9 0 0 1 18 0Z",
    "running": "M20 12a8 8 0 1 1-2.34-5.66M20 4v4.5h-4.5",
    "ready": "m8 12.5 3 3 5-6.5m5 3a9 9 0 1 1-18 0 9 9 0 0 1 18 0Z",
    "failed": "M12 7.5v5.5m0 3.5v.01M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0Z",
    "cancelled": "m9 9 6 6m0-6-6 6m12-3a9 9 0 1 1-18 0 9 9 0 0 1 18 0Z",
}

CENTRE_STRINGS: Final[Mapping[str, str | Promise]] = {
    "toggle": pgettext_lazy("download centre toggle", "Downloads"),
    "empty": gettext_lazy("No downloads yet."),
    **{str(status.value): status.label for status in DownloadStatus},
    "cancel": gettext_lazy("Cancel"),
    "clear": gettext_lazy("Clear"),
    "download": gettext_lazy("Download"),
    "cancelLabel": gettext_lazy("Cancel %(name)s"),
    "clearLabel": gettext_lazy("Clear %(name)s"),
    "downloadLabel": gettext_lazy("Download %(name)s"),
    "progressLabel": gettext_lazy("Progress of %(name)s"),
    "started": gettext_lazy("%(name)s started"),
    "isReady": gettext_lazy("%(name)s is ready"),
    "isFailed": gettext_lazy("%(name)s failed"),
    "isCancelled": gettext_lazy("%(name)s was cancelled"),
    "actionFailed": gettext_lazy("%(name)s: the request failed, try again"),
    "title": pgettext_lazy("download centre heading", "Downloads"),
    "clearFinished": gettext_lazy("Clear finished"),
    "allDownloads": gettext_lazy("All downloads"),
    "waiting": gettext_lazy("Waiting for a worker"),
    "timeLeft": gettext_lazy("%(time)s left"),
    "finishedAt": gettext_lazy("finished %(time)s"),
    "expiresAt": gettext_lazy("expires %(time)s"),
    "startedAt": gettext_lazy("started %(time)s"),
}

UPLOAD_STRINGS: Final[Mapping[str, str | Promise]] = {
    "idle": pgettext_lazy("upload status", "Waiting"),
    "uploading": pgettext_lazy("upload status", "Uploading"),
    "paused": pgettext_lazy("upload status", "Paused"),
    "complete": pgettext_lazy("upload status", "Uploaded"),
    "error": pgettext_lazy("upload status", "Failed"),
    "cancelled": pgettext_lazy("upload status", "Cancelled"),
    "retrying": pgettext_lazy("upload status", "Reconnecting"),
    "drop": gettext_lazy("Drop files here"),
    "zoneOne": gettext_lazy("Drop a file here or choose one"),
    "zoneMany": gettext_lazy("Drop files here or choose them"),
    "offline": gettext_lazy("Waiting for the connection"),
    "retryIn": gettext_lazy("Waiting for the connection, retrying in %(time)s"),
    "total": gettext_lazy("Files uploaded: %(done)s of %(count)s"),
    "totalLabel": gettext_lazy("Total upload progress"),
    "pause": gettext_lazy("Pause"),
    "resume": gettext_lazy("Resume"),
    "cancel": gettext_lazy("Cancel"),
    "retry": gettext_lazy("Retry"),
    "remove": gettext_lazy("Remove"),
    "pauseLabel": gettext_lazy("Pause the upload of %(name)s"),
    "resumeLabel": gettext_lazy("Resume the upload of %(name)s"),
    "cancelLabel": gettext_lazy("Cancel the upload of %(name)s"),
    "retryLabel": gettext_lazy("Retry the upload of %(name)s"),
    "removeLabel": gettext_lazy("Remove %(name)s"),
    "progressLabel": gettext_lazy("Upload progress of %(name)s"),
    "progress": gettext_lazy("%(done)s of %(total)s"),
    "speed": gettext_lazy("%(speed)s/s, %(left)s left"),
    "started": gettext_lazy("Uploading %(name)s"),
    "completed": gettext_lazy("%(name)s uploaded"),
    "pausedNotice": gettext_lazy("%(name)s paused"),
    "failed": gettext_lazy("%(name)s could not be uploaded: %(error)s"),
    "tooLarge": gettext_lazy("%(name)s is larger than the %(max)s allowed."),
    "wrongType": gettext_lazy("%(name)s is not an accepted type of file."),
    "networkError": gettext_lazy("the connection to the server was lost"),
    "serverError": gettext_lazy("the server refused it (%(status)s)"),
    "waiting": gettext_lazy("The form will be sent as soon as the upload has finished."),
    "blockedPaused": gettext_lazy("Resume or cancel the paused upload before sending the form."),
    "blockedError": gettext_lazy("An upload failed: retry or remove it before sending the form."),
    "resumable": gettext_lazy("Choose %(name)s again to resume its upload."),
}


def translated(strings: Mapping[str, str | Promise]) -> dict[str, str]:
    """``strings`` in the active language."""
    return {key: str(value) for key, value in strings.items()}
