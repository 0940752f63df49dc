"""The tus endpoints through the Django test client: creation (with upload, deferred length,
concatenation, the IETF draft) and then HEAD/PATCH/DELETE/OPTIONS with hostile headers."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from django_dlwidget.models import Upload

from .checks import FUZZ, check_answer
from .strategies import UPLOADS, bodies, methods, targets, tus_headers

pytestmark = pytest.mark.django_db


def send(client: Client, method: str, path: str, headers: dict[str, str], body: bytes) -> Any:
    headers = dict(headers)
    content_type = headers.pop("Content-Type", "application/octet-stream")
    response = client.generic(method, path, body, content_type=content_type, headers=headers)
    content = b"" if response.streaming else response.content
    check_answer("tus-wsgi", method, response.status_code, response.headers, content)
    return response


@FUZZ
@given(data=st.data())
def test_tus_requests_never_fail(client: Client, data: st.DataObject) -> None:
    Upload.objects.all().delete()  # each example from scratch (no quota left over from others)
    urls: list[str] = []
    for _ in range(data.draw(st.integers(1, 2), label="creations")):
        headers = data.draw(tus_headers(urls), label="create headers")
        response = send(client, "POST", UPLOADS, headers, data.draw(bodies, label="body"))
        location = response.headers.get("Location")
        if response.status_code == 201 and location:
            urls.append(urlsplit(location).path)
    for _ in range(data.draw(st.integers(1, 4), label="requests")):
        method = data.draw(methods, label="method")
        path = data.draw(targets(urls), label="target")
        headers = data.draw(tus_headers(urls), label="headers")
        send(client, method, path, headers, data.draw(bodies, label="body"))
