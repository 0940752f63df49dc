"""Users, ready downloads and project documents in an isolated storage."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.http import HttpResponseBase
from django.test import AsyncClient, Client, override_settings
from django.utils import timezone

from django_dlwidget.models import Download, DownloadStatus

BODY = bytes(range(256)) * 40  # 10240 bytes, every byte value, so offsets are visible


@pytest.fixture(autouse=True)
def media(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "media"
    root.mkdir()
    with override_settings(MEDIA_ROOT=str(root)):
        yield root


MakeDownload = Callable[..., Download]


@pytest.fixture
def make_download(owner: User) -> MakeDownload:
    def make(
        body: bytes = BODY,
        *,
        user: User | None = None,
        filename: str = "report.csv",
        status: str = DownloadStatus.READY,
        **fields: Any,
    ) -> Download:
        download = Download(
            owner=user or owner,
            name="Report",
            filename=filename,
            status=status,
            size=len(body),
            **{"expires": timezone.now() + timedelta(days=1), **fields},
        )
        download.file.save(f"{download.key.hex}.bin", ContentFile(body), save=False)
        download.save()
        return download

    return make


@pytest.fixture
def download(make_download: MakeDownload) -> Download:
    return make_download()


Fetch = Callable[..., HttpResponseBase]


@pytest.fixture(params=["wsgi", "asgi"])
def fetch(request: pytest.FixtureRequest, owner: User) -> Fetch:
    """GET/HEAD as the owner, through Django's WSGI test client or its ASGI one."""
    if request.param == "wsgi":
        client = Client()
        client.force_login(owner)

        def get(url: str, *, method: str = "get", **headers: str) -> HttpResponseBase:
            return getattr(client, method)(url, headers=headers)  # type: ignore[no-any-return]

        return get
    async_client = AsyncClient()
    async_client.force_login(owner)

    def aget(url: str, *, method: str = "get", **headers: str) -> HttpResponseBase:
        call = getattr(async_client, method)
        return async_to_sync(call)(url, headers=headers)  # type: ignore[no-any-return]

    return aget
