"""The live area's signal receivers (connected by importing this module in ``apps.ready``).

- ``request_started`` remembers the ASGI server's event loop, so that worker threads of this
  process can publish on it (see :mod:`.loops`); cheap once known, a no-op under WSGI.
- A logout closes the sockets of the session that logged out (its other sessions keep theirs).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.core.signals import request_started
from django.dispatch import receiver
from django.http import HttpRequest

from .groups import session_group
from .loops import remember_loop, server_loop
from .publish import send_to_group

logger = logging.getLogger(__name__)


@receiver(request_started, dispatch_uid="dlwidget_remember_loop")
def on_request_started(sender: Any, **kwargs: Any) -> None:
    if "scope" in kwargs and server_loop() is None:
        remember_loop()


@receiver(user_logged_out, dispatch_uid="dlwidget_logout_sockets")
def close_session_sockets(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    session = getattr(request, "session", None)
    session_key = getattr(session, "session_key", None)
    if not session_key or not getattr(settings, "CHANNEL_LAYERS", None):
        return
    try:
        send_to_group(session_group(session_key), {"type": "dlwidget.logout"})
    except Exception:
        logger.exception("dlwidget: could not close the sockets of a logged-out session")
