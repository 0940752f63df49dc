"""``compat.resumable.store.ResumableStore``: chunks on ``RESUMABLE_STORAGE`` under
``RESUMABLE_SUBDIR`` (the native storage store), PATCHes of ``RESUMABLE_CHUNKSIZE`` bytes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from django_dlwidget.compat.resumable.store import ResumableStore
from django_dlwidget.tus.stores import StorageStore, get_store
from django_dlwidget.uploads.context import element_context

pytestmark = pytest.mark.django_db

TUS = {"Tus-Resumable": "1.0.0"}


def create(client: Client, length: int) -> Any:
    headers = {**TUS, "Upload-Length": str(length)}
    return client.generic("POST", "/resumable_upload/", b"", headers=headers)


STORE = {"BACKEND": "django_dlwidget.compat.resumable.store.ResumableStore"}


@pytest.fixture
def resumable_store(settings: Any, tmp_path: Path) -> None:
    settings.DLWIDGET = {"UPLOAD_TEMP_DIR": str(tmp_path / "partial"), "UPLOAD_STORE": STORE}


def test_chunks_go_to_media_root_under_resumable_subdir(
    resumable_store: None, client: Client, settings: Any
) -> None:
    store = get_store()
    assert isinstance(store, ResumableStore)
    assert isinstance(store, StorageStore)
    created = client.generic(
        "POST", "/resumable_upload/", b"", headers={**TUS, "Upload-Length": "6"}
    )
    url = created["Location"]
    response = client.generic(
        "PATCH", url, b"abc", content_type="application/offset+octet-stream",
        headers={**TUS, "Upload-Offset": "0"},
    )  # fmt: skip
    assert response.status_code == 204
    folder = (
        Path(settings.MEDIA_ROOT)
        / "resumable_chunks"
        / url.rstrip("/").rsplit("/", 1)[-1].replace("-", "")
    )
    assert sorted(p.name for p in folder.iterdir()) == [f"{0:020d}-{3:020d}.part", "upload"]


def test_the_settings_are_its_options(resumable_store: None, settings: Any) -> None:
    settings.RESUMABLE_STORAGE = "django.core.files.storage.InMemoryStorage"
    settings.RESUMABLE_SUBDIR = "chunks/"
    settings.RESUMABLE_CHUNKSIZE = "2*1024*1024"
    store = get_store()  # read on use: the same store follows the settings
    assert isinstance(store, ResumableStore)
    assert type(store.storage).__name__ == "InMemoryStorage"
    assert store.location == "chunks"
    assert store.chunk_size == 2 * 1024 * 1024
    assert element_context(None, max_size=None)["chunk_size"] == 2 * 1024 * 1024


def test_a_bad_setting_is_e040_at_startup(resumable_store: None, settings: Any) -> None:
    from django_dlwidget.checks import check_settings

    assert [m.id for m in check_settings()] == []
    settings.RESUMABLE_CHUNKSIZE = "1024*"
    assert [m.id for m in check_settings()] == ["django_dlwidget.E040"]
    settings.RESUMABLE_CHUNKSIZE = 1024
    settings.RESUMABLE_STORAGE = "no.such.Storage"
    assert [m.id for m in check_settings()] == ["django_dlwidget.E040"]
