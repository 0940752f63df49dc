"""Who may fetch a download's file, directly or through a signed link."""

from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from django_dlwidget.downloads.links import make_link
from django_dlwidget.models import Download, DownloadStatus
from django_dlwidget.testing import assert_download_response

from .conftest import BODY, MakeDownload


def file_url(download: Download) -> str:
    return reverse("dlwidget:download-file", args=[download.key])


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def assert_json_error(response: object, status: int, code: str) -> None:
    assert response.status_code == status  # type: ignore[attr-defined]
    assert response.json()["error"] == code  # type: ignore[attr-defined]
    assert response.json()["detail"]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [("owner", 200, None), ("other", 404, "not_found"), ("anonymous", 403, "not_authenticated")],
)
def test_file_endpoint_matrix(
    download: Download, other: User, who: str, status: int, code: str | None
) -> None:
    user = {"owner": download.owner, "other": other, "anonymous": None}[who]
    for method in ("get", "head"):
        response = getattr(client_for(user), method)(file_url(download))
        if code is None:
            assert_download_response(response, content=BODY if method == "get" else b"")
        elif method == "head":
            assert response.status_code == status
        else:
            assert_json_error(response, status, code)


@pytest.mark.parametrize(
    "status",
    [
        DownloadStatus.PENDING,
        DownloadStatus.RUNNING,
        DownloadStatus.FAILED,
        DownloadStatus.CANCELLED,
    ],
)
def test_only_ready_downloads_are_served(make_download: MakeDownload, status: str) -> None:
    download = make_download(status=status)
    assert_json_error(client_for(download.owner).get(file_url(download)), 404, "not_ready")


def test_expired_download_is_gone(make_download: MakeDownload) -> None:
    download = make_download(expires=timezone.now() - timedelta(seconds=1))
    assert_json_error(client_for(download.owner).get(file_url(download)), 410, "expired")


def test_missing_file_is_json_404(download: Download) -> None:
    download.file.delete(save=False)
    assert_json_error(client_for(download.owner).get(file_url(download)), 404, "file_missing")


def test_unknown_key_and_bad_methods(download: Download) -> None:
    client = client_for(download.owner)
    missing = reverse("dlwidget:download-file", args=["00000000-0000-0000-0000-000000000000"])
    assert_json_error(client.get(missing), 404, "not_found")
    assert client.get("/dlwidget/downloads/not-a-uuid/file/").status_code == 404
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(file_url(download))
        assert_json_error(response, 405, "method_not_allowed")
        assert response["Allow"] == "GET, HEAD"


# Signed links


@pytest.mark.parametrize(
    ("who", "bound", "status"),
    [
        ("owner", True, 200),
        ("other", True, 404),
        ("anonymous", True, 302),
        ("owner", False, 200),
        ("other", False, 200),
        ("anonymous", False, 200),
    ],
)
def test_link_matrix(download: Download, other: User, who: str, bound: bool, status: int) -> None:
    user = {"owner": download.owner, "other": other, "anonymous": None}[who]
    link = make_link(download, user_bound=bound)
    response = client_for(user).get(link)
    assert response.status_code == status
    assert response["Referrer-Policy"] == "no-referrer"
    if status == 200:
        assert_download_response(response, content=BODY, filename="report.csv")
    if status == 404:
        assert response.json()["error"] == "not_found"


def test_logged_out_browser_logs_in_and_comes_back(download: Download) -> None:
    link = make_link(download)
    client = Client()
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={quote(link, safe='/')}"
    assert download.owner is not None
    client.force_login(download.owner)
    assert_download_response(client.get(link), content=BODY)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
        lambda t: "x" + t,
        lambda t: t.split(":")[0],
        lambda t: "garbage",
    ],
)
def test_tampered_links(download: Download, tamper: object) -> None:
    link = make_link(download)
    token = link.rstrip("/").rsplit("/", 1)[1]
    bad = reverse("dlwidget:download-link", args=[tamper(token)])  # type: ignore[operator]
    assert_json_error(client_for(download.owner).get(bad), 404, "invalid_link")


def test_a_link_for_another_purpose_is_invalid(download: Download) -> None:
    from django.core import signing

    forged = signing.TimestampSigner().sign_object({"k": download.key.hex, "m": 999})
    bad = reverse("dlwidget:download-link", args=[forged])
    assert_json_error(client_for(None).get(bad), 404, "invalid_link")


def test_expired_link(download: Download, monkeypatch: pytest.MonkeyPatch) -> None:
    link = make_link(download, max_age=timedelta(minutes=5), user_bound=False)
    later = time.time() + 301
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert_json_error(Client().get(link), 410, "link_expired")


def test_link_to_expired_or_deleted_download(make_download: MakeDownload) -> None:
    download = make_download(expires=timezone.now() - timedelta(seconds=1))
    assert_json_error(Client().get(make_link(download, user_bound=False)), 410, "expired")
    gone = make_download()
    link = make_link(gone, user_bound=False)
    gone.delete()
    assert_json_error(Client().get(link), 404, "not_found")


def test_link_default_lifetime_follows_the_setting(download: Download, settings: object) -> None:
    settings.DLWIDGET = {"LINK_MAX_AGE": 60}  # type: ignore[attr-defined]
    link = make_link(download, user_bound=False)
    assert Client().get(link).status_code == 200
