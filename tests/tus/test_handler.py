"""tus bodies run through Django's ASGI handler with the middleware chain loaded as under WSGI:
one crossing to a worker thread instead of two for every middleware."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from asgiref.sync import async_to_sync, iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.asgi import get_asgi_application
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponseBase
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory, override_settings

from django_dlwidget.tus import handler
from django_dlwidget.tus.asgi import TusUploadMiddleware
from tests.asgi_calls import http_scope, run

from .conftest import LIST_URL, OCTET, TUS

# How each Recorder was loaded (True: asynchronously), and how each call came.
LOADED: list[bool] = []
CALLS: list[str] = []


class Recorder:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        LOADED.append(self.is_async)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> Any:
        if self.is_async:
            return self.__acall__(request)
        CALLS.append(f"sync {request.method}")
        return self.get_response(request)

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        CALLS.append(f"async {request.method}")
        response: HttpResponseBase = await self.get_response(request)
        return response


def test_django_s_own_handler_is_replaced_others_are_not() -> None:
    django_app = get_asgi_application()
    assert isinstance(handler.for_tus(django_app), handler.SyncChainHandler)
    static = ASGIStaticFilesHandler(django_app)
    assert isinstance(handler.for_tus(static), handler._OutsideStatic)

    class Custom(ASGIHandler):
        pass

    custom = Custom()
    assert handler.for_tus(custom) is custom

    async def other(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError

    assert handler.for_tus(other) is other


def test_its_middleware_chain_is_synchronous() -> None:
    LOADED.clear()
    with override_settings(MIDDLEWARE=[*settings.MIDDLEWARE, f"{__name__}.Recorder"]):
        chain = handler.SyncChainHandler()._middleware_chain  # type: ignore[attr-defined]
        get_asgi_application()
    assert not iscoroutinefunction(chain)
    assert LOADED == [False, True]  # the tus handler's, then Django's own ASGI handler's


async def call(app: Any, method: str, path: str, headers: dict[str, str], body: bytes) -> int:
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    encoded = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    sent = await run(app, http_scope(method, path, encoded), messages)
    return int(next(m for m in sent if m["type"] == "http.response.start")["status"])


@pytest.mark.django_db
def test_a_patch_runs_the_host_s_middleware_synchronously(client: Client, tus_dir: Any) -> None:
    created = client.post(LIST_URL, b"", content_type=OCTET, headers={**TUS, "Upload-Length": "5"})
    assert created.status_code == 201
    csrf = get_token(RequestFactory().get("/"))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    headers = {
        **TUS,
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}",
        "x-csrftoken": csrf,
        "content-type": OCTET,
        "upload-offset": "0",
        "content-length": "5",
    }
    CALLS.clear()
    with override_settings(MIDDLEWARE=[*settings.MIDDLEWARE, f"{__name__}.Recorder"]):
        app = TusUploadMiddleware(get_asgi_application())
        run = async_to_sync(call)
        assert run(app, "PATCH", created["Location"], headers, b"12345") == 204
        cookie = {**TUS, "cookie": headers["cookie"]}
        assert run(app, "HEAD", created["Location"], cookie, b"") == 200
    # The body-carrying request through the synchronous chain; any other through Django's.
    assert CALLS == ["sync PATCH", "async HEAD"]
    assert client.head(created["Location"], headers=TUS)["Upload-Offset"] == "5"
