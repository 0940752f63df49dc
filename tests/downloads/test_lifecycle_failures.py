"""Rows that raise inside ``save_download`` fail the download at once, in every format, under
the one message policy, and leave nothing behind: not in the storage, not in the temp folder."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile

from django_dlwidget import DownloadError, init_download, save_download
from django_dlwidget.downloads.writers import Rows
from django_dlwidget.models import Download, DownloadStatus
from django_dlwidget.signals import download_failed

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "connection to 10.0.0.7 refused; password=hunter2"


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def failing_rows(exc: Exception, good: int = 2500) -> Iterator[list[Any]]:
    for n in range(good):
        yield [n, "x" * 500]  # past the spool's memory part: the rows are on disk by now
    raise exc


def save_failing(key: Any, format: str, exc: Exception) -> None:
    """The rows raise ``exc`` in ``format``; for ZIP, in the second member."""
    if format == "zip":
        members = [("a.csv", Rows([[1]])), ("b.xlsx", Rows(failing_rows(exc)))]
        save_download(key, members, format="zip")
    elif format == "bytes":
        save_download(key, file=(bytes(row[1], "ascii") for row in failing_rows(exc)))
    else:
        save_download(key, failing_rows(exc), header=["n", "t"], format=format)


FORMATS = ["csv", "xlsx", "jsonl", "zip", "bytes"]


def left_behind(media: Path, scratch: Path) -> list[Path]:
    return [p for p in [*media.rglob("*"), *scratch.rglob("*")] if p.is_file()]


@pytest.mark.parametrize("format", FORMATS)
def test_rows_that_raise_fail_the_download_at_once(
    format: str, owner: User, media: Path, scratch: Path, caplog: pytest.LogCaptureFixture
) -> None:
    failures: list[Download] = []

    def on_failed(sender: Any, download: Download, **kwargs: Any) -> None:
        failures.append(download)

    download = init_download(owner, f"export.{format}")
    download_failed.connect(on_failed)
    try:
        with pytest.raises(RuntimeError, match="hunter2"):
            save_failing(download.key, format, RuntimeError(SECRET))
    finally:
        download_failed.disconnect(on_failed)
    failed = Download.objects.get(key=download.key)
    assert (failed.status, failed.error) == (DownloadStatus.FAILED, "The export failed.")
    assert [d.key for d in failures] == [download.key]
    assert left_behind(media, scratch) == []
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(logged) == 1
    assert logged[0].exc_info is not None
    assert "hunter2" in caplog.text


@pytest.mark.parametrize("format", FORMATS)
def test_a_download_error_is_shown_as_it_is(format: str, owner: User) -> None:
    download = init_download(owner, "export")
    with pytest.raises(DownloadError):
        save_failing(download.key, format, DownloadError("No orders in that period."))
    assert Download.objects.get(key=download.key).error == "No orders in that period."


def test_debug_shows_the_text(owner: User, settings: Any) -> None:
    settings.DEBUG = True
    download = init_download(owner, "export")
    with pytest.raises(RuntimeError):
        save_failing(download.key, "jsonl", RuntimeError(SECRET))
    assert Download.objects.get(key=download.key).error == SECRET


def test_bad_arguments_fail_the_download_too(owner: User) -> None:
    download = init_download(owner, "export")
    with pytest.raises(ValueError, match="Unknown export format"):
        save_download(download.key, [[1]], format="pdf")
    assert Download.objects.get(key=download.key).status == DownloadStatus.FAILED
    with pytest.raises(TypeError):  # still the caller's mistake, not "cancelled"
        save_download(download.key)


def test_a_failing_storage_leaves_no_partial_file(
    owner: User, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django_dlwidget.downloads import lifecycle
    from django_dlwidget.downloads.files import download_storage as real_storage

    class DiskFull:
        def __init__(self) -> None:
            self.inner = real_storage()

        def save(self, name: str, content: Any) -> str:
            self.inner.save(name, ContentFile(b"the first half"))  # what was written so far
            raise OSError(28, "No space left on device")

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

    monkeypatch.setattr(lifecycle, "download_storage", DiskFull)
    download = init_download(owner, "export.csv")
    with pytest.raises(OSError, match="No space"):
        save_download(download.key, [[1]])
    assert Download.objects.get(key=download.key).status == DownloadStatus.FAILED
    assert [p for p in media.rglob("*") if p.is_file()] == []


def test_a_failure_after_storing_takes_the_file_back(
    owner: User, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django_dlwidget.downloads import lifecycle
    from django_dlwidget.downloads.files import download_storage as real_storage

    class NoSize:
        def __init__(self) -> None:
            self.inner = real_storage()

        def size(self, name: str) -> int:
            raise OSError("the storage is unreachable")

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

    monkeypatch.setattr(lifecycle, "download_storage", NoSize)
    download = init_download(owner, "export.csv")
    with pytest.raises(OSError, match="unreachable"):
        save_download(download.key, [[1]])
    assert Download.objects.get(key=download.key).status == DownloadStatus.FAILED
    assert [p for p in media.rglob("*") if p.is_file()] == []
