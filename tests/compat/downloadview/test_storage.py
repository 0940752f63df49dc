"""``compat.downloadview.storage``: ``SignedURLMixin`` and ``SignedFileSystemStorage`` sign the
URLs they hand out, in a form ``signature_required`` accepts for that path only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.test import Client, RequestFactory

from django_dlwidget.compat.downloadview.decorators import _signature_is_valid
from django_dlwidget.compat.downloadview.storage import SignedFileSystemStorage, SignedURLMixin

from . import offload_env
from .offload_urls import signed_storage


@pytest.fixture(autouse=True)
def offload_env_(settings: Any, tmp_path: Path) -> Path:
    return offload_env.set_up(settings, tmp_path)


class Remote:
    def url(self, name: str) -> str:
        return f"https://cdn.example.com/files/{name}"


class SignedRemote(SignedURLMixin, Remote):
    pass


def test_the_mixin_signs_any_storages_url(rf: RequestFactory) -> None:
    url = SignedRemote().url("a b.txt")
    assert url.startswith("https://cdn.example.com/files/a b.txt?X-Signature=")
    _signature_is_valid(rf.get(url.replace("https://cdn.example.com", "")))


def test_signed_filesystem_storage_is_a_filesystem_storage(tmp_path: Path) -> None:
    storage = SignedFileSystemStorage(location=str(tmp_path), base_url="/files/")
    assert isinstance(storage, FileSystemStorage)
    name = storage.save("report é.txt", ContentFile(b"x"))
    url = storage.url(name)
    assert url.startswith("/files/report%20%C3%A9.txt?X-Signature=")
    assert storage.exists(name)


def test_each_url_opens_its_own_file_only(client: Client) -> None:
    storage = signed_storage()
    first = storage.save("a & b #1.txt", ContentFile(b"first"))
    storage.save("second.txt", ContentFile(b"second"))
    response = client.get(storage.url(first))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"first"  # type: ignore[attr-defined]
    signature = storage.url(first).split("?", 1)[1]
    assert client.get(f"/signed/second.txt?{signature}").status_code == 403
