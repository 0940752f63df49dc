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
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from django.core.exceptions import ImproperlyConfigured
from django.core.files.utils import validate_file_name
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from .rules import Offload
from .source import StoredFile


def nginx_response(stored: StoredFile, offload: Offload) -> HttpResponse:
    validate_file_name(stored.name, allow_relative_path=True)
    response = HttpResponse()
    target = offload.nginx_prefix.rstrip("/") + "/" + offload.rest.lstrip("/")
    response["X-Accel-Redirect"] = quote(target)
    for header, value in offload.accel_headers.items():
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
    # mod_xsendfile reads the raw bytes: send the UTF-8 path as is (headers are latin-1 on the
    # wire), rather than letting Django MIME-encode a non-ASCII path.
    response["X-Sendfile"] = path.encode("utf-8").decode("latin-1")
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
