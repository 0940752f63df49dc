from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest

from django_dlwidget.downloads.writers import Rows, zip_chunks

from .sheets import read_sheets


def archive(members: Any) -> zipfile.ZipFile:
    data = b"".join(zip_chunks(members))
    opened = zipfile.ZipFile(io.BytesIO(data))
    assert opened.testzip() is None
    return opened


def test_every_kind_of_member() -> None:
    file = io.BytesIO(b"skip:file bytes")
    file.seek(5)  # read from where it stands
    opened = archive(
        [
            ("orders.csv", Rows([(1, "=x")], header=["n", "t"])),
            ("orders.jsonl", Rows([(1, "x")], header=["n", "t"])),
            ("orders.xlsx", Rows([(1, "x")], header=["n", "t"])),
            ("data.txt", Rows([(1,)], format="jsonl")),
            ("raw/blob.bin", b"\x00\x01"),
            ("raw/file.bin", file),
            ("raw/chunks.bin", iter([b"ab", bytearray(b"cd"), memoryview(b"ef")])),
        ]
    )
    assert opened.read("orders.csv") == b"n,t\r\n1,'=x\r\n"
    assert opened.read("orders.jsonl") == b'{"n":1,"t":"x"}\n'
    assert read_sheets(opened.read("orders.xlsx"))["sheet1"][1]["B"][:2] == ("inlineStr", "x")
    assert opened.read("data.txt") == b"[1]\n"
    assert opened.read("raw/blob.bin") == b"\x00\x01"
    assert opened.read("raw/file.bin") == b"file bytes"
    assert opened.read("raw/chunks.bin") == b"abcdef"
    assert file.closed  # a member's file is closed once written
    kinds = {info.filename: info.compress_type for info in opened.infolist()}
    assert kinds["orders.xlsx"] == zipfile.ZIP_STORED  # compressed already
    assert kinds["orders.csv"] == zipfile.ZIP_DEFLATED


def test_a_mapping_of_members() -> None:
    assert archive({"a.txt": b"a", "b.txt": b"b"}).namelist() == ["a.txt", "b.txt"]


def test_members_are_taken_one_at_a_time() -> None:
    """A generator of members opens each only when the one before it is written."""
    events: list[str] = []

    def content(name: str) -> Iterator[bytes]:
        events.append(f"start {name}")
        yield name.encode()
        events.append(f"end {name}")

    def members() -> Iterator[tuple[str, Any]]:
        for name in ("a", "b"):
            events.append(f"member {name}")
            yield name, content(name)

    archive(members())
    assert events == ["member a", "start a", "end a", "member b", "start b", "end b"]


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("../../etc/passwd", "etc/passwd"),
        ("/abs/path.txt", "abs/path.txt"),
        ("dir\\win.txt", "dir/win.txt"),
        ("./a/./b.txt", "a/b.txt"),
        ("evil\u202egpj.exe", "evilgpj.exe"),
        ("line\nbreak.txt", "line break.txt"),
    ],
)
def test_member_names_are_cleaned(given: str, stored: str) -> None:
    assert archive([(given, b"x")]).namelist() == [stored]


@pytest.mark.parametrize(
    ("members", "error", "match"),
    [
        ([("", b"x")], ValueError, "empty"),
        ([("../..", b"x")], ValueError, "empty"),
        ([("a.txt", b"x"), ("./a.txt", b"y")], ValueError, "Two ZIP members"),
        ([(b"a.txt", b"x")], TypeError, "name is a string"),
        ([("a.txt", "text")], TypeError, "not text"),
        ([("a.txt", io.StringIO("text"))], TypeError, "not text"),
        ([("a.txt", 42)], TypeError, "not int"),
        ([("a.txt", iter(["text"]))], TypeError, "chunks must be bytes, not str"),
        (["a.txt"], TypeError, r"\(name, content\) pair"),
        ([("a.txt", b"x", "extra")], TypeError, r"\(name, content\) pair"),
    ],
)
def test_bad_members_are_clear_errors(members: Any, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        b"".join(zip_chunks(members))


def test_rows_check_their_format() -> None:
    with pytest.raises(ValueError, match="Rows"):
        Rows([], format="zip")
    with pytest.raises(TypeError, match="iterable of rows"):
        Rows(b"not rows")  # type: ignore[arg-type]


def test_a_large_unsized_member_reads_back() -> None:
    block = bytes(range(256)) * 1024
    opened = archive([("big.bin", (block for _ in range(40)))])
    info = opened.getinfo("big.bin")
    assert info.file_size == 40 * len(block)
    assert opened.read("big.bin") == block * 40
