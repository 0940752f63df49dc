"""``DLWIDGET["SENDFILE"]`` backends that hand the bytes to someone else (``rules.py`` says which
one a file gets, and where).

- ``nginx``: ``X-Accel-Redirect`` to ``NGINX_PREFIX`` + the storage name; nginx serves the file
  from an ``internal`` location, with Range and conditional requests of its own. A rule's
  X-Accel options (expiry, rate limit, buffering, charset) go along as ``X-Accel-*`` headers.
- ``xsendfile``: ``X-Sendfile`` with the file's absolute path (Apache mod_xsendfile, lighttpd):
  the storage's local path (``FileSystemStorage``), or a rule's ``XSENDFILE_ROOT`` + the name, for
  a web server that sees the files under another path (or a storage without local paths).
- ``redirect``: 302 to ``storage.url(name)``, for remote storages whose URLs are signed and
  short-lived (S3 presigned URLs through django-storages).

``x_accel_headers`` and ``x_sendfile_headers`` are the headers themselves, for code that knows
the web server's path of a file by other means (``compat.downloadview``'s middlewares). Both
carry ``X-Content-Type-Options: nosniff``, the offloaded file's as much as the app's, and both
refuse a path with a ``..`` segment, which would leave the internal location or folder.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import quote

from django.core.exceptions import ImproperlyConfigured, SuspiciousFileOperation
from django.core.files.utils import validate_file_name
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from .rules import AccelOptions, Offload
from .source import StoredFile


def x_accel_headers(location: str, options: AccelOptions | None = None) -> dict[str, str]:
    """The headers that hand the file at ``location`` (the path of an nginx ``internal``
    location, not percent-encoded: it is encoded here) to nginx, with ``options``' ``X-Accel-*``
    headers. Raises ``SuspiciousFileOperation`` for a ``..`` segment."""
    _refuse_parent_segments(location)
    headers = {"X-Accel-Redirect": quote(location), **(options or AccelOptions()).headers()}
    headers["X-Content-Type-Options"] = "nosniff"
    return headers


def x_sendfile_headers(path: str) -> dict[str, str]:
    """The headers that hand the file at ``path`` (as the web server sees it) to Apache's
    mod_xsendfile or lighttpd. Raises ``SuspiciousFileOperation`` for a ``..`` segment."""
    _refuse_parent_segments(path)
    # mod_xsendfile reads the raw bytes: send the UTF-8 path as is (headers are latin-1 on the
    # wire), rather than letting Django MIME-encode a non-ASCII path.
    return {
        "X-Sendfile": path.encode("utf-8").decode("latin-1"),
        "X-Content-Type-Options": "nosniff",
    }


def _refuse_parent_segments(path: str) -> None:
    if ".." in PurePosixPath(path.replace("\\", "/")).parts:
        raise SuspiciousFileOperation(f"Refusing to offload a path with a '..' segment: {path!r}")


def nginx_response(stored: StoredFile, offload: Offload) -> HttpResponse:
    validate_file_name(stored.name, allow_relative_path=True)
    response = HttpResponse()
    target = offload.nginx_prefix.rstrip("/") + "/" + offload.rest.lstrip("/")
    for header, value in x_accel_headers(target, offload.accel).items():
        response[header] = value
    return response


def xsendfile_response(stored: StoredFile, offload: Offload) -> HttpResponse:
    validate_file_name(stored.name, allow_relative_path=True)
    if offload.xsendfile_root is not None:
        # The web server's view of the files: nothing to stat here, so ask the storage.
        if not stored.storage.exists(stored.name):
            raise Http404(_("The file does not exist."))
        path = offload.xsendfile_root.rstrip("/") + "/" + offload.rest.lstrip("/")
    else:
        path = _local_path(stored)
        if not Path(path).is_file():
            raise Http404(_("The file does not exist."))
    response = HttpResponse()
    for header, value in x_sendfile_headers(path).items():
        response[header] = value
    return response


def _local_path(stored: StoredFile) -> str:
    try:
        return stored.storage.path(stored.name)
    except NotImplementedError as exc:
        raise ImproperlyConfigured(
            f'DLWIDGET["SENDFILE"] = "xsendfile" needs a storage with local paths '
            f"(FileSystemStorage) or a rule with an XSENDFILE_ROOT; "
            f"{type(stored.storage).__name__} has no local paths. Use "
            f'"redirect" or "django" for this storage.'
        ) from exc


def redirect_response(stored: StoredFile, disposition: str, content_type: str) -> HttpResponse:
    storage = stored.storage
    if type(storage).__module__.startswith("storages.backends.s3"):
        # Presigned S3 URLs can carry the headers S3 should answer with.
        url = storage.url(  # type: ignore[call-arg]
            stored.name,
            parameters={
                "ResponseContentDisposition": disposition,
                "ResponseContentType": content_type,
            },
        )
    else:
        url = storage.url(stored.name)
    response = HttpResponseRedirect(url)
    # The target is often a URL that expires: never cache the redirect.
    response["Cache-Control"] = "no-store"
    return response
