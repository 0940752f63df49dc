"""``GET downloads/<key>/file/``: a ready download's file, for its owner only."""

from __future__ import annotations

import hashlib
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _

from ..http import json_error
from ..models import Download, DownloadStatus
from ..serving import serve_file


def download_etag(download: Download) -> str:
    """Strong: a download's file is written once, so key, size and ``updated`` pin its bytes."""
    seed = f"{download.key}\0{download.size}\0{download.file.name}\0{download.updated}"
    return '"' + hashlib.sha256(seed.encode()).hexdigest()[:32] + '"'


def serve_download(request: HttpRequest, download: Download) -> HttpResponseBase:
    """The file of a download the caller may have; JSON 404/410 when there is none to serve."""
    if download.expires is not None and download.expires <= timezone.now():
        return json_error(410, "expired", _("This download has expired."))
    if download.status != DownloadStatus.READY or not download.file:
        return json_error(404, "not_ready", _("This download has no file yet."))
    try:
        return serve_file(
            request,
            download.file,
            filename=download.filename,
            content_type=download.content_type or None,
            etag=download_etag(download),
            last_modified=download.updated,
        )
    except Http404:
        return json_error(404, "file_missing", _("The file of this download is missing."))


def method_not_allowed() -> HttpResponseBase:
    return json_error(
        405, "method_not_allowed", _("Only GET and HEAD are allowed here."), Allow="GET, HEAD"
    )


def download_file(request: HttpRequest, key: UUID) -> HttpResponseBase:
    if request.method not in ("GET", "HEAD"):
        return method_not_allowed()
    if not request.user.is_authenticated:
        return json_error(403, "not_authenticated", _("Log in to download files."))
    download = Download.objects.filter(key=key, owner_id=request.user.pk).first()
    if download is None:
        return json_error(404, "not_found", _("No such download."))
    return serve_download(request, download)
