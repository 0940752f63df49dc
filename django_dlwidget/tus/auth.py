"""Who is uploading: the permission callable, the owner or session binding, and CSRF.

CSRF is checked by the package's one runner (:func:`django_dlwidget.http.csrf_refusal`, which
is Django's own ``CsrfViewMiddleware`` logic: token header, Origin, Referer) on every unsafe
request that carries the session cookie, whichever path (WSGI view or ASGI wrapper) serves it.
A request without the session cookie carries no ambient credential, so a client that
authenticates otherwise (an API token checked by ``UPLOAD_PERMISSION``) needs no CSRF token.
The refusal is a tus error, telling a tus client what to send.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from django.conf import settings
from django.db.models import Q
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from ..conf import dlwidget_settings
from ..http import csrf_refusal
from .errors import TusError

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ..models import Upload

BINDING_SESSION_KEY: Final = "dlwidget_upload_binding"


@dataclass(frozen=True)
class Principal:
    """The uploader: a user's primary key, and/or the anonymous binding kept in the session."""

    user_pk: str | None
    binding: str

    def owns(self, upload: Upload) -> bool:
        if upload.owner_id is not None:
            return self.user_pk is not None and str(upload.owner_id) == self.user_pk
        return bool(self.binding) and secrets.compare_digest(upload.session_key, self.binding)

    def filter(self) -> Q:
        """Uploads this principal may see (an anonymous binding survives login)."""
        query = Q(pk__in=[])
        if self.user_pk is not None:
            query |= Q(owner__pk=self.user_pk)
        if self.binding:
            query |= Q(owner__isnull=True, session_key=self.binding)
        return query


def principal_for(request: HttpRequest, *, create_binding: bool = False) -> Principal:
    user = getattr(request, "user", None)
    user_pk = str(user.pk) if user is not None and user.is_authenticated else None
    session = getattr(request, "session", None)
    binding = ""
    if session is not None:
        binding = str(session.get(BINDING_SESSION_KEY, ""))
        if not binding and create_binding and user_pk is None:
            binding = secrets.token_urlsafe(24)
            session[BINDING_SESSION_KEY] = binding
    if user_pk is None and not binding and create_binding:
        raise TusError(
            403,
            "no_session",
            _("Anonymous uploads need a session; enable SessionMiddleware."),
        )
    return Principal(user_pk, binding)


def check_permission(request: HttpRequest) -> None:
    permission = import_string(dlwidget_settings.UPLOAD_PERMISSION)
    if not permission(request):
        raise TusError(403, "forbidden", _("You are not allowed to upload files."))


def check_csrf(request: HttpRequest) -> None:
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return
    if csrf_refusal(request) is not None:
        raise TusError(
            403,
            "csrf_failed",
            _(
                "CSRF verification failed: send the csrftoken cookie's value in the "
                "X-CSRFToken header (and a matching Origin or Referer)."
            ),
        )
