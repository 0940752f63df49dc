"""The database is down: the package's endpoints answer 503 with ``Retry-After``, never a 500.

While PostgreSQL restarts or fails over, every query raises ``OperationalError`` (or
``InterfaceError`` on a connection that broke under it). A request meets the database in more
places than its view's own queries: the session is read from it and ``AuthenticationMiddleware``'s
lazy user loads it on first use, which for our endpoints is inside the view (the login check of
``http.json_view``, ``login_required``, the tus permission). So wrapping each view of the URLconf
covers all of them: :func:`unavailable` turns those two errors into the JSON refusal (or, for the
HTML pages, a plain 503 page), which clients retry after ``Retry-After`` seconds.

Nothing is left half-written by answering early: each write in the package is one conditional
UPDATE or one transaction, and an upload's offset is reconciled with its stored bytes on the
next request (:mod:`.tus.locking`). Django opens a fresh connection once the database is back
(a connection that raised is closed at the end of the request, or by ``CONN_HEALTH_CHECKS``).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping
from typing import Any, Final

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .http import json_error

logger = logging.getLogger("django_dlwidget")

View = Callable[..., HttpResponseBase]
DATABASE_DOWN: Final = (OperationalError, InterfaceError)
RETRY_AFTER: Final = "5"
PAGE_TEMPLATE: Final = "django_dlwidget/unavailable.html"


def database_unavailable(
    *, html: bool = False, headers: Mapping[str, str] | None = None
) -> HttpResponse:
    """The 503 itself: JSON ``{"error", "detail"}``, or an HTML page (``html``)."""
    detail = _("The database cannot be reached right now. Try again in a few seconds.")
    if html:
        # Rendered without the request: context processors would query the database again.
        body = render_to_string(
            PAGE_TEMPLATE, {"title": _("Service unavailable"), "detail": detail}
        )
        response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    else:
        response = json_error(503, "database_unavailable", detail)
    response["Retry-After"] = RETRY_AFTER
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def unavailable(
    view: View, *, html: bool = False, headers: Mapping[str, str] | None = None
) -> View:
    """``view``, answering :func:`database_unavailable` when the database cannot be reached.

    ``functools.wraps`` keeps the view's attributes (``csrf_exempt``, ``non_atomic_requests``)
    and ``__wrapped__``, by which :mod:`.tus.asgi` still recognises the tus views.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except DATABASE_DOWN as exc:
            logger.warning(
                "dlwidget: database unavailable during %s %s: %s",
                request.method,
                request.path,
                str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__,
            )
            return database_unavailable(html=html, headers=headers)

    return wrapper
