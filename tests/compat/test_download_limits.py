"""The compatibility layers under ``MAX_ACTIVE_DOWNLOADS``: their starts raise the native
``TooManyDownloads``, as their predecessors let a failed creation raise, before the job is
handed to a queue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from django_dlwidget import TooManyDownloads, init_download
from django_dlwidget.compat.async_downloads import cache, shortcuts
from django_dlwidget.compat.bgfiles import toolbox
from django_dlwidget.models import Download

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _full(settings: Any, tmp_path: Path, download_state: None, owner: User) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DLWIDGET = {"MAX_ACTIVE_DOWNLOADS": 2}
    init_download(owner, "a.csv")
    init_download(owner, "b.csv")


def test_async_downloads_init_download_raises(owner: User) -> None:
    with pytest.raises(TooManyDownloads):
        cache.init_download(owner, "c.csv")
    assert Download.objects.count() == 2


def test_async_downloads_generic_csv_download_never_starts_its_task(owner: User) -> None:
    started: list[Any] = []

    class Task:
        def delay(self, *args: Any) -> None:
            started.append(args)

    with pytest.raises(TooManyDownloads):
        shortcuts.init_generic_csv_download(Task(), owner, "report")
    assert started == []


def test_bgfiles_add_request_raises(owner: User) -> None:
    with pytest.raises(TooManyDownloads):
        toolbox.add_request("{}", "report", requester=owner, filename="c.csv")
    assert Download.objects.count() == 2
