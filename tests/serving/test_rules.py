"""``DLWIDGET["SENDFILE_RULES"]``: offload per storage and name prefix, X-Accel options, and
X-Sendfile paths remapped to where the web server sees the files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, default_storage, storages
from django.http import Http404, HttpResponseBase
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from django_dlwidget.models import Download
from django_dlwidget.serving import StoredFile, serve_file
from django_dlwidget.serving.rules import same_storage
from django_dlwidget.testing import assert_download_response


@pytest.fixture(autouse=True)
def two_storages(media: Path, tmp_path: Path) -> Iterator[Path]:
    """``default`` in MEDIA_ROOT and ``reports`` in a folder of its own."""
    reports = tmp_path / "reports"
    reports.mkdir()
    configured = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "reports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(reports)},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=configured):
        yield reports


def serve(rf: RequestFactory, storage: Storage, name: str, **dlwidget: Any) -> HttpResponseBase:
    with override_settings(DLWIDGET=dlwidget):
        return serve_file(rf.get("/"), storage=storage, name=name)


TWO_LOCATIONS = {
    "SENDFILE": "nginx",
    "SENDFILE_RULES": [{"STORAGE": "reports", "NGINX_PREFIX": "/protected-reports/"}],
}


def test_two_storages_get_two_locations(rf: RequestFactory) -> None:
    name = storages["reports"].save("q1/sales.csv", ContentFile(b"r"))
    other = default_storage.save("q1/sales.csv", ContentFile(b"d"))
    reports = serve(rf, storages["reports"], name, **TWO_LOCATIONS)
    assert_download_response(reports, filename="sales.csv")
    assert reports["X-Accel-Redirect"] == "/protected-reports/q1/sales.csv"
    default = serve(rf, default_storage, other, **TWO_LOCATIONS)
    assert default["X-Accel-Redirect"] == "/protected/q1/sales.csv"


def test_a_storage_built_by_hand_matches_its_alias(rf: RequestFactory, two_storages: Path) -> None:
    """A FileField(storage=FileSystemStorage(location=...)) is not storages["reports"], but it
    is built the same way."""
    by_hand = FileSystemStorage(location=str(two_storages))
    name = by_hand.save("a.csv", ContentFile(b"a"))
    assert (
        serve(rf, by_hand, name, **TWO_LOCATIONS)["X-Accel-Redirect"] == "/protected-reports/a.csv"
    )
    elsewhere = FileSystemStorage(location=str(two_storages / "sub"))
    assert not same_storage(elsewhere, "reports")
    assert same_storage(default_storage, "default")  # the lazy proxy of storages["default"]
    assert not same_storage(default_storage, "nope")


def test_a_prefix_rule_takes_its_prefix_off_the_name(rf: RequestFactory) -> None:
    rules = {
        "SENDFILE": "nginx",
        "SENDFILE_RULES": [
            {"PREFIX": "archive/", "NGINX_PREFIX": "/archive-internal/"},
            {"PREFIX": "arch", "NGINX_PREFIX": "/never/"},  # an earlier rule matched first
        ],
    }
    name = default_storage.save("archive/2024/a.csv", ContentFile(b"a"))
    response = serve(rf, default_storage, name, **rules)
    assert response["X-Accel-Redirect"] == "/archive-internal/2024/a.csv"
    beside = default_storage.save("archived.csv", ContentFile(b"a"))
    assert serve(rf, default_storage, beside, **rules)["X-Accel-Redirect"] == "/never/ived.csv"
    plain = default_storage.save("plain.csv", ContentFile(b"a"))
    assert serve(rf, default_storage, plain, **rules)["X-Accel-Redirect"] == "/protected/plain.csv"


def test_storage_and_prefix_together(rf: RequestFactory) -> None:
    rules = {
        "SENDFILE": "nginx",
        "SENDFILE_RULES": [
            {"STORAGE": "reports", "PREFIX": "big/", "NGINX_PREFIX": "/big-reports/"}
        ],
    }
    big = storages["reports"].save("big/a.csv", ContentFile(b"a"))
    assert serve(rf, storages["reports"], big, **rules)["X-Accel-Redirect"] == "/big-reports/a.csv"
    same_name = default_storage.save("big/a.csv", ContentFile(b"a"))
    assert (
        serve(rf, default_storage, same_name, **rules)["X-Accel-Redirect"] == "/protected/big/a.csv"
    )


def test_a_rule_picks_the_backend(rf: RequestFactory) -> None:
    rules = {"SENDFILE_RULES": [{"STORAGE": "reports", "SENDFILE": "nginx"}]}
    name = storages["reports"].save("a.csv", ContentFile(b"abc"))
    assert serve(rf, storages["reports"], name, **rules)["X-Accel-Redirect"] == "/protected/a.csv"
    local = default_storage.save("a.csv", ContentFile(b"abc"))
    streamed = serve(rf, default_storage, local, **rules)  # the global "django"
    assert_download_response(streamed, content=b"abc")
    with override_settings(DLWIDGET=rules):  # the call's own sendfile= wins over the rule
        forced = serve_file(rf.get("/"), storage=storages["reports"], name=name, sendfile="django")
    assert_download_response(forced, content=b"abc")


def test_x_accel_options(rf: RequestFactory) -> None:
    options = {
        "NGINX_EXPIRES": 0,
        "NGINX_LIMIT_RATE": 1048576,
        "NGINX_BUFFERING": False,
        "NGINX_CHARSET": "utf-8",
    }
    name = default_storage.save("a.txt", ContentFile(b"a"))
    response = serve(rf, default_storage, name, SENDFILE="nginx", SENDFILE_RULES=[options])
    assert response["X-Accel-Redirect"] == "/protected/a.txt"
    assert response["X-Accel-Expires"] == "0"
    assert response["X-Accel-Limit-Rate"] == "1048576"
    assert response["X-Accel-Buffering"] == "no"
    assert response["X-Accel-Charset"] == "utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    other = serve(
        rf,
        default_storage,
        name,
        SENDFILE="nginx",
        SENDFILE_RULES=[{"NGINX_EXPIRES": "off", "NGINX_BUFFERING": True}],
    )
    assert other["X-Accel-Expires"] == "off"
    assert other["X-Accel-Buffering"] == "yes"
    assert "X-Accel-Limit-Rate" not in other
    assert "X-Accel-Expires" not in serve(rf, default_storage, name, SENDFILE="nginx")


class MountedStorage(Storage):
    """A storage without local paths whose files the web server sees on a mount."""

    def __init__(self, names: set[str]) -> None:
        self.names = names

    def exists(self, name: str) -> bool:
        return name in self.names


def test_x_sendfile_paths_are_remapped(rf: RequestFactory) -> None:
    rules = {
        "SENDFILE": "xsendfile",
        "SENDFILE_RULES": [
            {"STORAGE": "reports", "XSENDFILE_ROOT": "/mnt/reports/"},
            {"PREFIX": "exports/", "XSENDFILE_ROOT": "/srv/exports"},
        ],
    }
    name = storages["reports"].save("q1/é.csv", ContentFile(b"a"))
    response = serve(rf, storages["reports"], name, **rules)
    assert response["X-Sendfile"].encode("latin-1").decode() == "/mnt/reports/q1/é.csv"
    mounted = MountedStorage({"exports/2024/a.zip"})
    response = serve(rf, mounted, "exports/2024/a.zip", **rules)
    assert response["X-Sendfile"] == "/srv/exports/2024/a.zip"
    with pytest.raises(Http404):
        serve(rf, mounted, "exports/missing.zip", **rules)
    local = default_storage.save("a.csv", ContentFile(b"a"))
    assert serve(rf, default_storage, local, **rules)["X-Sendfile"] == default_storage.path(local)


def test_a_rule_for_an_unknown_alias_never_matches(rf: RequestFactory) -> None:
    name = default_storage.save("a.csv", ContentFile(b"a"))
    rules = [{"STORAGE": "gone", "NGINX_PREFIX": "/gone/"}]
    response = serve(rf, default_storage, name, SENDFILE="nginx", SENDFILE_RULES=rules)
    assert response["X-Accel-Redirect"] == "/protected/a.csv"


def test_the_download_centre_follows_the_rules(client: Client, download: Download) -> None:
    rules = [
        {"STORAGE": "reports", "NGINX_PREFIX": "/reports/"},
        {"STORAGE": "default", "NGINX_PREFIX": "/dl/", "NGINX_BUFFERING": False},
    ]
    assert download.owner is not None
    client.force_login(download.owner)
    with override_settings(DLWIDGET={"SENDFILE": "nginx", "SENDFILE_RULES": rules}):
        response = client.get(reverse("dlwidget:download-file", args=[download.key]))
    assert_download_response(response, filename="report.csv")
    assert response["X-Accel-Redirect"] == f"/dl/{download.file.name}"
    assert response["X-Accel-Buffering"] == "no"


def test_plain_content_is_never_offloaded(rf: RequestFactory) -> None:
    with override_settings(DLWIDGET={"SENDFILE_RULES": [{"SENDFILE": "nginx"}]}):
        response = serve_file(rf.get("/"), ContentFile(b"abc", name="x.txt"))
    assert_download_response(response, content=b"abc")


def test_a_stored_file_follows_the_rules(rf: RequestFactory) -> None:
    name = storages["reports"].save("a.csv", ContentFile(b"a"))
    with override_settings(DLWIDGET=TWO_LOCATIONS):
        response = serve_file(rf.get("/"), StoredFile(storages["reports"], name))
    assert response["X-Accel-Redirect"] == "/protected-reports/a.csv"
