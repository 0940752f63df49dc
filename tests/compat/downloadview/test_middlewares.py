"""``compat.downloadview.middlewares``: which responses are downloads, the dispatcher and its
settings, ``SmartDownloadMiddleware`` with ``DOWNLOADVIEW_BACKEND``/``DOWNLOADVIEW_RULES``, and
how ``ProxiedDownloadMiddleware`` matches a file by URL or by name, safely."""

from __future__ import annotations

import unittest
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import async_to_sync, iscoroutinefunction
from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from django_dlwidget.compat.downloadview.apache import XSendfileMiddleware, XSendfileResponse
from django_dlwidget.compat.downloadview.files import StorageFile, VirtualFile
from django_dlwidget.compat.downloadview.middlewares import (
    AUTO_CONFIGURE,
    BaseDownloadMiddleware,
    DownloadDispatcher,
    DownloadDispatcherMiddleware,
    NoRedirectionMatch,
    ProxiedDownloadMiddleware,
    RealDownloadMiddleware,
    SmartDownloadMiddleware,
    is_download_response,
    proxied_headers,
)
from django_dlwidget.compat.downloadview.nginx import (
    XAccelRedirectMiddleware,
    XAccelRedirectResponse,
)
from django_dlwidget.compat.downloadview.response import DownloadResponse
from django_dlwidget.compat.downloadview.test import assert_download_response

from . import offload_env
from .offload_urls import HELLO, server_storage

case = unittest.TestCase()


@pytest.fixture(autouse=True)
def offload_env_(settings: Any, tmp_path: Path) -> Path:
    return offload_env.set_up(settings, tmp_path)


def download(server: str = "nginx", name: str = "hello-world.txt") -> DownloadResponse:
    return DownloadResponse(StorageFile(server_storage(server), name))


class Marking(BaseDownloadMiddleware):
    """Marks the download responses it sees."""

    def process_download_response(self, request: HttpRequest, response: Any) -> Any:
        response["X-Seen"] = "yes"
        return response


def test_is_download_response() -> None:
    assert is_download_response(download())
    assert not is_download_response(HttpResponse())
    assert not is_download_response(XAccelRedirectResponse("/i/a", "text/plain"))


def test_the_base_middleware_sees_only_downloads(rf: RequestFactory) -> None:
    plain = HttpResponse()
    middleware = Marking(lambda request: plain)
    assert middleware(rf.get("/")) is plain
    assert "X-Seen" not in plain
    assert Marking(lambda request: download())(rf.get("/"))["X-Seen"] == "yes"
    with pytest.raises(NotImplementedError):
        BaseDownloadMiddleware(None).process_response(rf.get("/"), download())


def test_the_base_middleware_in_an_async_stack(rf: RequestFactory) -> None:
    async def get_response(request: HttpRequest) -> Any:
        return download()

    middleware = Marking(get_response)
    assert iscoroutinefunction(middleware)
    assert not iscoroutinefunction(Marking(lambda request: download()))
    assert async_to_sync(middleware)(rf.get("/"))["X-Seen"] == "yes"


def test_a_middleware_without_get_response_cannot_sit_in_middleware(
    rf: RequestFactory,
) -> None:
    with pytest.raises(ImproperlyConfigured, match="get_response"):
        Marking(None)(rf.get("/"))


def test_real_download_middleware_skips_what_has_no_name_nor_url(rf: RequestFactory) -> None:
    class RealMarking(RealDownloadMiddleware, Marking):
        pass

    middleware = RealMarking(None)
    assert middleware.is_download_response(download())
    assert middleware.is_download_response(DownloadResponse(VirtualFile(BytesIO(HELLO), "a")))
    nameless = DownloadResponse(VirtualFile(BytesIO(HELLO)), basename="a.txt")
    assert not middleware.is_download_response(nameless)
    assert not middleware.is_download_response(HttpResponse())
    # A storage without URLs raises for url; the name still counts.
    no_urls = FileSystemStorage(location=str(server_storage("nginx").location), base_url=None)
    no_urls.base_url = None  # type: ignore[assignment]
    assert middleware.is_download_response(DownloadResponse(StorageFile(no_urls, "a.txt")))


def test_the_dispatcher_runs_each_middleware_in_turn(rf: RequestFactory) -> None:
    first, second = (
        Marking(None),
        XAccelRedirectMiddleware(source_url="/media/nginx/", destination_url="/i/"),
    )
    dispatcher = DownloadDispatcher([("mark", first), ("nginx", second)])
    response = dispatcher.dispatch(rf.get("/"), download())
    assert isinstance(response, XAccelRedirectResponse)
    assert response["X-Seen"] == "yes"  # kept from the original response
    middleware = DownloadDispatcherMiddleware(lambda r: download(), middlewares=[("m", first)])
    assert middleware(rf.get("/"))["X-Seen"] == "yes"


def test_the_dispatcher_reads_downloadview_middlewares(settings: Any, rf: RequestFactory) -> None:
    settings.DOWNLOADVIEW_MIDDLEWARES = [
        (
            "nginx",
            "django_dlwidget.compat.downloadview.nginx.XAccelRedirectMiddleware",
            {"source_url": "/media/nginx/", "destination_url": "/from-settings/"},
        )
    ]
    dispatcher = DownloadDispatcher()
    assert [key for key, _ in dispatcher.middlewares] == ["nginx"]
    response = DownloadDispatcherMiddleware(lambda r: download())(rf.get("/"))
    assert response["X-Accel-Redirect"] == "/from-settings/hello-world.txt"
    del settings.DOWNLOADVIEW_MIDDLEWARES
    assert DownloadDispatcher(AUTO_CONFIGURE).middlewares == []


def test_smart_middleware_builds_one_backend_per_rule(rf: RequestFactory) -> None:
    middleware = SmartDownloadMiddleware(lambda r: download())
    backends = [type(m) for _, m in middleware.dispatcher.middlewares]
    assert [key for key, _ in middleware.dispatcher.middlewares] == [0, 1, 2]
    assert backends[0] is XAccelRedirectMiddleware
    assert backends[1] is XSendfileMiddleware
    assert middleware.backend_factory is XAccelRedirectMiddleware
    assert middleware(rf.get("/"))["X-Accel-Redirect"] == (
        "/nginx-optimized-by-middleware/hello-world.txt"
    )


def test_smart_middleware_rule_options(settings: Any, rf: RequestFactory) -> None:
    settings.DOWNLOADVIEW_RULES = [
        {
            "source_url": "/media/nginx/",
            "destination_url": "/slow/",
            "expires": 0,
            "with_buffering": False,
            "limit_rate": 4096,
        }
    ]
    response = SmartDownloadMiddleware(lambda r: download())(rf.get("/"))
    assert response["X-Accel-Redirect"] == "/slow/hello-world.txt"
    assert response["X-Accel-Expires"] == "off"
    assert response["X-Accel-Buffering"] == "no"
    assert response["X-Accel-Limit-Rate"] == "4096"
    assert settings.DOWNLOADVIEW_RULES[0]["expires"] == 0  # the setting is copied, not consumed


def test_smart_middleware_positional_rules_and_explicit_arguments(
    settings: Any, rf: RequestFactory
) -> None:
    # A list of positional arguments goes to the factory as is (get_response comes first).
    settings.DOWNLOADVIEW_RULES = [[None, None, "/media/nginx/", "/positional/"]]
    response = SmartDownloadMiddleware(lambda r: download())(rf.get("/"))
    assert response["X-Accel-Redirect"] == "/positional/hello-world.txt"
    explicit = SmartDownloadMiddleware(
        lambda r: download("apache"),
        backend_factory=XSendfileMiddleware,
        backend_options=[],
    )
    assert explicit.dispatcher.middlewares == []
    assert explicit.backend_options == []
    explicit.backend_options = [{"source_url": "/media/apache/", "destination_dir": "/d/"}]
    explicit.auto_configure_backend_options()  # still reads the settings
    assert len(explicit.dispatcher.middlewares) == 1


def test_smart_middleware_needs_both_settings(settings: Any) -> None:
    del settings.DOWNLOADVIEW_RULES
    with pytest.raises(ImproperlyConfigured, match="DOWNLOADVIEW_RULES"):
        SmartDownloadMiddleware(lambda r: download())
    del settings.DOWNLOADVIEW_BACKEND
    with pytest.raises(ImproperlyConfigured, match="DOWNLOADVIEW_BACKEND"):
        SmartDownloadMiddleware(lambda r: download())


def test_smart_middleware_in_middleware_leaves_other_responses(client: Client) -> None:
    memory = client.get("/memory/")  # not in a storage: Django streams it
    assert_download_response(case, memory, content=HELLO, basename="hello-world.txt")
    assert_download_response(case, client.get("/nowhere/"), content=HELLO)
    assert_download_response(case, client.get("/disk/"), content=HELLO)  # no rule for disk


# ProxiedDownloadMiddleware's matching


def proxied(**kwargs: Any) -> ProxiedDownloadMiddleware:
    return ProxiedDownloadMiddleware(None, **kwargs)


def test_by_url_then_by_name(offload_env_: Path) -> None:
    both = proxied(
        source_url="/media/nginx/",
        source_dir=str(offload_env_ / "nginx"),
        destination_url="/dest/",
    )
    assert both.get_redirect_url(download()) == "/dest/hello-world.txt"
    name = offload_env_ / "nginx" / "sub dir" / "é.txt"
    by_name = DownloadResponse(File(BytesIO(HELLO), name=str(name)))
    assert both.get_redirect_url(by_name) == "/dest/sub%20dir/%C3%A9.txt"


def test_a_signed_urls_query_is_not_part_of_the_file(tmp_path: Path) -> None:
    class Signed(FileSystemStorage):
        def url(self, name: str | None) -> str:
            return super().url(name) + "?X-Signature=abc#frag"

    storage = Signed(location=str(tmp_path), base_url="/media/nginx/")
    response = DownloadResponse(StorageFile(storage, "a b.txt"))
    middleware = proxied(source_url="/media/nginx/", destination_url="/dest")
    assert middleware.get_redirect_url(response) == "/dest/a%20b.txt"


@pytest.mark.parametrize(
    "name",
    [
        "{root}/../secret.txt",  # climbs out of source_dir
        "{root}2/hello-world.txt",  # a sibling folder that shares the prefix
        "{root}",  # the folder itself
        "relative/hello-world.txt",
    ],
)
def test_a_name_outside_source_dir_does_not_match(offload_env_: Path, name: str) -> None:
    root = str(offload_env_ / "nginx")
    middleware = proxied(source_dir=root, destination_url="/dest/")
    response = DownloadResponse(File(BytesIO(HELLO), name=name.format(root=root)))
    with pytest.raises(NoRedirectionMatch, match="neither under source_url"):
        middleware.get_redirect_url(response)


@pytest.mark.parametrize(
    "rest", ["../secret.txt", "a/../../secret.txt", "a/%2E%2E/b", "a\\..\\b", ""]
)
def test_a_url_that_climbs_out_does_not_match(rest: str) -> None:
    file = VirtualFile(BytesIO(HELLO), url=f"/media/nginx/{rest}")
    response = DownloadResponse(file, basename="x.txt")
    with pytest.raises(NoRedirectionMatch):
        proxied(source_url="/media/nginx/", destination_url="/dest/").get_redirect_url(response)


def test_no_source_matches_nothing() -> None:
    with pytest.raises(NoRedirectionMatch):
        proxied().get_redirect_url(download())
    with pytest.raises(ImproperlyConfigured):
        proxied(source_dir="/srv")


def test_proxied_headers_drop_those_of_the_body() -> None:
    original = download()
    original["X-Test"] = "1"
    kept = proxied_headers(original.headers)
    assert "X-Test" in kept
    assert not {"Content-Type", "Content-Length"} & set(kept)
    assert proxied_headers(None) == {}


def test_the_middleware_in_settings_with_the_full_stack(client: Client) -> None:
    response = client.get("/apache/by-middleware/")
    assert isinstance(response, XSendfileResponse)
    assert response["X-Sendfile"] == "/apache-optimized-by-middleware/hello-world.txt"


def test_the_package_root_exports_them_as_before(settings: Any, client: Client) -> None:
    import django_dlwidget.compat.downloadview as root
    from django_dlwidget.compat.downloadview import test as helpers

    assert root.BaseDownloadMiddleware is BaseDownloadMiddleware
    assert root.DownloadDispatcherMiddleware is DownloadDispatcherMiddleware
    assert root.SmartDownloadMiddleware is SmartDownloadMiddleware
    assert root.assert_download_response is helpers.assert_download_response
    assert root.setup_view is helpers.setup_view
    assert root.temporary_media_root is helpers.temporary_media_root
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:-1],
        "django_dlwidget.compat.downloadview.SmartDownloadMiddleware",  # the migration guide's
    ]
    response = client.get("/nginx/by-middleware/")
    assert response["X-Accel-Redirect"] == "/nginx-optimized-by-middleware/hello-world.txt"
