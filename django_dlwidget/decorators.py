"""View decorators for the JSON endpoints: allowed methods, login and CSRF, all answered in JSON.

The views are exempt from ``CsrfViewMiddleware`` (whose refusal is an HTML page) and run the same
check themselves, so CSRF is enforced on every mutation whether or not the project installed the
middleware, and the refusal is JSON like every other error.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .http import json_error

View = Callable[..., HttpResponse]
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def _no_response(request: HttpRequest) -> HttpResponse:  # pragma: no cover - never called
    raise AssertionError


def _csrf_checked_callback(request: HttpRequest) -> HttpResponse:  # pragma: no cover
    """A stand-in view without ``csrf_exempt``, so the middleware check always applies."""
    raise AssertionError


def csrf_failure(request: HttpRequest) -> HttpResponse | None:
    """None when the request passes Django's CSRF check, else the JSON refusal."""
    if request.method in SAFE_METHODS:
        return None
    refusal = CsrfViewMiddleware(_no_response).process_view(request, _csrf_checked_callback, (), {})
    if refusal is None:
        return None
    return json_error(
        403, "csrf_failed", _("The request was refused: its CSRF token is missing or wrong.")
    )


def json_api(*methods: str) -> Callable[[View], View]:
    """Allow ``methods`` (HEAD with GET), require a logged-in user, enforce CSRF on mutations."""
    allowed = set(methods) | ({"HEAD"} if "GET" in methods else set())
    allow_header = ", ".join(sorted(allowed))

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in allowed:
                return json_error(
                    405,
                    "method_not_allowed",
                    _("This endpoint does not accept %(method)s.") % {"method": request.method},
                    Allow=allow_header,
                )
            if not request.user.is_authenticated:
                return json_error(403, "not_authenticated", _("Log in to see your downloads."))
            refusal = csrf_failure(request)
            if refusal is not None:
                return refusal
            return view(request, *args, **kwargs)

        return csrf_exempt(wrapper)

    return decorator
