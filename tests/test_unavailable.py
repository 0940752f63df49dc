"""The package's views while the database cannot be reached, in-process: the session store raises
``OperationalError`` as it does when PostgreSQL is down, so the lazy user of
``AuthenticationMiddleware`` fails inside each view, and every endpoint answers a clean 503.
(tests/faults/test_database_down.py stops a real PostgreSQL under a live server.)"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import URLPattern, resolve, reverse
from django.utils import translation

from django_dlwidget.downloads.links import make_token
from django_dlwidget.models import Download
from django_dlwidget.tus.views import is_tus_view, upload_detail
from django_dlwidget.unavailable import database_unavailable, unavailable
from django_dlwidget.urls import urlpatterns

KEY = uuid.uuid4()
SIGNED = "<a signed link to KEY>"
JSON_ENDPOINTS = [
    ("GET", "dlwidget:download-list", {}),
    ("GET", "dlwidget:download-detail", {"key": KEY}),
    ("DELETE", "dlwidget:download-detail", {"key": KEY}),
    ("POST", "dlwidget:download-cancel", {"key": KEY}),
    ("GET", "dlwidget:download-file", {"key": KEY}),
]
TUS_ENDPOINTS = [
    ("POST", "dlwidget:upload-list", {}),
    ("HEAD", "dlwidget:upload-detail", {"upload_id": KEY}),
    ("PATCH", "dlwidget:upload-detail", {"upload_id": KEY}),
    ("DELETE", "dlwidget:upload-detail", {"upload_id": KEY}),
]
HTML_ENDPOINTS = [
    ("GET", "dlwidget:downloads-page", {}),
    ("POST", "dlwidget:downloads-page-clear-finished", {}),
    ("POST", "dlwidget:downloads-page-cancel", {"key": KEY}),
    ("POST", "dlwidget:downloads-page-clear", {"key": KEY}),
    ("GET", "dlwidget:download-link", {"token": SIGNED}),
]
DETAIL = "The database cannot be reached right now. Try again in a few seconds."


@pytest.fixture
def database_down(client: Client) -> Iterator[Client]:
    """A client with a session cookie whose session cannot be loaded: the database is down."""
    client.cookies["sessionid"] = "s" * 32
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.load",
        side_effect=OperationalError("connection refused"),
    ):
        yield client


def call(client: Client, method: str, name: str, kwargs: dict[str, object]) -> Any:
    if kwargs.get("token") == SIGNED:  # signed here: settings are not ready at import time
        kwargs = {"token": make_token(Download(key=KEY, owner_id=1))}
    headers = {"Tus-Resumable": "1.0.0"} if name.startswith("dlwidget:upload") else {}
    content_type = "application/offset+octet-stream" if method == "PATCH" else "application/json"
    return client.generic(method, reverse(name, kwargs=kwargs), b"", content_type, headers=headers)


@pytest.mark.parametrize(("method", "name", "kwargs"), JSON_ENDPOINTS + TUS_ENDPOINTS)
def test_the_json_endpoints_answer_503_with_retry_after(
    database_down: Client, method: str, name: str, kwargs: dict[str, object]
) -> None:
    response = call(database_down, method, name, kwargs)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    if name.startswith("dlwidget:upload"):
        assert response["Tus-Resumable"] == "1.0.0"
    if method != "HEAD":
        assert response.json() == {"error": "database_unavailable", "detail": DETAIL}


@pytest.mark.parametrize(("method", "name", "kwargs"), HTML_ENDPOINTS)
def test_the_html_pages_answer_a_plain_503_page(
    database_down: Client, method: str, name: str, kwargs: dict[str, object]
) -> None:
    response = call(database_down, method, name, kwargs)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    page = response.content.decode()
    assert "<title>Service unavailable</title>" in page
    assert f"<p>{DETAIL}</p>" in page


def test_every_endpoint_is_covered() -> None:
    listed = {name for _method, name, _kwargs in JSON_ENDPOINTS + TUS_ENDPOINTS + HTML_ENDPOINTS}
    named = {f"dlwidget:{p.name}" for p in urlpatterns if isinstance(p, URLPattern) and p.name}
    assert listed == named


@pytest.mark.parametrize(
    ("language", "detail", "title"),
    [
        ("de", "Die Datenbank ist gerade nicht erreichbar.", "Dienst nicht verfügbar"),
        ("fr", "La base de données est injoignable pour le moment.", "Service indisponible"),
    ],
)
def test_the_detail_and_the_page_are_translated(language: str, detail: str, title: str) -> None:
    with translation.override(language):
        refusal = database_unavailable()
        page = database_unavailable(html=True).content.decode()
    assert refusal.status_code == 503
    assert detail in json.loads(refusal.content)["detail"]
    assert detail in page
    assert f"<title>{title}</title>" in page


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_only_the_database_being_down_is_answered_503(error: type[Exception]) -> None:
    def broken(request: HttpRequest) -> HttpResponse:
        raise error("gone")

    assert unavailable(broken)(HttpRequest()).status_code == 503

    def buggy(request: HttpRequest) -> HttpResponse:
        raise ValueError("a bug, not an outage")

    with pytest.raises(ValueError, match="a bug"):
        unavailable(buggy)(HttpRequest())


def test_the_wrapped_tus_views_keep_what_django_and_the_asgi_wrapper_read() -> None:
    match = resolve(reverse("dlwidget:upload-detail", kwargs={"upload_id": KEY}))
    assert match.func is not upload_detail
    assert is_tus_view(match.func)  # so TusUploadMiddleware still streams its bodies
    assert getattr(match.func, "csrf_exempt", False) is True
    assert getattr(match.func, "_non_atomic_requests", set()) == {"default"}
