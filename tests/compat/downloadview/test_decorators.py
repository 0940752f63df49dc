"""``compat.downloadview.decorators``: ``DownloadDecorator`` (a middleware per response, sync and
async views) and ``signature_required`` (403 unless the URL carries a valid, unexpired
signature of its path; ``DOWNLOADVIEW_URL_EXPIRATION``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from asgiref.sync import async_to_sync, iscoroutinefunction
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from django_dlwidget.compat.downloadview.decorators import DownloadDecorator, signature_required
from django_dlwidget.compat.downloadview.files import StorageFile
from django_dlwidget.compat.downloadview.nginx import XAccelRedirectMiddleware
from django_dlwidget.compat.downloadview.response import DownloadResponse

from . import offload_env
from .offload_urls import HELLO, server_storage, signed_storage


@pytest.fixture(autouse=True)
def offload_env_(settings: Any, tmp_path: Path) -> Path:
    return offload_env.set_up(settings, tmp_path)


def hello(request: HttpRequest) -> DownloadResponse:
    """Serves the nginx storage's file."""
    return DownloadResponse(StorageFile(server_storage("nginx"), "hello-world.txt"))


def test_download_decorator_builds_a_middleware_for_each_response(rf: RequestFactory) -> None:
    built: list[Any] = []

    def factory(*args: Any, **kwargs: Any) -> XAccelRedirectMiddleware:
        built.append((args, kwargs))
        return XAccelRedirectMiddleware(*args, **kwargs)

    decorated = DownloadDecorator(factory)(
        hello, None, source_url="/media/nginx/", destination_url="/d/"
    )
    assert decorated.__name__ == "hello"
    assert decorated.__doc__ == hello.__doc__
    for _ in range(2):
        assert decorated(rf.get("/"))["X-Accel-Redirect"] == "/d/hello-world.txt"
    assert built == [((None,), {"source_url": "/media/nginx/", "destination_url": "/d/"})] * 2


def test_download_decorator_on_an_async_view(rf: RequestFactory) -> None:
    async def view(request: HttpRequest) -> Any:
        return hello(request)

    decorated = DownloadDecorator(XAccelRedirectMiddleware)(
        view, source_url="/media/nginx/", destination_url="/d/"
    )
    assert iscoroutinefunction(decorated)
    assert async_to_sync(decorated)(rf.get("/"))["X-Accel-Redirect"] == "/d/hello-world.txt"


def test_download_decorator_leaves_other_responses(rf: RequestFactory) -> None:
    plain = HttpResponse("page")
    decorated = DownloadDecorator(XAccelRedirectMiddleware)(
        lambda request: plain, source_url="/media/nginx/", destination_url="/d/"
    )
    assert decorated(rf.get("/")) is plain


# signature_required


def signed_url(name: str = "hello-world.txt") -> str:
    return signed_storage().url(name)


def test_a_signed_url_opens_the_file(client: Client) -> None:
    response = client.get(signed_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == HELLO  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "url",
    [
        "/signed/hello-world.txt",  # no signature
        "/signed/hello-world.txt?X-Signature=",
        "/signed/hello-world.txt?X-Signature=forged",
    ],
)
def test_a_request_without_a_valid_signature_is_403(client: Client, url: str) -> None:
    assert client.get(url).status_code == 403


def test_a_signature_of_another_file_is_403(client: Client) -> None:
    signature = signed_url("other.txt").split("?", 1)[1]
    assert client.get(f"/signed/hello-world.txt?{signature}").status_code == 403


def test_the_reason_is_in_the_permission_denied(rf: RequestFactory) -> None:
    view = signature_required(lambda request: HttpResponse())
    for url, reason in [
        ("/signed/a.txt", "Signature missing"),
        ("/signed/a.txt?X-Signature=x", "Signature invalid"),
    ]:
        with pytest.raises(PermissionDenied, match=reason):
            view(rf.get(url))


def at(seconds: float) -> Any:
    return mock.patch("django.core.signing.time.time", return_value=seconds)


def test_signatures_expire_after_a_day_by_default(client: Client) -> None:
    with at(1_000_000.0):
        url = signed_url()
    with at(1_000_000.0 + 86_400 - 5):
        assert client.get(url).status_code == 200
    with at(1_000_000.0 + 86_400 + 5):
        assert client.get(url).status_code == 403


def test_downloadview_url_expiration(settings: Any, client: Client, rf: RequestFactory) -> None:
    settings.DOWNLOADVIEW_URL_EXPIRATION = 60
    with at(1_000_000.0):
        url = signed_url()
    with at(1_000_050.0):
        assert client.get(url).status_code == 200
    with at(1_000_070.0):
        assert client.get(url).status_code == 403
        with pytest.raises(PermissionDenied, match="Signature expired"):
            signature_required(lambda request: HttpResponse())(rf.get(url))


def test_downloadview_url_expiration_none_is_the_projects_choice(
    settings: Any, client: Client
) -> None:
    """Set explicitly to None, URLs never expire, as they never did before."""
    settings.DOWNLOADVIEW_URL_EXPIRATION = None
    with at(1_000_000.0):
        url = signed_url()
    with at(1_000_000.0 + 10 * 365 * 86_400):
        assert client.get(url).status_code == 200
    assert client.get("/signed/hello-world.txt?X-Signature=x").status_code == 403


def test_signature_required_keeps_the_view_and_works_async(rf: RequestFactory) -> None:
    async def view(request: HttpRequest) -> HttpResponse:
        """An async view."""
        return HttpResponse("ok")

    checked = signature_required(view)
    assert iscoroutinefunction(checked)
    assert checked.__doc__ == "An async view."
    assert (
        async_to_sync(checked)(
            rf.get(signed_url("a.txt").replace("/signed/", "/signed/", 1))
        ).status_code
        == 200
    )
    with pytest.raises(PermissionDenied):
        async_to_sync(checked)(rf.get("/signed/a.txt"))
