"""``@download_task(format=...)``: what a task's rows, members or chunks are saved as."""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from django_dlwidget import DownloadJob, download_task
from django_dlwidget.downloads.writers import Rows
from django_dlwidget.models import Download, DownloadStatus

from .writers.sheets import read_sheets

pytestmark = pytest.mark.django_db(transaction=True)


@download_task(format="xlsx", header=["n"])
def squares_xlsx(job: DownloadJob, count: int) -> Iterator[Sequence[Any]]:
    for n in range(count):
        yield (n * n,)


@download_task(format="jsonl", header=["n", "square"])
def squares_jsonl(job: DownloadJob, count: int) -> Iterator[Sequence[Any]]:
    for n in range(count):
        yield (n, n * n)


@download_task(format="zip")
def bundle(job: DownloadJob) -> Iterator[tuple[str, Any]]:
    yield "squares.csv", Rows([(1, 1)], header=["n", "square"])
    yield "about.txt", b"squares"


@download_task
def generated(job: DownloadJob) -> Iterator[bytes]:
    for n in range(3):
        yield b"chunk %d;" % n


RETURNED: list[io.BytesIO] = []


@download_task
def returns_a_file(job: DownloadJob) -> io.BytesIO:
    RETURNED.append(io.BytesIO(b"from a file"))
    return RETURNED[-1]


@download_task(format="jsonl")
def fails_midway(job: DownloadJob) -> Iterator[Sequence[Any]]:
    yield (1,)
    raise RuntimeError("the third-party API timed out")


def stored(media: Path, download: Download) -> bytes:
    download.refresh_from_db()
    assert download.status == DownloadStatus.READY, download.error
    return (media / str(download.file.name)).read_bytes()


def test_rows_in_the_task_format(owner: User, media: Path) -> None:
    xlsx = squares_xlsx.start(owner, "squares", 3)
    assert xlsx.content_type.endswith("spreadsheetml.sheet")  # from the format, not the name
    sheet = read_sheets(stored(media, xlsx))["sheet1"]
    assert [row["A"][1] for row in sheet] == ["n", "0", "1", "4"]
    jsonl = squares_jsonl.start(owner, "squares.jsonl", 2)
    assert jsonl.content_type == "application/jsonl"
    assert stored(media, jsonl) == b'{"n":0,"square":0}\n{"n":1,"square":1}\n'


def test_members_in_a_zip_task(owner: User, media: Path) -> None:
    download = bundle.start(owner, "bundle.zip")
    archive = zipfile.ZipFile(io.BytesIO(stored(media, download)))
    assert archive.read("squares.csv") == b"n,square\r\n1,1\r\n"
    assert archive.read("about.txt") == b"squares"


def test_chunks_of_bytes_are_stored_as_they_come(owner: User, media: Path) -> None:
    download = generated.start(owner, "generated.bin")
    assert stored(media, download) == b"chunk 0;chunk 1;chunk 2;"


def test_a_returned_file_is_closed_once_stored(owner: User, media: Path) -> None:
    download = returns_a_file.start(owner, "file.bin")
    assert stored(media, download) == b"from a file"
    assert RETURNED[0].closed


def test_a_failure_inside_the_rows_is_logged_once(
    owner: User, caplog: pytest.LogCaptureFixture
) -> None:
    download = fails_midway.start(owner, "x.jsonl")
    download.refresh_from_db()
    assert (download.status, download.error) == (DownloadStatus.FAILED, "The export failed.")
    errors = [
        r
        for r in caplog.records
        if r.levelno >= logging.ERROR and r.name.startswith("django_dlwidget")
    ]
    assert [r.getMessage() for r in errors] == [
        f"dlwidget: the job of download {download.key} failed"
    ]


def test_formats_are_checked_when_decorating() -> None:
    with pytest.raises(ValueError, match="Unknown export format 'pdf'"):
        download_task(format="pdf")
    with pytest.raises(TypeError, match="ZIP task has no header"):
        download_task(format="zip", header=["a"])(bundle.func)
