"""The tus endpoints as plain Django views (the WSGI path, and ASGI with or without the wrapper).

Both views are ``csrf_exempt`` only so that CSRF is checked here, by Django's own middleware
logic, after the tus version check and method override and only for requests that carry the
session cookie (see :mod:`.auth`).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any, Final

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from ..http import json_error
from . import protocol
from .auth import check_csrf, check_permission, principal_for
from .errors import TusError
from .headers import EXPOSE_HEADERS, SUPPORTED_VERSIONS, TUS_VERSION, parse_size
from .protocol import Body, TusRequest, TusResponse

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
    return Body(request, length)


def _warn_spooled() -> None:
    global _warned_spooled
    if not _warned_spooled:
        _warned_spooled = True
        logger.warning(
            "tus uploads reach Django's ASGI handler unwrapped: bodies are spooled and "
            "bytes before a dropped connection are lost. Wrap the ASGI application in "
            "django_dlwidget.tus.asgi.TusUploadMiddleware."
        )


def _respond(result: TusResponse, method: str) -> HttpResponse:
    response = HttpResponse(status=result.status)
    for name, value in result.headers.items():
        response[name] = value
    return response


def _error(exc: TusError, method: str) -> HttpResponse:
    if method == "HEAD":
        response = HttpResponse(status=exc.status)
        for name, value in exc.headers.items():
            response[name] = value
        return response
    return json_error(exc.status, exc.code, exc.detail, **exc.headers)


def _handle(request: HttpRequest, upload_id: uuid.UUID | None) -> HttpResponse:
    method = effective_method(request)
    allowed = LIST_METHODS if upload_id is None else DETAIL_METHODS
    try:
        if method == "OPTIONS":
            result = protocol.options()
        else:
            version = request.headers.get("Tus-Resumable")
            if version not in SUPPORTED_VERSIONS:
                raise TusError(
                    412,
                    "unsupported_version",
                    _("Tus-Resumable must be one of %(versions)s.")
                    % {"versions": ", ".join(SUPPORTED_VERSIONS)},
                    {"Tus-Version": ",".join(SUPPORTED_VERSIONS)},
                )
            if method not in allowed:
                raise TusError(
                    405,
                    "method_not_allowed",
                    _("%(method)s is not allowed here.") % {"method": method},
                    {"Allow": ", ".join(allowed)},
                )
            if method in UNSAFE or request.method == "POST":
                check_csrf(request)
            check_permission(request)
            tus = TusRequest(
                request,
                principal_for(request, create_binding=method == "POST"),
                {name.lower(): value for name, value in request.headers.items()},
            )
            result = _dispatch(tus, request, method, upload_id)
    except TusError as exc:
        response = _error(exc, method)
    else:
        response = _respond(result, method)
    response["Tus-Resumable"] = TUS_VERSION
    response["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
    return response


def _dispatch(
    tus: TusRequest, request: HttpRequest, method: str, upload_id: uuid.UUID | None
) -> TusResponse:
    if upload_id is None:
        tus.body = _body(request)
        return protocol.create(tus)
    if method == "HEAD":
        return protocol.head(tus, upload_id)
    if method == "PATCH":
        tus.body = _body(request)
        return protocol.patch(tus, upload_id)
    return protocol.delete(tus, upload_id)


@csrf_exempt
def upload_list(request: HttpRequest) -> HttpResponse:
    """``OPTIONS`` (discovery) and ``POST`` (creation) on ``uploads/``."""
    return _handle(request, None)


@csrf_exempt
def upload_detail(request: HttpRequest, upload_id: uuid.UUID) -> HttpResponse:
    """``HEAD``, ``PATCH``, ``DELETE`` (and ``OPTIONS``) on ``uploads/<id>/``."""
    return _handle(request, upload_id)


TUS_VIEWS: Final[frozenset[Callable[..., Any]]] = frozenset({upload_list, upload_detail})


def is_tus_view(func: Callable[..., Any]) -> bool:
    """True for our views, also when a project wrapped them in decorators."""
    seen: Callable[..., Any] | None = func
    while seen is not None:
        if seen in TUS_VIEWS:
            return True
        seen = getattr(seen, "__wrapped__", None)
    return False
