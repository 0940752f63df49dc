from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from django_dlwidget.downloads.writers import Content


class Pipe(io.RawIOBase):
    """A binary stream that cannot seek, like a socket or a subprocess's output."""

    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self.data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({}, TypeError, "either an iterable of rows or a file"),
        ({"iterable": [], "file": b""}, TypeError, "either"),
        ({"iterable": [], "format": "pdf"}, ValueError, "Unknown export format 'pdf'"),
        ({"iterable": b"abc"}, TypeError, "not bytes; give content as file="),
        ({"iterable": "abc"}, TypeError, "not str"),
        ({"iterable": 42}, TypeError, "not int"),
        ({"file": b"", "header": ["a"]}, TypeError, "header= is for rows"),
        ({"iterable": [], "header": ["a"], "format": "zip"}, TypeError, "Rows"),
        ({"file": "text"}, TypeError, "not text"),
        ({"file": io.StringIO("text")}, TypeError, "not text"),
        ({"file": 42}, TypeError, "not int"),
    ],
)
def test_bad_arguments_are_refused_at_once(kwargs: dict[str, Any], error: type, match: str) -> None:
    kwargs = {"iterable": None, "file": None, **kwargs}
    with pytest.raises(error, match=match):
        Content(kwargs.pop("iterable"), kwargs.pop("file"), **kwargs)


def test_a_seekable_file_goes_as_it_is_and_stays_open() -> None:
    given = io.BytesIO(b"abc")
    with Content(None, given).open() as content:
        assert content.file is given
    assert not given.closed


def test_a_stream_that_cannot_seek_is_spooled() -> None:
    with Content(None, Pipe(b"x" * 300_000)).open() as content:
        assert content.file is not None
        assert content.file.seekable()
        assert content.read() == b"x" * 300_000


def test_chunks_of_unknown_size_are_spooled_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    from django_dlwidget.downloads.writers import spool

    monkeypatch.setattr(spool, "CHECK_SECONDS", 0)
    calls: list[int] = []

    def chunks() -> Iterator[bytes]:
        for _ in range(3):
            yield b"ab"

    with Content(None, chunks()).open(check=lambda: calls.append(1)) as content:
        assert content.read() == b"ababab"
    assert len(calls) == 3
    with pytest.raises(TypeError, match="chunks must be bytes, not str"):  # noqa: SIM117
        with Content(None, iter([b"a", "b"])).open():
            pass


def test_temporary_files_go_when_done(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with Content([["x" * 100]] * 20_000, None).open() as content:
        assert content.file._rolled  # type: ignore[union-attr]  # on disk, not in memory
    for format in ("xlsx", "jsonl"):
        with Content([[1]], None, format=format).open() as content:
            assert content.read()
    assert list(tmp_path.iterdir()) == []


def test_content_types() -> None:
    assert Content([], None).content_type == "text/csv"
    assert Content([], None, format="xlsx").content_type == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert Content([], None, format="jsonl").content_type == "application/jsonl"
    assert Content([], None, format="zip").content_type == "application/zip"
    assert Content(None, b"").content_type is None
