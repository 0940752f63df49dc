"""The unchanged-list poll, answered before Django's middleware chain.

An idle download centre asks for its list every few seconds with the ETag it was given, and the
answer is nearly always 304. Under ASGI, Django runs each request through every middleware's
``process_request`` and ``process_response`` in a worker thread, and the view in another hop:
about a dozen thread hops that cost far more than the one cache read the 304 needs. So
:class:`django_dlwidget.asgi.DlwidgetMiddleware` lets :func:`answer_unchanged` look at a
conditional ``GET``/``HEAD`` of the list first, and answer 304 itself when, in one worker thread:

- the session cookie names a saved session whose user, loaded by the backend that logged them in
  (so its ``is_active`` rule holds), still has the session hash it was logged in with: what
  Django's ``get_user`` accepts as is. The shortcut writes nothing: a session that Django would
  flush (a changed password) or rotate (a ``SECRET_KEY_FALLBACKS`` hash) goes to Django (a
  session engine may still tidy an expired session as it reads it, as it does for Django);
- that user's current list ETag matches ``If-None-Match``, by the list view's own comparison
  (``*`` is not enough);
- the request reaches the list as this package's URLconf routes it (not a project's route of its
  own, nor this one under the project's decorators), with a Host that ``ALLOWED_HOSTS`` accepts
  and, under ``SECURE_SSL_REDIRECT``, over https.

Anything else (no cookie, an anonymous or stale session, another ETag, an error of any kind)
goes to Django untouched, which answers as it always does. A 304 carries nothing but the ETag
the client already sent, so skipping the host's middleware can only say "unchanged" to a holder
of a live session of that user. It is off when a host needs every request to pass its middleware
for the session's sake (``SESSION_SAVE_EVERY_REQUEST``) or authenticates otherwise than with
Django's session and authentication middleware (either missing, or a ``RemoteUserMiddleware``);
``DLWIDGET["POLL_FAST_PATH"] = False`` turns it off.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from importlib import import_module
from typing import Any, Final

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
    load_backend,
)
from django.contrib.auth.middleware import RemoteUserMiddleware
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.core.handlers.asgi import get_script_prefix
from django.db import close_old_connections
from django.http.cookie import parse_cookie
from django.http.request import split_domain_port, validate_host
from django.utils.crypto import constant_time_compare
from django.utils.module_loading import import_string

from ..conf import dlwidget_settings
from ..http import match_view
from ..live.versions import get_version
from ..unavailable import DATABASE_DOWN
from .views import LIST_CACHE_HEADERS, etag_matches, list_etag

logger = logging.getLogger("django_dlwidget")

Scope = MutableMapping[str, Any]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

METHODS: Final = frozenset({"GET", "HEAD"})
# Without these two, the host's users are not Django's session users: leave it to Django.
NEEDED_MIDDLEWARE: Final = (
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
)


@functools.lru_cache(maxsize=8)
def _middleware_classes(paths: tuple[str, ...]) -> tuple[type, ...]:
    """The classes of ``MIDDLEWARE``, imported once per distinct list."""
    found = (import_string(path) for path in paths)
    return tuple(item for item in found if isinstance(item, type))


def enabled() -> bool:
    """The setting is on and the host authenticates requests the way the shortcut does."""
    if not dlwidget_settings.POLL_FAST_PATH or settings.SESSION_SAVE_EVERY_REQUEST:
        return False
    middleware = tuple(settings.MIDDLEWARE)
    if not all(name in middleware for name in NEEDED_MIDDLEWARE):
        return False
    # It logs a session's user out when the proxy's header is gone (subclasses included).
    return not any(issubclass(cls, RemoteUserMiddleware) for cls in _middleware_classes(middleware))


def _header(scope: Scope, name: bytes, separator: str) -> str | None:
    """A request header, its repeats joined (HTTP/2 sends each cookie in a header of its own)."""
    values = [
        bytes(value).decode("latin-1")
        for key, value in scope.get("headers", ())
        if bytes(key).lower() == name
    ]
    return separator.join(values) if values else None


def host_allowed(scope: Scope) -> bool:
    """Django's own ``get_host()`` check: a Host outside ``ALLOWED_HOSTS`` is Django's 400; and
    a plain-http request under ``SECURE_SSL_REDIRECT`` is Django's redirect."""
    if settings.SECURE_SSL_REDIRECT and scope.get("scheme") != "https":
        return False
    forwarded = _header(scope, b"x-forwarded-host", ",") if settings.USE_X_FORWARDED_HOST else None
    host = forwarded or _header(scope, b"host", ",")
    if not host:
        return False
    allowed = list(settings.ALLOWED_HOSTS)
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    domain, _port = split_domain_port(host)
    return bool(domain) and validate_host(domain, allowed)


def _path_info(scope: Scope) -> str:
    """The path Django routes (``FORCE_SCRIPT_NAME`` or the scope's ``root_path`` taken off)."""
    path = str(scope.get("path", ""))
    root = str(get_script_prefix(scope)).rstrip("/")
    if root and (path.startswith(root + "/") or path == root):
        return path[len(root) :]
    return path


def poll_of(scope: Scope) -> tuple[str, str] | None:
    """``(session key, If-None-Match)`` of a conditional list poll carrying a session cookie,
    when the shortcut is :func:`enabled`. The cheap header tests come first: every request
    through the ASGI wrapper passes here."""
    from ..urls import LIST_VIEW

    if scope.get("type") != "http" or str(scope.get("method", "")).upper() not in METHODS:
        return None
    if_none_match = _header(scope, b"if-none-match", ", ")
    cookie = _header(scope, b"cookie", "; ")
    # ``*`` matches any ETag, so it would not show that the client knows this user's list.
    if not if_none_match or if_none_match.strip() == "*" or not cookie:
        return None
    session_key = parse_cookie(cookie).get(settings.SESSION_COOKIE_NAME)
    if not session_key or not enabled() or not host_allowed(scope):
        return None
    # The list as this package routes it, exactly: a project's decorators around it (a login
    # or permission check of its own) must run, so such a route is Django's.
    if match_view(_path_info(scope), "", frozenset({LIST_VIEW}), unwrap=False) is None:
        return None
    return session_key, if_none_match


def session_user(session: SessionBase) -> Any | None:
    """The session's user if Django's ``get_user`` would accept it without changing the session;
    None otherwise (no user, an unknown backend, an inactive user, a session hash that differs)."""
    try:
        user_id = get_user_model()._meta.pk.to_python(session[SESSION_KEY])
        backend_path = session[BACKEND_SESSION_KEY]
    except (KeyError, ValueError, ValidationError):
        return None
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return None
    user = load_backend(backend_path).get_user(user_id)
    if user is None or not user.is_authenticated:
        return None
    if hasattr(user, "get_session_auth_hash"):
        session_hash = session.get(HASH_SESSION_KEY)
        if not session_hash or not constant_time_compare(
            session_hash, user.get_session_auth_hash()
        ):
            return None
    return user


def unchanged_etag(session_key: str, if_none_match: str) -> str | None:
    """The list ETag when the session's user may have the 304; None sends the poll to Django.
    Runs in a worker thread, with the database connections handled as a request's are."""
    close_old_connections()
    try:
        user = session_user(import_module(settings.SESSION_ENGINE).SessionStore(session_key))
        if user is None:
            return None
        etag = list_etag(user.pk, get_version(user.pk))
        return etag if etag_matches(if_none_match, etag) else None
    except DATABASE_DOWN:
        return None  # the view answers its JSON 503, and Django logs it
    except Exception:  # Django answers instead, never a 500 from here
        logger.warning("list poll shortcut failed; Django answers the poll", exc_info=True)
        return None
    finally:
        close_old_connections()


async def answer_unchanged(scope: Scope, send: Send) -> bool:
    """Answer 304 if the scope is an unchanged-list poll of a logged-in user; True if it did."""
    try:
        poll = poll_of(scope)
    except Exception:  # a broken URLconf or setting: Django's own error handling answers
        logger.warning("list poll shortcut failed; Django answers the request", exc_info=True)
        return False
    if poll is None:
        return False
    etag = await sync_to_async(unchanged_etag, thread_sensitive=False)(*poll)
    if etag is None:
        return False
    await send(
        {
            "type": "http.response.start",
            "status": 304,
            "headers": [
                (b"etag", etag.encode("latin-1")),
                *((name.lower().encode(), value.encode()) for name, value in LIST_CACHE_HEADERS),
            ],
        }
    )
    await send({"type": "http.response.body", "body": b""})
    return True
