"""The CSV encoding through ``save_download``, ``@download_task`` and ``inline_or_background``;
an unknown encoding or an unrepresentable character fails the download with a clear message."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse

from django_dlwidget import DownloadJob, download_task, init_download, inline_or_background
from django_dlwidget.downloads.lifecycle import save_download
from django_dlwidget.downloads.writers import CsvEncodingError
from django_dlwidget.models import Download, DownloadStatus

from .test_inline import body, request_for

pytestmark = pytest.mark.django_db(transaction=True)


@download_task(header=["name"], encoding="utf-8-sig")
def for_excel(job: DownloadJob) -> Iterator[Sequence[Any]]:
    yield ("café",)


@download_task(header=["name"], encoding="latin-1")
def in_latin1(job: DownloadJob, name: str) -> Iterator[Sequence[Any]]:
    yield (name,)


def stored(media: Path, download: Download) -> bytes:
    return (media / str(download.file.name)).read_bytes()


def reload(download: Download) -> Download:
    return Download.objects.get(key=download.key)


def files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def test_save_download_in_an_encoding(owner: User, media: Path) -> None:
    download = init_download(owner, "r.csv")
    saved = save_download(download.key, [["€", "é"]], header=["a", "b"], encoding="cp1252")
    assert stored(media, saved) == b"a,b\r\n\x80,\xe9\r\n"
    assert saved.size == 10


def test_an_unrepresentable_character_fails_the_download(owner: User, media: Path) -> None:
    download = init_download(owner, "r.csv")
    with pytest.raises(CsvEncodingError):
        save_download(download.key, [["a"], ["日本"]], encoding="cp1252")
    failed = reload(download)
    assert failed.status == DownloadStatus.FAILED
    assert failed.error == (
        "Line 2 of the CSV file contains “日”, which the cp1252 encoding cannot represent."
    )
    assert files(media) == []


def test_an_unknown_encoding_fails_the_download(owner: User) -> None:
    download = init_download(owner, "r.csv")
    with pytest.raises(CsvEncodingError):
        save_download(download.key, [["a"]], encoding="klingon")
    failed = reload(download)
    assert (failed.status, failed.error) == (
        DownloadStatus.FAILED,
        "The CSV encoding “klingon” is unknown.",
    )


def test_the_message_is_in_the_downloads_language(owner: User) -> None:
    download = init_download(owner, "r.csv", language="de")
    with pytest.raises(CsvEncodingError):
        save_download(download.key, [["€"]], encoding="latin-1")
    assert reload(download).error == (
        "Zeile 1 der CSV-Datei enthält „€“, das die Kodierung latin-1 nicht darstellen kann."
    )


def test_encoding_is_for_rows(owner: User) -> None:
    download = init_download(owner, "r.bin")
    with pytest.raises(TypeError, match="encoding= is for rows"):
        save_download(download.key, file=b"x", encoding="cp1252")
    assert reload(download).status == DownloadStatus.FAILED


def test_download_task_encoding(owner: User, media: Path) -> None:
    download = reload(for_excel.start(owner, "x.csv"))
    assert stored(media, download) == b"\xef\xbb\xbfname\r\ncaf\xc3\xa9\r\n"
    failed = reload(in_latin1.start(owner, "y.csv", "€uro"))
    assert failed.status == DownloadStatus.FAILED
    assert "latin-1 encoding cannot represent" in failed.error


def test_download_task_refuses_a_bad_encoding_when_it_is_declared() -> None:
    with pytest.raises(CsvEncodingError, match="klingon"):
        download_task(encoding="klingon")
    with pytest.raises(TypeError, match="encoding= is for CSV"):
        download_task(format="xlsx", encoding="cp1252")


def test_inline_in_the_tasks_encoding_or_its_own(owner: User) -> None:
    response = inline_or_background(request_for(owner), [["é"]], in_latin1, "x.csv")
    assert response["Content-Type"] == "text/csv; charset=iso8859-1"
    assert body(response) == b"name\r\n\xe9\r\n"
    response = inline_or_background(
        request_for(owner), [["€"]], for_excel, "x.csv", encoding="cp1252"
    )
    assert response["Content-Type"] == "text/csv; charset=cp1252"
    assert body(response) == b"name\r\n\x80\r\n"


def test_inline_unrepresentable_is_a_clear_422(owner: User) -> None:
    response = inline_or_background(request_for(owner), [["€"]], in_latin1, "x.csv")
    assert response.status_code == 422
    assert isinstance(response, HttpResponse)
    assert json.loads(response.content) == {
        "error": "export_failed",
        "detail": "Line 2 of the CSV file contains “€”, which the latin-1 encoding cannot "
        "represent.",
    }
