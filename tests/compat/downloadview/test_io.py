"""``BytesIteratorIO`` and ``TextIteratorIO``: file reads over iterators, pulled lazily."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from django_dlwidget.compat.downloadview.io import BytesIteratorIO, TextIteratorIO
from django_dlwidget.serving.source import known_size

TEXT = "Hello world!\né\n"
BYTES = TEXT.encode()


def text_chunks() -> Iterator[str]:
    yield from ("Hello ", "", "world!", "\n", "é", "\n")


def byte_chunks() -> Iterator[bytes]:
    yield from (b"Hello ", b"", b"world!", b"\n", "é".encode(), b"\n")


@pytest.mark.parametrize("chunks", [text_chunks, byte_chunks])
def test_text_reads_text_whatever_the_chunks(chunks: Callable[[], Iterator[Any]]) -> None:
    assert TextIteratorIO(chunks()).read() == TEXT
    assert TextIteratorIO(chunks()).read(None) == TEXT


@pytest.mark.parametrize("chunks", [text_chunks, byte_chunks])
def test_bytes_reads_bytes_whatever_the_chunks(chunks: Callable[[], Iterator[Any]]) -> None:
    assert BytesIteratorIO(chunks()).read() == BYTES
    assert BytesIteratorIO(chunks()).read(-1) == BYTES


def test_sized_reads_cross_chunk_boundaries_and_end_empty() -> None:
    reader = BytesIteratorIO(byte_chunks())
    assert reader.read(3) == b"Hel"
    assert reader.read(8) == b"lo world"
    assert reader.read1(100) == b"!\n" + "é".encode() + b"\n"
    assert reader.read(5) == b""
    text = TextIteratorIO(text_chunks())
    assert [text.read(4), text.read(0), text.read(100), text.read()] == [
        "Hell",
        "",
        "o world!\né\n",
        "",
    ]


def test_lines() -> None:
    assert list(TextIteratorIO(text_chunks())) == ["Hello world!\n", "é\n"]
    reader = BytesIteratorIO(iter([b"ab", b"c\nde", b"f"]))
    assert reader.readline() == b"abc\n"
    assert reader.readline(1) == b"d"
    assert reader.readline() == b"ef"
    assert reader.readline() == b""


def test_chunks_are_pulled_only_as_reads_need_them() -> None:
    pulled: list[int] = []

    def chunks() -> Iterator[bytes]:
        for number in range(3):
            pulled.append(number)
            yield b"x" * 10

    reader = BytesIteratorIO(chunks())
    assert pulled == []
    reader.read(5)
    assert pulled == [0]
    reader.read(10)
    assert pulled == [0, 1]


@pytest.mark.parametrize("cls", [BytesIteratorIO, TextIteratorIO])
def test_readable_not_seekable_and_close_stops_the_generator(cls: type) -> None:
    finished: list[bool] = []

    def chunks() -> Iterator[bytes]:
        try:
            yield b"a"
            yield b"b"
        finally:
            finished.append(True)

    reader = cls(chunks())
    assert reader.readable()
    assert not reader.seekable()
    reader.read(1)
    reader.close()
    assert finished == [True]
    assert reader.closed
    reader.close()  # twice is harmless


def test_the_native_server_sees_content_of_unknown_size() -> None:
    from django.core.files import File

    assert known_size(File(BytesIteratorIO(byte_chunks()))) is None
    assert known_size(File(TextIteratorIO(text_chunks()))) is None  # type: ignore[arg-type]


def test_bytes_reader_cannot_seek_so_no_size_is_made_up() -> None:
    import io

    from django.core.files import File

    reader = BytesIteratorIO(byte_chunks())
    with pytest.raises(io.UnsupportedOperation):
        reader.seek(0)
    with pytest.raises(io.UnsupportedOperation):
        reader.tell()
    with pytest.raises(io.UnsupportedOperation):
        File(reader).size  # noqa: B018 - Django's File would otherwise say 0
    assert b"".join(File(BytesIteratorIO(byte_chunks())).chunks()) == BYTES
