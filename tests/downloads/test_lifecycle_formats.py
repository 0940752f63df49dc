"""``save_download`` in every format: rows as XLSX and JSON Lines, ZIP members, content of
unknown size, and the content type a format gives a download."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from django_dlwidget import DownloadCancelled, init_download, save_download
from django_dlwidget.downloads.writers import Rows
from django_dlwidget.models import Download, DownloadStatus

from .writers.sheets import read_sheets
from .writers.test_content import Pipe

pytestmark = pytest.mark.django_db(transaction=True)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def stored(media: Path, download: Download) -> bytes:
    return (media / str(download.file.name)).read_bytes()


def test_rows_as_xlsx(owner: User, media: Path) -> None:
    download = init_download(owner, "report.xlsx")
    saved = save_download(download.key, [(1, "=SUM(A1)")], header=["n", "t"], format="xlsx")
    assert (saved.status, saved.content_type) == (DownloadStatus.READY, XLSX)
    header, row = read_sheets(stored(media, saved))["sheet1"]
    assert (header["A"][1], row["A"][1], row["B"][:2]) == ("n", "1", ("inlineStr", "=SUM(A1)"))
    assert saved.size == len(stored(media, saved))


def test_rows_as_json_lines(owner: User, media: Path) -> None:
    download = init_download(owner, "report.jsonl")
    saved = save_download(
        download.key, ([i, f"r{i}"] for i in range(2)), header=["n", "t"], format="jsonl"
    )
    assert stored(media, saved) == b'{"n":0,"t":"r0"}\n{"n":1,"t":"r1"}\n'


def test_members_as_a_zip(owner: User, media: Path) -> None:
    download = init_download(owner, "export.zip")

    def members() -> Iterator[tuple[str, object]]:
        yield "users.csv", Rows([(1, "a")], header=["id", "name"])
        yield "users.xlsx", Rows([(1, "a")])
        yield "notes/readme.txt", b"hello"

    saved = save_download(download.key, members(), format="zip")
    assert saved.content_type == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(stored(media, saved)))
    assert archive.namelist() == ["users.csv", "users.xlsx", "notes/readme.txt"]
    assert archive.read("users.csv") == b"id,name\r\n1,a\r\n"


def test_content_of_unknown_size(owner: User, media: Path) -> None:
    chunks = (bytes([i]) * 100_000 for i in range(30))
    saved = save_download(init_download(owner, "gen.bin").key, file=chunks)
    assert stored(media, saved) == b"".join(bytes([i]) * 100_000 for i in range(30))
    assert saved.size == 3_000_000
    piped = save_download(init_download(owner, "pipe.bin").key, file=Pipe(b"abc" * 1000))
    assert stored(media, piped) == b"abc" * 1000


def test_the_format_names_an_unnamed_type_only(owner: User) -> None:
    """A download whose name gave no type gets the format's; a type given stays."""
    plain = save_download(init_download(owner, "export").key, [[1]], format="jsonl")
    assert plain.content_type == "application/jsonl"
    chosen = init_download(owner, "export", content_type="application/x-ndjson")
    assert save_download(chosen.key, [[1]], format="jsonl").content_type == "application/x-ndjson"
    raw = save_download(init_download(owner, "blob").key, file=b"x")
    assert raw.content_type == "application/octet-stream"


def test_a_cancel_is_noticed_while_chunks_stream(
    owner: User, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django_dlwidget.downloads.writers import spool

    monkeypatch.setattr(spool, "CHECK_SECONDS", 0)
    download = init_download(owner, "gen.bin")

    def chunks() -> Iterator[bytes]:
        yield b"a"
        Download.objects.filter(key=download.key).update(status=DownloadStatus.CANCELLED)
        yield b"b"
        raise AssertionError("the job went on after the cancel")

    with pytest.raises(DownloadCancelled):
        save_download(download.key, file=chunks())
    assert Download.objects.get(key=download.key).status == DownloadStatus.CANCELLED
    assert not [p for p in media.rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("x.csv.gz", "application/gzip"),
        ("x.csv.zst", "application/zstd"),
        ("x.csv.bz2", "application/x-bzip2"),
        ("x.csv.xz", "application/x-xz"),
    ],
)
def test_a_compressed_name_records_its_compression_type(
    owner: User, filename: str, expected: str
) -> None:
    """Issue 13, finding 15: ``x.csv.gz`` was recorded (and served) as ``text/csv``."""
    download = init_download(owner, filename)
    assert download.content_type == expected
    saved = save_download(download.key, file=b"\x1f\x8b compressed already")
    assert saved.content_type == expected
