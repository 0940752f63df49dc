"""Signed, expiring URLs for files that a plain view or the web server serves by URL: the URL's
path carries its own signature in a query parameter, and the view checks it before it answers.

For a storage whose ``url()`` goes to such a view (``compat.downloadview``'s
``SignedFileSystemStorage`` and ``signature_required``). The signature covers the path only (not
the host, not the rest of the query) and proves it was handed out here, by this ``SECRET_KEY``
(or one of its ``SECRET_KEY_FALLBACKS``), less than ``max_age`` ago. The salt is this module's
own, so a value signed for any other purpose never passes for a URL.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote, unquote, urlsplit

from django.core import signing
from django.http import HttpRequest

from ..conf import dlwidget_settings

# Not a module path: a signing salt. Changing it would invalidate every URL already handed out.
SALT = "django_dlwidget.signed-url"
PARAMETER = "X-Signature"
"""The query parameter that carries the signature."""


class SignatureMissing(Exception):
    """The request carries no signature."""


class SignatureInvalid(Exception):
    """The signature was not made here, was altered, or signs another path."""


class SignatureExpired(Exception):
    """A genuine signature older than its lifetime."""


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def sign_url(url: str) -> str:
    """``url`` with a signature of its path appended as the ``X-Signature`` query parameter."""
    signature = _signer().sign(unquote(urlsplit(url).path))
    return f"{url}{'&' if '?' in url else '?'}{PARAMETER}={quote(signature, safe='/:')}"


def check_signature(request: HttpRequest, *, max_age: timedelta | int | None = None) -> None:
    """Check that ``request`` carries a signature of its own path made by ``sign_url`` at most
    ``max_age`` ago (default ``DLWIDGET["LINK_MAX_AGE"]``). Raises
    ``SignatureMissing``, ``SignatureInvalid`` or ``SignatureExpired``."""
    lifetime = dlwidget_settings.LINK_MAX_AGE if max_age is None else max_age
    _check(request, lifetime)


def check_signature_forever(request: HttpRequest) -> None:
    """``check_signature`` without a lifetime, for a project that chose URLs that never expire
    (``compat.downloadview`` with ``DOWNLOADVIEW_URL_EXPIRATION = None``). Prefer a lifetime:
    such a URL, once leaked, opens the file for good."""
    _check(request, None)


def _check(request: HttpRequest, lifetime: timedelta | int | None) -> None:
    signature = request.GET.get(PARAMETER)
    if not isinstance(signature, str) or not signature:
        raise SignatureMissing
    try:
        signed_path = _signer().unsign(signature, max_age=lifetime)
    except signing.SignatureExpired as exc:
        raise SignatureExpired from exc
    except signing.BadSignature as exc:
        raise SignatureInvalid from exc
    if signed_path != request.path:
        raise SignatureInvalid
