"""``async_downloads.views``: the predecessor's two endpoints over the native ones.

``ajax_update`` is the native list (JSON with an ETag, no rendered HTML). ``ajax_clear_download``
takes the ``filepath`` the predecessor posted, reads only the download key out of it (the folder
the file is in) and clears that download if it is the caller's: the path itself is never used, so
no client can delete a file by naming it. Both need a login and, for the clear, a CSRF token.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from ...downloads.lifecycle import clear_download
from ...downloads.views import download_list
from ...http import json_error, json_view

__all__ = ["ajax_clear_download", "ajax_update"]

ajax_update = download_list


def key_in(filepath: str) -> uuid.UUID | None:
    """The download key in ``<prefix>/<key>/<file name>``, or None."""
    try:
        return uuid.UUID(PurePosixPath(filepath.replace("\\", "/")).parent.name)
    except ValueError:
        return None


@json_view("POST")
def ajax_clear_download(request: HttpRequest) -> HttpResponse:
    """Clear the caller's download named by ``filepath``: 200 with an empty body, as before."""
    key = key_in(request.POST.get("filepath", ""))
    owner_id = request.user.pk
    if key is not None and clear_download(key, owner_id):
        return HttpResponse("")
    return json_error(404, "not_found", _("No such download."))
