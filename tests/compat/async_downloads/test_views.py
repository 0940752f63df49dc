"""``compat.async_downloads.urls`` and ``views``: the old URL names, the native endpoints beside
them, and a clear that trusts nothing but the caller's own download key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from django_dlwidget import DownloadCancelled
from django_dlwidget.compat.async_downloads import cache
from django_dlwidget.models import Download

pytestmark = pytest.mark.django_db

UPDATE = "/async_downloads/ajax_update/"
CLEAR = "/async_downloads/ajax_clear_download/"


def ready(user: User, filename: str = "r.csv") -> Download:
    _collection, key = cache.init_download(user, filename)
    cache.save_download(key, [["x"]])
    return Download.objects.get(key=key)


def test_the_old_names_and_the_native_ones_reverse_under_one_include() -> None:
    assert reverse("async_downloads:ajax_update") == UPDATE
    assert reverse("async_downloads:ajax_clear_download") == CLEAR
    assert reverse("dlwidget:download-list") == "/async_downloads/downloads/"


def test_ajax_update_lists_the_callers_downloads_only(
    owner_client: Client, owner: User, other: User
) -> None:
    mine, _theirs = ready(owner, "mine.csv"), ready(other, "theirs.csv")
    response = owner_client.get(UPDATE)
    assert response.status_code == 200
    listed = response.json()["downloads"]
    assert [(item["key"], item["status"]) for item in listed] == [(str(mine.key), "ready")]
    assert listed[0]["url"] == f"/async_downloads/downloads/{mine.key}/file/"


def test_deliberately_anonymous_callers_get_a_json_403_not_a_login_page() -> None:
    response = Client().get(UPDATE)
    assert response.status_code == 403
    assert response.json()["error"] == "not_authenticated"


def test_clearing_by_the_old_filepath_removes_the_download(
    owner_client: Client, owner: User, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    download = ready(owner)
    stored = media / str(download.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(CLEAR, {"filepath": f"downloads/{download.key}/r.csv"})
    assert (response.status_code, response.content) == (200, b"")
    assert not Download.objects.exists()
    assert not stored.exists()


def test_clearing_a_running_download_cancels_its_job(owner_client: Client, owner: User) -> None:
    _collection, key = cache.init_download(owner, "r.csv")
    cache.set_percentage(key, 10)
    assert owner_client.post(CLEAR, {"filepath": f"x/{key}/r.csv"}).status_code == 200
    with pytest.raises(DownloadCancelled):
        cache.set_percentage(key, 20)


def test_deliberately_another_users_download_cannot_be_cleared(
    owner_client: Client, other: User
) -> None:
    theirs = ready(other)
    response = owner_client.post(CLEAR, {"filepath": str(theirs.file.name)})
    assert response.status_code == 404
    assert Download.objects.get(key=theirs.key).status == "ready"


@pytest.mark.parametrize(
    "filepath", ["", "reports/q1.csv", "{media}/reports/q1.csv", "../reports/q1.csv", "r.csv"]
)
def test_deliberately_a_posted_path_is_never_deleted(
    owner_client: Client, owner: User, media: Path, filepath: str
) -> None:
    """The predecessor deleted whatever file the client named (``reports/q1.csv`` here)."""
    target = media / "reports" / "q1.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("keep me")
    mine = ready(owner)
    response = owner_client.post(CLEAR, {"filepath": filepath.format(media=media)})
    assert response.status_code == 404
    assert target.read_text() == "keep me"
    assert Download.objects.filter(key=mine.key).exists()


def test_the_clear_needs_post_and_a_csrf_token(owner: User) -> None:
    download = ready(owner)
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    filepath = str(download.file.name)
    assert client.get(CLEAR, {"filepath": filepath}).status_code == 405
    refused = client.post(CLEAR, {"filepath": filepath})
    assert (refused.status_code, refused.json()["error"]) == (403, "csrf_failed")
    assert Download.objects.filter(key=download.key).exists()


def test_the_listed_url_serves_the_file_to_its_owner_only(
    owner_client: Client, owner: User, other: User
) -> None:
    ready(owner)
    url = owner_client.get(UPDATE).json()["downloads"][0]["url"]
    response = owner_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"x\r\n"  # type: ignore[attr-defined]
    stranger = Client()
    stranger.force_login(other)
    assert stranger.get(url).status_code == 404
