"""The tus endpoints through ASGI (``TusUploadMiddleware`` around Django's handler, in process):
bodies in pieces, or cut off by a disconnect, with the hostile headers of the WSGI run."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.core.asgi import get_asgi_application
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from django_dlwidget.models import Upload
from django_dlwidget.tus.asgi import TusUploadMiddleware
from tests.asgi_calls import http_scope, run

from .checks import FUZZ, check_answer
from .strategies import UPLOADS, bodies, methods, targets, tus_headers

pytestmark = pytest.mark.django_db

APP = TusUploadMiddleware(get_asgi_application())


async def call(
    method: str, path: str, headers: list[tuple[bytes, bytes]], pieces: list[bytes], abort: bool
) -> tuple[int, dict[str, str], bytes]:
    messages: list[dict[str, Any]] = [
        {"type": "http.request", "body": piece, "more_body": True} for piece in pieces
    ]
    if abort:
        messages.append({"type": "http.disconnect"})
    else:
        messages.append({"type": "http.request", "body": b"", "more_body": False})
    sent = await run(APP, http_scope(method, path, headers), messages)
    start = next((message for message in sent if message["type"] == "http.response.start"), None)
    if start is None:
        return 0, {}, b""  # no answer to a client that went away
    response_headers = {
        name.decode("latin-1").lower(): value.decode("latin-1") for name, value in start["headers"]
    }
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return int(start["status"]), response_headers, body


def credentials(client: Client) -> list[tuple[bytes, bytes]]:
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    csrf = get_token(RequestFactory().get("/"))
    cookie = f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}"
    return [(b"cookie", cookie.encode()), (b"x-csrftoken", csrf.encode())]


@FUZZ
@given(data=st.data())
def test_tus_over_asgi_never_fails(client: Client, data: st.DataObject) -> None:
    auth = credentials(client)
    Upload.objects.all().delete()  # each example from scratch (no quota left over from others)
    urls: list[str] = []
    run = async_to_sync(call)
    for index in range(data.draw(st.integers(1, 4), label="requests")):
        method = "POST" if index == 0 else data.draw(methods, label="method")
        path = UPLOADS if index == 0 else data.draw(targets(urls), label="target")
        headers = data.draw(tus_headers(urls), label="headers")
        body = data.draw(bodies, label="body")
        cuts = sorted(data.draw(st.lists(st.integers(0, len(body)), max_size=2), label="cuts"))
        pieces = [body[a:b] for a, b in zip([0, *cuts], [*cuts, len(body)], strict=True)]
        abort = data.draw(st.integers(0, 5), label="abort") == 5
        encoded = [(k.lower().encode(), v.encode("latin-1")) for k, v in headers.items()]
        status, answer, content = run(method, path, auth + encoded, pieces, abort)
        if status:
            check_answer("tus-asgi", method, status, answer, content)
        location = answer.get("location")
        if status == 201 and location:
            urls.append(urlsplit(location).path)
