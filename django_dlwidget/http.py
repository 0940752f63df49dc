"""HTTP pieces every area answers with, written once.

- ``json_error`` / ``json_response``: every refusal is ``{"error": "<code>", "detail": "<text>"}``.
- ``json_view(*methods)``: the JSON endpoints' decorator (405 with ``Allow``, login, CSRF).
- ``csrf_refusal``: Django's own CSRF check, answered in JSON. Views that use it are exempt from
  ``CsrfViewMiddleware`` (whose refusal is an HTML page) and run the same check themselves, so
  CSRF is enforced on every mutation whether or not the project installed the middleware.
- ``method_not_allowed``: the one 405.
- ``strong_etag``: a quoted strong ETag from the values that pin a representation's bytes.
- ``safe_filename`` / ``content_disposition``: file names from users and jobs, hardened, and
  ``Content-Disposition`` per RFC 6266 (an ASCII ``filename`` plus ``filename*`` in UTF-8).
- ``unknown_endpoint``: any other path under the include is a JSON 404, never an HTML page.
- ``match_view``: which of some views a raw ASGI path reaches (the ASGI wrappers' routing).

File names are not trusted: directory parts (``/`` and ``\\``) are dropped, control and invisible
formatting characters (a right-to-left override can disguise ``evil.exe`` as ``exe.pdf``) are
removed, and the ASCII fallback never contains a quote, a backslash or a percent sign, which user
agents disagree about.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, Final
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

View = Callable[..., HttpResponse]
SAFE_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
DEFAULT_FILENAME: Final = "download"
MAX_FILENAME_LENGTH: Final = 200
# RFC 8187 attr-char, beyond the letters, digits and "_.-~" that quote() always keeps.
_ATTR_SAFE: Final = "!#$&+^`|"
_UNSAFE_ASCII = re.compile(r'["\\%;*<>?:|]')


def json_error(status: int, code: str, detail: str, **headers: str) -> JsonResponse:
    """``{"error": code, "detail": detail}``; ``headers`` given as ``Retry_After="5"``."""
    response = JsonResponse({"error": code, "detail": str(detail)}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def json_response(data: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status)


def method_not_allowed(method: str | None, allowed: Iterable[str]) -> JsonResponse:
    """The one 405: names the refused method and lists the allowed ones in ``Allow``."""
    return json_error(
        405,
        "method_not_allowed",
        _("This endpoint does not accept %(method)s.") % {"method": method or ""},
        Allow=", ".join(sorted(set(allowed))),
    )


def _no_response(request: HttpRequest) -> HttpResponse:  # pragma: no cover - never called
    raise AssertionError


def _csrf_checked_callback(request: HttpRequest) -> HttpResponse:  # pragma: no cover
    """A stand-in view without ``csrf_exempt``, so the middleware check always applies."""
    raise AssertionError


def csrf_refusal(request: HttpRequest) -> JsonResponse | None:
    """None when the request passes Django's CSRF check (or is safe), else the JSON refusal."""
    if request.method in SAFE_METHODS:
        return None
    refusal = CsrfViewMiddleware(_no_response).process_view(request, _csrf_checked_callback, (), {})
    if refusal is None:
        return None
    return json_error(
        403, "csrf_failed", _("The request was refused: its CSRF token is missing or wrong.")
    )


def json_view(*methods: str) -> Callable[[View], View]:
    """Allow ``methods`` (HEAD with GET), require a logged-in user, enforce CSRF on mutations."""
    allowed = set(methods) | ({"HEAD"} if "GET" in methods else set())

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in allowed:
                return method_not_allowed(request.method, allowed)
            if not request.user.is_authenticated:
                return json_error(403, "not_authenticated", _("Log in to see your downloads."))
            refusal = csrf_refusal(request)
            if refusal is not None:
                return refusal
            return view(request, *args, **kwargs)

        return csrf_exempt(wrapper)

    return decorator


def strong_etag(*parts: object, version: int | None = None) -> str:
    """A quoted strong ETag: a digest of ``parts``, which must pin the representation's bytes,
    then ``-<version>`` when given (a representation that changes with a counter)."""
    seed = "\0".join(str(part) for part in parts)
    digest = hashlib.sha256(seed.encode()).hexdigest()[:32]
    return f'"{digest}"' if version is None else f'"{digest}-{version}"'


def safe_filename(filename: str | None, *, fallback: str = DEFAULT_FILENAME) -> str:
    """The last path component of ``filename`` (NFC) without control or formatting characters,
    at most ``MAX_FILENAME_LENGTH`` long (keeping a short extension); ``fallback`` if nothing
    is left. The one sanitizer of file names from users, jobs and upload metadata."""
    name = unicodedata.normalize("NFC", filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        " " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char
        for char in name
        if unicodedata.category(char) not in ("Cf", "Cs", "Co", "Cn")
    )
    name = " ".join(name.split()).strip(" .")
    if not name:
        return fallback
    if len(name) > MAX_FILENAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        keep = ext if dot and stem and len(ext) < 16 else ""
        cut = MAX_FILENAME_LENGTH - len(keep) - 1
        name = name[:cut].rstrip(" .") + ("." + keep if keep else "")
    return name


def ascii_filename(name: str) -> str:
    """An ASCII stand-in for ``name`` (already safe) for user agents that ignore ``filename*``:
    accents folded, other characters dropped, ``download`` for a stem with nothing left."""
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, ""
    stem, ext = _fold(stem), _fold(ext)
    if not stem.strip("_ "):
        stem = DEFAULT_FILENAME
    return f"{stem}.{ext}" if ext.strip("_ ") else stem


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(_UNSAFE_ASCII.sub("_", folded).split()).strip(" .")


def content_disposition(filename: str | None, *, as_attachment: bool = True) -> str:
    """``attachment; filename="..."; filename*=UTF-8''...`` (or ``inline; ...``)."""
    kind = "attachment" if as_attachment else "inline"
    name = safe_filename(filename)
    encoded = quote(name, safe=_ATTR_SAFE)
    return f"{kind}; filename=\"{ascii_filename(name)}\"; filename*=UTF-8''{encoded}"


@csrf_exempt  # it does nothing, whatever the method
def unknown_endpoint(request: HttpRequest, path: str = "") -> HttpResponse:
    return json_error(404, "unknown_endpoint", _("There is no such endpoint."))


def wraps_any(func: Callable[..., Any] | None, views: frozenset[Callable[..., Any]]) -> bool:
    """True if ``func`` is one of ``views``, also under decorators that set ``__wrapped__``."""
    while func is not None:
        if func in views:
            return True
        func = getattr(func, "__wrapped__", None)
    return False


def match_view(
    path: str,
    script_prefix: str,
    views: frozenset[Callable[..., Any]],
    *,
    unwrap: bool = True,
) -> ResolverMatch | None:
    """The URLconf's match for ``path`` (seen under ``script_prefix``, as an ASGI scope's
    ``root_path``) if it reaches one of ``views`` (also under decorators, with ``unwrap``; the
    very objects otherwise); None otherwise."""
    root = script_prefix.rstrip("/")
    if root and path.startswith(root + "/"):
        path = path[len(root) :]
    try:
        match = resolve(path)
    except Resolver404:
        return None
    found = wraps_any(match.func, views) if unwrap else match.func in views
    return match if found else None
