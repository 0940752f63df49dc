"""``compat.downloadview.nginx``: ``XAccelRedirectResponse`` and its options,
``XAccelRedirectMiddleware`` (by rule, by decorator, its deprecated arguments),
``SingleXAccelRedirectMiddleware`` and the old settings, and ``assert_x_accel_redirect``."""

from __future__ import annotations

import importlib
import unittest
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.core.exceptions import ImproperlyConfigured, SuspiciousFileOperation
from django.core.files import File
from django.test import AsyncClient, Client, RequestFactory, override_settings

from django_dlwidget.compat.downloadview import nginx
from django_dlwidget.compat.downloadview.files import StorageFile, VirtualFile
from django_dlwidget.compat.downloadview.nginx import (
    SingleXAccelRedirectMiddleware,
    XAccelRedirectMiddleware,
    XAccelRedirectResponse,
    XAccelRedirectValidator,
    assert_x_accel_redirect,
    x_accel_redirect,
)
from django_dlwidget.compat.downloadview.nginx import settings as nginx_settings
from django_dlwidget.compat.downloadview.response import DownloadResponse

from . import offload_env
from .offload_urls import server_storage

case = unittest.TestCase()


@pytest.fixture(autouse=True)
def offload_env_(settings: Any, tmp_path: Path) -> Path:
    return offload_env.set_up(settings, tmp_path)


def download() -> DownloadResponse:
    return DownloadResponse(StorageFile(server_storage("nginx"), "hello-world.txt"))


# The response and its options


def test_the_response_hands_the_file_to_nginx_with_nosniff() -> None:
    response = XAccelRedirectResponse("/internal/a b.txt", "text/plain; charset=utf-8")
    assert response["X-Accel-Redirect"] == "/internal/a%20b.txt"
    assert response["X-Accel-Charset"] == "utf-8"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="a_b.txt"; ' + (
        "filename*=UTF-8''a%20b.txt"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.basename == "a b.txt"
    assert response.content == b""
    for header in ("X-Accel-Expires", "X-Accel-Buffering", "X-Accel-Limit-Rate"):
        assert header not in response  # None: nginx's own configuration applies


def test_an_encoded_redirect_url_is_not_encoded_twice() -> None:
    response = XAccelRedirectResponse("/internal/a%20b%C3%A9.txt", "text/plain")
    assert response["X-Accel-Redirect"] == "/internal/a%20b%C3%A9.txt"
    # The name a browser saves is the decoded one, not the URL's encoding of it.
    assert response.basename == "a bé.txt"
    assert "filename*=UTF-8''a%20b%C3%A9.txt" in response["Content-Disposition"]


def test_a_content_type_without_charset_sends_no_charset() -> None:
    response = XAccelRedirectResponse("/internal/a.bin", "application/octet-stream")
    assert "X-Accel-Charset" not in response
    quoted = XAccelRedirectResponse("/internal/a.txt", 'text/plain; charset="latin-1"')
    assert quoted["X-Accel-Charset"] == "latin-1"


def test_basename_and_inline() -> None:
    named = XAccelRedirectResponse("/internal/x", "text/plain", basename="report.txt")
    assert named.basename == "report.txt"
    assert 'filename="report.txt"' in named["Content-Disposition"]
    inline = XAccelRedirectResponse("/internal/x.txt", "text/plain", attachment=False)
    assert "Content-Disposition" not in inline


NOW = datetime(2030, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("expires", "header"),
    [
        (None, None),
        (False, "off"),
        (0, "off"),
        (3600, "3600"),
        (timedelta(hours=2), "7200"),
        (NOW, f"@{int(NOW.timestamp())}"),
        (datetime(2030, 1, 1), f"@{int(NOW.timestamp())}"),  # naive: in the current time zone
        ("off", "off"),
        ("@1700000000", "@1700000000"),
        ("60", "60"),
    ],
)
def test_expires(expires: object, header: str | None) -> None:
    response = XAccelRedirectResponse("/i/a.txt", "text/plain", expires=expires)
    assert response.get("X-Accel-Expires") == header


@pytest.mark.parametrize(
    ("limit_rate", "header"), [(None, None), (False, "off"), (0, "off"), (1024, "1024")]
)
def test_limit_rate(limit_rate: object, header: str | None) -> None:
    response = XAccelRedirectResponse("/i/a.txt", "text/plain", limit_rate=limit_rate)
    assert response.get("X-Accel-Limit-Rate") == header


@pytest.mark.parametrize(("with_buffering", "header"), [(None, None), (True, "yes"), (False, "no")])
def test_with_buffering(with_buffering: bool | None, header: str | None) -> None:
    response = XAccelRedirectResponse("/i/a.txt", "text/plain", with_buffering=with_buffering)
    assert response.get("X-Accel-Buffering") == header


@pytest.mark.parametrize("options", [{"expires": "soon"}, {"limit_rate": "fast"}])
def test_bad_options_are_a_clear_error(options: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="is not a valid NGINX_"):
        XAccelRedirectResponse("/i/a.txt", "text/plain", **options)


def test_a_parent_segment_is_refused() -> None:
    with pytest.raises(SuspiciousFileOperation):
        XAccelRedirectResponse("/internal/../secret.txt", "text/plain")


def test_the_original_headers_stay_but_for_those_of_the_body() -> None:
    original = download()
    original["X-Test"] = "header"
    original["Cache-Control"] = "private"
    response = XAccelRedirectResponse(
        "/i/hello-world.txt", original["Content-Type"], headers=original.headers
    )
    assert response["X-Test"] == "header"
    assert response["Cache-Control"] == "private"
    assert "Content-Length" not in response  # nginx sends the file's own
    assert original["Content-Length"] == "13"  # the original response is left as it was


# The middleware


def test_smart_middleware_rule_by_url(client: Client) -> None:
    response = client.get("/nginx/by-middleware/")
    assert_x_accel_redirect(
        case,
        response,
        content_type="text/plain; charset=utf-8",
        charset="utf-8",
        basename="hello-world.txt",
        redirect_url="/nginx-optimized-by-middleware/hello-world.txt",
        expires=None,
        with_buffering=None,
        limit_rate=None,
        attachment=True,
    )
    assert response["X-Content-Type-Options"] == "nosniff"


def test_smart_middleware_in_an_async_stack(async_client: AsyncClient) -> None:
    response = async_to_sync(async_client.get)("/async/nginx/by-middleware/")
    assert isinstance(response, XAccelRedirectResponse)
    assert response["X-Accel-Redirect"] == "/nginx-optimized-by-middleware/hello-world.txt"


def test_the_decorator(client: Client) -> None:
    response = client.get("/nginx/by-decorator/")
    assert response["X-Accel-Redirect"] == "/nginx-optimized-by-decorator/hello-world.txt"
    modified = client.get("/nginx/modified-headers/")
    assert modified["X-Accel-Redirect"] == "/nginx-modified-headers/hello-world.txt"
    assert modified["X-Test"] == "header"


def test_the_decorator_on_an_async_view(async_client: AsyncClient) -> None:
    response = async_to_sync(async_client.get)("/nginx/async-decorator/")
    assert response["X-Accel-Redirect"] == "/nginx-async/hello-world.txt"


def test_the_predecessors_views_are_offloaded(client: Client) -> None:
    """StorageDownloadView through the rules in settings; PathDownloadView through a decorator
    with a source_dir (its file is named by its full path)."""
    by_rule = client.get("/views/storage/")
    assert_x_accel_redirect(
        case,
        by_rule,
        redirect_url="/nginx-optimized-by-middleware/hello-world.txt",
        basename="hello-world.txt",
        content_type="text/plain; charset=utf-8",
    )
    assert by_rule["X-Content-Type-Options"] == "nosniff"
    by_dir = client.get("/views/path/")
    assert_x_accel_redirect(case, by_dir, redirect_url="/disk-internal/hello-world.txt")
    assert by_dir.get("Content-Length") in (None, "0")  # CommonMiddleware: the empty body


def test_the_middleware_options(rf: RequestFactory) -> None:
    middleware = XAccelRedirectMiddleware(
        source_url="/media/nginx/",
        destination_url="/internal/",
        expires=timedelta(minutes=1),
        with_buffering=False,
        limit_rate=2048,
    )
    response = middleware.process_response(rf.get("/"), download())
    assert_x_accel_redirect(
        case,
        response,
        redirect_url="/internal/hello-world.txt",
        expires=timedelta(minutes=1),
        with_buffering=False,
        limit_rate=2048,
    )
    assert response["X-Accel-Expires"] == "60"


def test_the_responses_own_expires_applies_when_the_middleware_has_none(
    rf: RequestFactory,
) -> None:
    middleware = XAccelRedirectMiddleware(source_url="/media/nginx/", destination_url="/i/")
    original = download()
    original.expires = 30  # type: ignore[attr-defined]
    assert middleware.process_response(rf.get("/"), original)["X-Accel-Expires"] == "30"


def test_a_source_dir_rule(rf: RequestFactory, offload_env_: Path) -> None:
    middleware = XAccelRedirectMiddleware(
        source_dir=str(offload_env_ / "disk"), destination_url="/disk-internal/"
    )
    name = offload_env_ / "disk" / "hello-world.txt"
    with name.open("rb") as handle:
        response = middleware.process_response(
            rf.get("/"), DownloadResponse(File(handle, name=str(name)))
        )
    assert response["X-Accel-Redirect"] == "/disk-internal/hello-world.txt"


def test_a_file_nginx_cannot_find_stays_with_django(rf: RequestFactory) -> None:
    middleware = XAccelRedirectMiddleware(source_url="/media/nginx/", destination_url="/i/")
    in_memory = DownloadResponse(VirtualFile(name="", url=""), basename="x.txt")
    assert middleware.process_response(rf.get("/"), in_memory) is in_memory
    elsewhere = DownloadResponse(StorageFile(server_storage("apache"), "hello-world.txt"))
    assert middleware.process_response(rf.get("/"), elsewhere) is elsewhere


def test_the_deprecated_arguments_still_work(rf: RequestFactory, offload_env_: Path) -> None:
    with pytest.warns(DeprecationWarning, match="media_url"):
        by_url = XAccelRedirectMiddleware(source_url="/media/nginx/", media_url="/old/")
    assert by_url.destination_url == "/old/"
    with pytest.warns(DeprecationWarning, match="media_root"):
        by_dir = XAccelRedirectMiddleware(media_root="/srv/media", destination_url="/i/")
    assert by_dir.source_dir == "/srv/media"
    with pytest.warns(DeprecationWarning, match="deprecated"):
        both = XAccelRedirectMiddleware(
            source_dir="/new", media_root="/old", destination_url="/new/", media_url="/old/"
        )
    assert (both.source_dir, both.destination_url) == ("/new", "/new/")


def test_a_source_without_destination_is_improperly_configured() -> None:
    with pytest.raises(ImproperlyConfigured, match="no destination"):
        XAccelRedirectMiddleware(source_url="/media/")


# The deprecated global settings


@override_settings(
    NGINX_DOWNLOAD_MIDDLEWARE_DESTINATION_URL="/global/",
    NGINX_DOWNLOAD_MIDDLEWARE_SOURCE_URL="/media/nginx/",
    NGINX_DOWNLOAD_MIDDLEWARE_EXPIRES=120,
    NGINX_DOWNLOAD_MIDDLEWARE_WITH_BUFFERING=True,
    NGINX_DOWNLOAD_MIDDLEWARE_LIMIT_RATE=10,
)
def test_single_middleware_reads_the_old_settings(rf: RequestFactory) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # each one: the test below
        importlib.reload(nginx_settings)
    middleware = SingleXAccelRedirectMiddleware()
    response = middleware.process_response(rf.get("/"), download())
    assert response["X-Accel-Redirect"] == "/global/hello-world.txt"
    assert (response["X-Accel-Expires"], response["X-Accel-Buffering"]) == ("120", "yes")
    assert response["X-Accel-Limit-Rate"] == "10"


def test_single_middleware_needs_a_destination(settings: Any) -> None:
    with pytest.raises(ImproperlyConfigured, match="DESTINATION_URL"):
        SingleXAccelRedirectMiddleware()


def test_the_old_settings_defaults_and_older_names(settings: Any, offload_env_: Path) -> None:
    old = nginx_settings
    assert old.value("SOURCE_DIR") == str(offload_env_)
    assert old.value("SOURCE_URL") == "/media/"
    assert str(offload_env_) == old.DEFAULT_SOURCE_DIR
    assert old.DEFAULT_SOURCE_URL == "/media/"
    for name in ("WITH_BUFFERING", "LIMIT_RATE", "EXPIRES", "DESTINATION_URL"):
        assert old.value(name) is None
        assert getattr(old, f"DEFAULT_{name}") is None
    settings.NGINX_DOWNLOAD_MIDDLEWARE_MEDIA_ROOT = "/old-root"
    settings.NGINX_DOWNLOAD_MIDDLEWARE_MEDIA_URL = "/old-url/"
    assert (old.value("SOURCE_DIR"), old.value("DESTINATION_URL")) == ("/old-root", "/old-url/")
    settings.NGINX_DOWNLOAD_MIDDLEWARE_SOURCE_DIR = "/new-root"
    assert old.value("SOURCE_DIR") == "/new-root"
    with pytest.raises(AttributeError):
        old.NOTHING  # noqa: B018


@pytest.mark.parametrize(
    "name",
    [
        "WITH_BUFFERING",
        "LIMIT_RATE",
        "EXPIRES",
        "MEDIA_ROOT",
        "SOURCE_DIR",
        "SOURCE_URL",
        "MEDIA_URL",
        "DESTINATION_URL",
    ],
)
def test_importing_the_old_settings_warns_for_each_that_is_set(name: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with override_settings(**{f"NGINX_DOWNLOAD_MIDDLEWARE_{name}": "/"}):
            importlib.reload(nginx_settings)
    assert any(
        w.category is DeprecationWarning and f"NGINX_DOWNLOAD_MIDDLEWARE_{name}" in str(w.message)
        for w in caught
    )


@pytest.mark.parametrize(
    "renamed",
    [
        "django_downloadview.nginx.XAccelRedirectMiddleware",
        "django_dlwidget.compat.downloadview.nginx.XAccelRedirectMiddleware",
    ],
)
def test_the_renamed_middleware_in_middleware_is_refused(renamed: str) -> None:
    with override_settings(MIDDLEWARE=[renamed]), pytest.raises(ImproperlyConfigured):
        importlib.reload(nginx_settings)


# The test helper


def test_the_validator_fails_where_it_should(rf: RequestFactory) -> None:
    response = XAccelRedirectResponse(
        "/i/a.txt", "text/plain", expires=60, with_buffering=True, limit_rate=5
    )
    validator = XAccelRedirectValidator()
    validator(case, response, expires=60, with_buffering=True, limit_rate=5, charset=None)
    failing: list[dict[str, Any]] = [
        {"basename": "b.txt"},
        {"content_type": "text/html"},
        {"redirect_url": "/i/b.txt"},
        {"charset": "utf-8"},
        {"with_buffering": False},
        {"with_buffering": None},
        {"expires": None},
        {"expires": False},
        {"limit_rate": 6},
        {"limit_rate": None},
        {"attachment": False},
    ]
    for assertion in failing:
        with pytest.raises(AssertionError):
            assert_x_accel_redirect(case, response, **assertion)
    with pytest.raises(AssertionError):
        assert_x_accel_redirect(case, download())
    inline = XAccelRedirectResponse("/i/a.txt", "text/plain", attachment=False)
    assert_x_accel_redirect(case, inline, attachment=False, expires=None, limit_rate=None)
    with pytest.raises(AssertionError):
        assert_x_accel_redirect(case, inline, attachment=True)


def test_the_package_exports() -> None:
    assert nginx.x_accel_redirect is x_accel_redirect
    assert set(nginx.__all__) == {
        "SingleXAccelRedirectMiddleware",
        "XAccelRedirectMiddleware",
        "XAccelRedirectResponse",
        "XAccelRedirectValidator",
        "assert_x_accel_redirect",
        "x_accel_redirect",
    }
