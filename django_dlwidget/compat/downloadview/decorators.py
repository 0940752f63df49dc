"""``django_downloadview.decorators``: ``DownloadDecorator`` (a response middleware applied to one
view: ``nginx.x_accel_redirect`` and the ``x_sendfile`` decorators are made with it) and
``signature_required``, which refuses a request whose URL ``storage.SignedURLMixin`` did not sign.

The signature is ``serving.signatures``': of the URL's path, with a salt of its own, and
expiring after ``DOWNLOADVIEW_URL_EXPIRATION`` seconds. Left unset, that is
``DLWIDGET["LINK_MAX_AGE"]`` (one day): the predecessor's URLs never expired. A project that
sets it to None explicitly keeps URLs that never expire (docs/migrating.md says why not to).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from ...serving import signatures

__all__ = ("DownloadDecorator", "signature_required")

_UNSET = object()


class DownloadDecorator:
    """Makes view decorators from a middleware factory (a ``BaseDownloadMiddleware``
    subclass): each response of the view goes through
    ``middleware_factory(*middleware_args, **middleware_kwargs).process_response``."""

    def __init__(self, middleware_factory: Callable[..., Any]) -> None:
        self.middleware_factory = middleware_factory

    def __call__(
        self, view_func: Callable[..., Any], *middleware_args: Any, **middleware_kwargs: Any
    ) -> Callable[..., Any]:
        def process(request: HttpRequest, response: Any) -> Any:
            middleware = self.middleware_factory(*middleware_args, **middleware_kwargs)
            return middleware.process_response(request, response)

        if iscoroutinefunction(view_func):

            @functools.wraps(view_func)
            async def decorated_async(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
                return process(request, await view_func(request, *args, **kwargs))

            return decorated_async

        @functools.wraps(view_func)
        def decorated(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            return process(request, view_func(request, *args, **kwargs))

        return decorated


def _signature_is_valid(request: HttpRequest) -> None:
    """Raise ``PermissionDenied`` unless ``request`` carries a valid ``X-Signature`` of its
    path (so the view answers 403)."""
    expiration: Any = getattr(settings, "DOWNLOADVIEW_URL_EXPIRATION", _UNSET)
    try:
        if expiration is None:
            signatures.check_signature_forever(request)
        elif expiration is _UNSET:
            signatures.check_signature(request)
        else:
            signatures.check_signature(request, max_age=expiration)
    except signatures.SignatureExpired as exc:
        raise PermissionDenied("Signature expired") from exc
    except signatures.SignatureMissing as exc:
        raise PermissionDenied("Signature missing") from exc
    except signatures.SignatureInvalid as exc:
        raise PermissionDenied("Signature invalid") from exc


def signature_required(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` (a view) answering 403 to a request without a valid signature."""
    if iscoroutinefunction(function):

        @functools.wraps(function)
        async def checked_async(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            _signature_is_valid(request)
            return await function(request, *args, **kwargs)

        return checked_async

    @functools.wraps(function)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        _signature_is_valid(request)
        return function(request, *args, **kwargs)

    return checked
