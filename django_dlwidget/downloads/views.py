"""The download centre's endpoints: list, detail, clear (DELETE), cancel, the file, signed links.

Owner-only: another user's download is a 404, exactly like one that does not exist.
"""

from __future__ import annotations

import functools
import uuid
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotModified,
)
from django.utils import timezone
from django.utils.http import parse_etags
from django.utils.translation import gettext as _

from ..http import json_error, json_response, json_view, method_not_allowed, strong_etag
from ..live.versions import get_version
from ..models.download import Download, DownloadStatus
from ..serving import serve_file
from .lifecycle import cancel_download, clear_download
from .links import LinkExpired, LinkInvalid, read_token
from .listing import snapshot
from .serializers import download_json

FILE_METHODS = ("GET", "HEAD")


@functools.lru_cache(maxsize=4096)
def _list_etag_stem(owner_id: Any) -> str:
    # The digest part of a user's list ETag, without its closing quote: it never changes, and
    # a poll of an unchanged list then costs no hashing.
    return strong_etag("dlwidget-list", owner_id)[:-1]


def list_etag(owner_id: Any, version: int) -> str:
    """Strong ETag of one user's list: the version, tied to the user (a shared browser cache
    must never answer one user's request with another's list)."""
    return f'{_list_etag_stem(owner_id)}-{version}"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """``If-None-Match`` against the current ETag, by the weak comparison it calls for (a proxy
    that compresses the list may have handed the client ``W/"..."``)."""
    if not if_none_match:
        return False
    if if_none_match == etag:  # what the front end sends back: the one ETag it was given
        return True
    if if_none_match.strip() == "*":
        return True
    return any(tag.removeprefix("W/") == etag for tag in parse_etags(if_none_match))


def download_etag(download: Download) -> str:
    """Strong: a download's file is written once, so key, size and ``updated`` pin its bytes."""
    return strong_etag(download.key, download.size, download.file.name, download.updated)


# What the list sends beside its ETag, the 304s of :mod:`.pollshortcut` included.
LIST_CACHE_HEADERS: tuple[tuple[str, str], ...] = (
    ("Cache-Control", "private, no-cache"),
    ("Vary", "Cookie"),
)


def _cache_headers(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    for name, value in LIST_CACHE_HEADERS:
        response[name] = value
    return response


def _not_found() -> HttpResponse:
    return json_error(404, "not_found", _("No such download."))


@json_view("GET")
def download_list(request: HttpRequest) -> HttpResponse:
    """``{"version": N, "downloads": [...]}``; a 304 for an unchanged list costs one cache read
    beyond the authentication every view pays: no download row is read, nothing is written."""
    owner_id = request.user.pk
    etag = list_etag(owner_id, get_version(owner_id))
    if etag_matches(request.META.get("HTTP_IF_NONE_MATCH"), etag):
        return _cache_headers(HttpResponseNotModified(), etag)
    body = snapshot(owner_id)  # its version may be newer than the one just compared
    return _cache_headers(json_response(body), list_etag(owner_id, body["version"]))


@json_view("GET", "DELETE")
def download_detail(request: HttpRequest, key: uuid.UUID) -> HttpResponse:
    """GET one download; DELETE clears it (cancelling a pending or running job first)."""
    owner_id = request.user.pk
    if request.method == "DELETE":
        if not clear_download(key, owner_id):
            return _not_found()
        return HttpResponse(status=204)
    download = Download.objects.filter(key=key, owner_id=owner_id).first()
    if download is None:
        return _not_found()
    return json_response(download_json(download))


@json_view("POST")
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


def serve_download(request: HttpRequest, download: Download) -> HttpResponseBase:
    """The file of a download the caller may have; JSON 404/410 when there is none to serve."""
    expires = download.expires
    if expires is not None and expires <= timezone.now():
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


def download_file(request: HttpRequest, key: uuid.UUID) -> HttpResponseBase:
    """``GET downloads/<key>/file/``: a ready download's file, for its owner only."""
    if request.method not in FILE_METHODS:
        return method_not_allowed(request.method, FILE_METHODS)
    if not request.user.is_authenticated:
        return json_error(403, "not_authenticated", _("Log in to download files."))
    download = Download.objects.filter(key=key, owner_id=request.user.pk).first()
    if download is None:
        return _not_found()
    return serve_download(request, download)


def download_link(request: HttpRequest, token: str) -> HttpResponseBase:
    """``GET links/<token>/``: the file behind a signed link."""
    if request.method not in FILE_METHODS:
        return method_not_allowed(request.method, FILE_METHODS)
    response = _link_answer(request, token)
    # The token is a credential: keep it out of Referer headers and shared caches.
    response["Referrer-Policy"] = "no-referrer"
    if "Cache-Control" not in response:
        response["Cache-Control"] = "private"
    return response


def _link_answer(request: HttpRequest, token: str) -> HttpResponseBase:
    try:
        link = read_token(token)
    except LinkInvalid:
        return json_error(404, "invalid_link", _("This link is not valid."))
    except LinkExpired:
        return json_error(410, "link_expired", _("This link has expired."))
    if link.owner_id is not None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if str(request.user.pk) != link.owner_id:
            return _not_found()
    download = Download.objects.filter(key=link.key).first()
    if download is None or (link.owner_id is not None and str(download.owner_id) != link.owner_id):
        return _not_found()
    return serve_download(request, download)
