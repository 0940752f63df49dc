"""``DlwidgetMiddleware``: the app's one wrapper around the project's HTTP application.

In ``asgi.py``, after Django is set up::

    from django_dlwidget.asgi import DlwidgetMiddleware

    application = DlwidgetMiddleware(get_asgi_application())

It does two things, and passes every other request through untouched:

- tus upload bodies stream straight into the upload's store while the view runs, instead of
  Django spooling each one whole first (:class:`.tus.asgi.TusUploadMiddleware`, which it is);
- an unchanged download list's conditional poll of a logged-in user is answered 304 without
  the middleware chain (:mod:`.downloads.pollshortcut`: when, and why that is safe).
"""

from __future__ import annotations

from .downloads.pollshortcut import answer_unchanged
from .tus.asgi import Receive, Scope, Send, TusUploadMiddleware

__all__ = ["DlwidgetMiddleware"]


class DlwidgetMiddleware(TusUploadMiddleware):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if await answer_unchanged(scope, send):
            return
        await super().__call__(scope, receive, send)
