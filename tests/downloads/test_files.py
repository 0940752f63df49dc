"""Where files go: ``PATH_PREFIX``, or a folder of one call (``path_prefix=``), in the storage."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from django_dlwidget import DownloadJob, download_task, init_download, save_download
from django_dlwidget.downloads.files import clean_prefix, download_dir
from django_dlwidget.models import Download, DownloadStatus

pytestmark = pytest.mark.django_db(transaction=True)


@download_task(path_prefix="/reports/monthly/")
def monthly(job: DownloadJob) -> Iterator[Sequence[Any]]:
    yield ("a",)


def files(media: Path) -> list[str]:
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


def test_the_default_folder(owner: User, media: Path) -> None:
    saved = save_download(init_download(owner, "r.csv").key, [["a"]])
    assert files(media) == [f"dlwidget/downloads/{saved.key}/r.csv"]


def test_a_prefix_of_one_call(owner: User, media: Path, owner_client: Client) -> None:
    download = init_download(owner, "r.csv")
    saved = save_download(download.key, [["a"]], path_prefix="exports/2026")
    assert saved.file.name == f"exports/2026/{download.key}/r.csv"
    assert files(media) == [saved.file.name]
    response = owner_client.get(reverse("dlwidget:download-file", args=[download.key]))
    assert b"".join(response.streaming_content) == b"a\r\n"  # type: ignore[attr-defined]
    Download.objects.filter(key=download.key).delete()  # its file goes with it
    assert files(media) == []


def test_a_tasks_prefix(owner: User, media: Path) -> None:
    download = Download.objects.get(key=monthly.start(owner, "m.csv").key)
    assert download.file.name == f"reports/monthly/{download.key}/m.csv"


def test_a_failed_save_leaves_nothing_under_the_prefix(owner: User, media: Path) -> None:
    def broken() -> Iterator[Sequence[Any]]:
        yield ("a",)
        raise RuntimeError("boom")

    download = init_download(owner, "r.csv")
    with pytest.raises(RuntimeError):
        save_download(download.key, broken(), path_prefix="exports")
    assert files(media) == []
    assert Download.objects.get(key=download.key).status == DownloadStatus.FAILED


@pytest.mark.parametrize("prefix", ["", "/", "../up", "a/../../b", "a//b", "./a", "a\\b"])
def test_prefixes_that_are_no_folder_inside_the_storage(owner: User, prefix: str) -> None:
    with pytest.raises(ValueError, match="not a folder inside the storage"):
        clean_prefix(prefix)
    download = init_download(owner, "r.csv")
    with pytest.raises(ValueError, match="not a folder"):
        save_download(download.key, [["a"]], path_prefix=prefix)
    assert Download.objects.get(key=download.key).status == DownloadStatus.FAILED
    with pytest.raises(ValueError, match="not a folder"):
        download_task(path_prefix=prefix)


def test_clean_prefix() -> None:
    assert clean_prefix("/a/b/") == "a/b"
    assert download_dir("k", "x/") == "x/k"
    with pytest.raises(TypeError, match="folder name"):
        clean_prefix(3)
