"""The tus endpoints as plain Django views (the WSGI path, and ASGI with or without the wrapper).

The view layer owns everything HTTP about tus that is not the protocol: the version check,
``X-HTTP-Method-Override``, the 405 (the package's one, from :mod:`django_dlwidget.http`), CSRF
and the permission, the body stream, and URLs. The protocol (:mod:`.verbs`) knows upload ids
only: here ``Upload-Concat`` URLs are mapped to ids through the URLconf (under any include or
script prefix), and ``Location`` URLs are built beside the creation endpoint.

Both views are ``csrf_exempt`` only so that CSRF is checked here, after the tus version check
and method override and only for requests that carry the session cookie (see :mod:`.auth`).
They are ``non_atomic_requests``: under ``ATOMIC_REQUESTS`` one transaction would last as long as
a body and keep the lease's and the quota's rows locked (and the connection held) for all of it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any, Final
from urllib.parse import urlsplit

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import ResolverMatch, get_script_prefix
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from ..conf import dlwidget_settings
from ..http import json_error, match_view, method_not_allowed, wraps_any
from . import ietf, limits, verbs
from .auth import check_csrf, check_permission, principal_for
from .errors import TusError
from .headers import EXPOSE_HEADERS, SUPPORTED_VERSIONS, TUS_VERSION, parse_size
from .messages import Body, Locate, Part, TusRequest, TusResponse
from .stores import get_store

logger = logging.getLogger("django_dlwidget.tus")

SCOPE_BODY_KEY: Final = "dlwidget.tus_body"
LIST_METHODS: Final = ("OPTIONS", "POST")
DETAIL_METHODS: Final = ("OPTIONS", "HEAD", "PATCH", "DELETE")
UNSAFE: Final = ("POST", "PATCH", "DELETE")
_warned_spooled = False


def effective_method(request: HttpRequest) -> str:
    """``X-HTTP-Method-Override`` counts on POST only, so no override can dodge CSRF."""
    method = (request.method or "GET").upper()
    override = request.headers.get("X-HTTP-Method-Override")
    if method == "POST" and override:
        return override.strip().upper()
    return method


def _body(request: HttpRequest) -> Body:
    raw = request.META.get("CONTENT_LENGTH") or ""
    length = parse_size(raw, "Content-Length") if raw.strip() else None
    if length is None and "chunked" not in request.headers.get("Transfer-Encoding", "").lower():
        length = 0
    scope = getattr(request, "scope", None)
    if isinstance(scope, dict) and SCOPE_BODY_KEY in scope:
        return Body(scope[SCOPE_BODY_KEY], length)
    if scope is not None:
        _warn_spooled()
    return Body(ReleasingStream(request), length)


class ReleasingStream:
    """The WSGI body: each read first gives back the thread's database connection, which a
    blocking socket read would otherwise hold (see :mod:`.limits`)."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def read(self, size: int, /) -> bytes:
        limits.release_connections()
        return self.request.read(size)


def _warn_spooled() -> None:
    global _warned_spooled
    if not _warned_spooled:
        _warned_spooled = True
        logger.warning(
            "tus uploads reach Django's ASGI handler unwrapped: bodies are spooled and "
            "bytes before a dropped connection are lost. Wrap the ASGI application in "
            "django_dlwidget.tus.asgi.TusUploadMiddleware."
        )


def _respond(result: TusResponse) -> HttpResponse:
    response = HttpResponse(status=result.status)
    for name, value in result.headers.items():
        response[name] = value
    return response


def _bodiless(response: HttpResponse) -> HttpResponse:
    """The answer to HEAD: a refusal's status and headers, not its JSON."""
    if not response.content:
        return response
    bare = HttpResponse(status=response.status_code)
    for name, value in response.items():
        if name.lower() != "content-type":
            bare[name] = value
    return bare


def _handle(request: HttpRequest, upload_id: uuid.UUID | None) -> HttpResponse:
    method = effective_method(request)
    draft = ietf.draft_of(request)
    try:
        response = _answer(request, method, upload_id, draft)
    except TusError as exc:
        response = json_error(exc.status, exc.code, exc.detail, **exc.headers)
    except Exception as exc:
        store = get_store()
        if store.unavailable(exc):
            # The client keeps its place and retries; whatever was stored stays (see .locking).
            logger.warning("The upload store is unavailable: %s", exc)
            response = json_error(
                503,
                "store_unavailable",
                _("The upload store cannot be reached; retry shortly."),
                Retry_After="5",
            )
        elif store.refused(exc):
            logger.error(
                "The upload store refused this server (check UPLOAD_STORE's bucket, "
                "credentials and region): %s",
                exc,
                exc_info=exc,
            )
            response = json_error(
                500,
                "store_refused",
                _("The upload store refused this server's request; its configuration is wrong."),
            )
        else:
            raise
    if method == "HEAD":
        response = _bodiless(response)
    if draft is None:
        response["Tus-Resumable"] = TUS_VERSION
    elif draft.supported:
        response[ietf.INTEROP_HEADER] = draft.version
    response["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
    return response


def _answer(
    request: HttpRequest, method: str, upload_id: uuid.UUID | None, draft: ietf.Draft | None
) -> HttpResponse:
    if method == "OPTIONS":
        return _respond(verbs.options() if draft is None else ietf.options(draft))
    version = request.headers.get("Tus-Resumable")
    if draft is not None:
        draft.check()  # an IETF draft request: the same endpoint, checked as below
    elif version not in SUPPORTED_VERSIONS:
        raise TusError(
            412,
            "unsupported_version",
            _("Tus-Resumable must be one of %(versions)s.")
            % {"versions": ", ".join(SUPPORTED_VERSIONS)},
            {"Tus-Version": ",".join(SUPPORTED_VERSIONS)},
        )
    allowed = LIST_METHODS if upload_id is None else DETAIL_METHODS
    if method not in allowed:
        return method_not_allowed(method, allowed)
    if method in UNSAFE or request.method == "POST":
        check_csrf(request)
    check_permission(request)
    tus = TusRequest(
        request,
        principal_for(request, create_binding=method == "POST"),
        {name.lower(): value for name, value in request.headers.items()},
    )
    if draft is not None:
        result = ietf.answer(
            draft,
            tus,
            method,
            upload_id,
            body=lambda: _body(request),
            location=location_for(request),
        )
        return result if isinstance(result, HttpResponse) else _respond(result)
    return _respond(_dispatch(tus, request, method, upload_id))


def _dispatch(
    tus: TusRequest, request: HttpRequest, method: str, upload_id: uuid.UUID | None
) -> TusResponse:
    if upload_id is None:
        tus.body = _body(request)
        return verbs.create(tus, location_for(request), concat_parts(tus.header("Upload-Concat")))
    if method == "HEAD":
        return verbs.head(tus, upload_id)
    if method == "PATCH":
        tus.body = _body(request)
        return verbs.patch(tus, upload_id)
    return verbs.delete(tus, upload_id)


# --- URLs: the protocol knows upload ids; which URL names which upload is decided here. ---


def location_for(request: HttpRequest) -> Locate:
    """Upload URLs beside the creation endpoint the request came to (under any include prefix)."""
    base = request.path.rstrip("/")
    return lambda upload_id: f"{base}/{upload_id}/"


def concat_parts(value: str | None) -> tuple[Part, ...]:
    """Each URL that ``Upload-Concat: final;<url> <url>`` lists, with the upload it names.

    None for the id of a URL that is not one of our upload URLs (another site, another view, a
    malformed id); the protocol refuses it. No parts for any other ``Upload-Concat`` value.
    """
    concat = (value or "").strip()
    if not concat.startswith("final;"):
        return ()
    # One past UPLOAD_MAX_PARTS is enough for the protocol to refuse a longer list.
    urls = concat[len("final;") :].split()[: dlwidget_settings.UPLOAD_MAX_PARTS + 1]
    return tuple(Part(url, upload_id_from_url(url)) for url in urls)


def upload_id_from_url(url: str) -> uuid.UUID | None:
    """The upload an absolute URL or a path names, under this request's script prefix.

    Only the path counts: the scheme and host are the client's business (a proxy may rewrite
    them), and the upload must be the requester's anyway.
    """
    try:
        path = urlsplit(url.strip()).path
    except ValueError:  # e.g. "http://[::1/": not a URL at all
        return None
    match = tus_match(path, get_script_prefix())
    value = None if match is None else match.kwargs.get("upload_id")
    return value if isinstance(value, uuid.UUID) else None


def tus_match(path: str, script_prefix: str) -> ResolverMatch | None:
    """The URLconf's match for ``path`` (seen under ``script_prefix``) if it is one of our views."""
    return match_view(path, script_prefix, TUS_VIEWS)


@transaction.non_atomic_requests
@csrf_exempt
def upload_list(request: HttpRequest) -> HttpResponse:
    """``OPTIONS`` (discovery) and ``POST`` (creation) on ``uploads/``."""
    return _handle(request, None)


@transaction.non_atomic_requests
@csrf_exempt
def upload_detail(request: HttpRequest, upload_id: uuid.UUID) -> HttpResponse:
    """``HEAD``, ``PATCH``, ``DELETE`` (and ``OPTIONS``) on ``uploads/<id>/``."""
    return _handle(request, upload_id)


TUS_VIEWS: Final[frozenset[Callable[..., Any]]] = frozenset({upload_list, upload_detail})


def is_tus_view(func: Callable[..., Any]) -> bool:
    """True for our views, also when a project wrapped them in decorators."""
    return wraps_any(func, TUS_VIEWS)
