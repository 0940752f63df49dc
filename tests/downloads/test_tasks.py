from __future__ import annotations

import io
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from django_dlwidget import DownloadError, DownloadJob, download_task
from django_dlwidget.models import Download, DownloadStatus

pytestmark = pytest.mark.django_db(transaction=True)


@download_task(header=["n", "square"])
def squares(job: DownloadJob, count: int) -> Iterator[Sequence[Any]]:
    for n in range(count):
        job.progress(count, n)
        yield (n, n * n)


@download_task
def archive(job: DownloadJob) -> io.BytesIO:
    return io.BytesIO(b"PK\x05\x06" + b"\x00" * 18)


@download_task
def raw_bytes(job: DownloadJob) -> bytes:
    return b"hello"


@download_task
def fails_for_user(job: DownloadJob) -> None:
    raise DownloadError("No orders in that period.")


@download_task
def crashes(job: DownloadJob) -> None:
    raise RuntimeError("connection to 10.0.0.7 refused; password=hunter2")


@download_task
def cancels_itself(job: DownloadJob) -> Iterator[Sequence[Any]]:
    Download.objects.filter(key=job.key).update(status=DownloadStatus.CANCELLED)
    for n in range(10):
        job.progress(10, n)
        yield (n,)


def test_start_runs_the_export(owner: User, media: Path) -> None:
    download = squares.start(owner, "squares.csv", 3)
    download.refresh_from_db()
    assert download.status == DownloadStatus.READY
    assert (media / str(download.file.name)).read_bytes() == b"n,square\r\n0,0\r\n1,1\r\n2,4\r\n"


def test_file_and_bytes_results(owner: User) -> None:
    zipped = archive.start_with(owner, "a.zip", name="Archive")
    zipped.refresh_from_db()
    assert (zipped.status, zipped.name, zipped.content_type, zipped.size) == (
        DownloadStatus.READY,
        "Archive",
        "application/zip",
        22,
    )
    text = raw_bytes.start(owner.pk, "hello.txt")
    text.refresh_from_db()
    assert text.size == 5


def test_download_error_message_reaches_the_owner(owner: User) -> None:
    download = fails_for_user.start(owner, "orders.csv")
    download.refresh_from_db()
    assert download.status == DownloadStatus.FAILED
    assert download.error == "No orders in that period."


@download_task
def rows_then_refusal(job: DownloadJob) -> Iterator[Sequence[Any]]:
    yield ("a",)
    raise DownloadError("The period is closed.")


@pytest.mark.parametrize("task", [fails_for_user, rows_then_refusal])
def test_a_download_error_is_logged_once_without_a_traceback(
    owner: User, caplog: pytest.LogCaptureFixture, task: Any
) -> None:
    """The owner's message is the whole story: one line in the log, from this package, with no
    traceback (neither ours nor the task backend's, since the task itself ends normally)."""
    with caplog.at_level("INFO"):
        download = task.start(owner, "orders.csv")
    download.refresh_from_db()
    assert download.status == DownloadStatus.FAILED
    (record,) = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert record.name == "django_dlwidget.downloads.lifecycle"
    assert record.levelname == "WARNING"
    assert record.exc_info is None
    assert record.getMessage() == (
        f"dlwidget: the job of download {download.key} failed: {download.error}"
    )
    assert "Traceback" not in caplog.text


def test_unexpected_error_is_logged_once_with_its_traceback(
    owner: User, caplog: pytest.LogCaptureFixture
) -> None:
    crashes.start(owner, "x.csv")
    ours = [r for r in caplog.records if r.name.startswith("django_dlwidget")]
    assert [r.levelname for r in ours] == ["ERROR"]
    assert ours[0].exc_info is not None


def test_unexpected_error_is_logged_not_shown(
    owner: User, caplog: pytest.LogCaptureFixture
) -> None:
    download = crashes.start(owner, "x.csv")
    download.refresh_from_db()
    assert download.status == DownloadStatus.FAILED
    assert download.error == "The export failed."
    assert "hunter2" in caplog.text
    assert "Traceback" in caplog.text


def test_debug_shows_the_message(owner: User, settings: Any) -> None:
    settings.DEBUG = True
    download = crashes.start(owner, "x.csv")
    download.refresh_from_db()
    assert "connection to 10.0.0.7 refused" in download.error
    assert "Traceback" not in download.error


def test_cancelled_job_ends_quietly(owner: User, media: Path) -> None:
    download = cancels_itself.start(owner, "x.csv")
    download.refresh_from_db()
    assert download.status == DownloadStatus.CANCELLED
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_args_must_be_json(owner: User) -> None:
    with pytest.raises(TypeError):
        squares.start(owner, "x.csv", object())
    failed = Download.objects.get()
    assert failed.status == DownloadStatus.FAILED


def test_module_level_only() -> None:
    with pytest.raises(TypeError, match="module level"):

        @download_task
        def inner(job: DownloadJob) -> None:
            return None
