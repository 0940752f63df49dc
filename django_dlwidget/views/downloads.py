"""JSON endpoints of the download centre: list, detail, clear (DELETE) and cancel.

Owner-only: another user's download is a 404, exactly like one that does not exist.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import parse_etags
from django.utils.translation import gettext as _

from ..decorators import json_api
from ..http import json_error, json_response
from ..jobs import cancel_download
from ..listing import snapshot
from ..models.download import Download
from ..serializers import download_json
from ..versions import get_version


def list_etag(owner_id: Any, version: int) -> str:
    """Strong ETag of one user's list: the version, tied to the user (a shared browser cache
    must never answer one user's request with another's list)."""
    user_tag = hashlib.sha256(f"dlwidget:{owner_id}".encode()).hexdigest()[:12]
    return f'"{user_tag}-{version}"'


def _cache_headers(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    response["Vary"] = "Cookie"
    return response


def _not_found() -> HttpResponse:
    return json_error(404, "not_found", _("No such download."))


@json_api("GET")
def download_list(request: HttpRequest) -> HttpResponse:
    """``{"version": N, "downloads": [...]}``; a 304 for an unchanged list costs one cache read."""
    owner_id = request.user.pk
    version = get_version(owner_id)
    etag = list_etag(owner_id, version)
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match and (etag in parse_etags(if_none_match) or if_none_match.strip() == "*"):
        return _cache_headers(HttpResponseNotModified(), etag)
    body = snapshot(owner_id)  # its version may be newer than the one just compared
    return _cache_headers(json_response(body), list_etag(owner_id, body["version"]))


@json_api("GET", "DELETE")
def download_detail(request: HttpRequest, key: uuid.UUID) -> HttpResponse:
    """GET one download; DELETE clears it (cancelling a pending or running job first)."""
    owner_id = request.user.pk
    if request.method == "DELETE":
        # Cancel first: the job's own conditional writes then fail, so it cannot store a file
        # (or bring the row back) after the row is gone.
        cancel_download(key, owner_id)
        with transaction.atomic():
            deleted, _per_model = Download.objects.filter(key=key, owner_id=owner_id).delete()
        if not deleted:
            return _not_found()
        return HttpResponse(status=204)
    download = Download.objects.filter(key=key, owner_id=owner_id).first()
    if download is None:
        return _not_found()
    return json_response(download_json(download))


@json_api("POST")
def download_cancel(request: HttpRequest, key: uuid.UUID) -> HttpResponse:
    """Cancel a pending or running job: 202; 409 once it has finished."""
    owner_id = request.user.pk
    cancelled = cancel_download(key, owner_id)
    download = Download.objects.filter(key=key, owner_id=owner_id).first()
    if download is None:
        return _not_found()
    if not cancelled:
        return json_error(
            409,
            "already_finished",
            _("This download has already finished; it cannot be cancelled."),
        )
    return json_response(download_json(download), status=202)
