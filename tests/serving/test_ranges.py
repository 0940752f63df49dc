from __future__ import annotations

import pytest

from django_dlwidget.serving.ranges import UNSATISFIABLE, ByteRange, parse_range


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-9", ByteRange(0, 9, 100)),
        ("bytes=10-", ByteRange(10, 99, 100)),
        ("bytes=-10", ByteRange(90, 99, 100)),
        ("bytes=-1000", ByteRange(0, 99, 100)),
        ("bytes=50-1000", ByteRange(50, 99, 100)),
        ("bytes=99-99", ByteRange(99, 99, 100)),
        ("BYTES = 1-2", ByteRange(1, 2, 100)),
        ("bytes= 3 - 4 ", ByteRange(3, 4, 100)),
    ],
)
def test_single_ranges(header: str, expected: ByteRange) -> None:
    assert parse_range(header, 100) == expected


@pytest.mark.parametrize("header", ["bytes=100-", "bytes=100-200", "bytes=-0", "bytes=500-"])
def test_unsatisfiable(header: str) -> None:
    assert parse_range(header, 100) == UNSATISFIABLE


def test_empty_file_has_no_satisfiable_range() -> None:
    assert parse_range("bytes=0-", 0) == UNSATISFIABLE
    assert parse_range("bytes=-5", 0) == UNSATISFIABLE


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "items=0-9",
        "bytes",
        "bytes=",
        "bytes=-",
        "bytes=9-0",
        "bytes=a-b",
        "bytes=0-9,20-29",
        "bytes=1-2-3",
        "bytes=0x1-2",
        "bytes=" + "1" * 300 + "-",
        "bytes=0-9\r\nX: y",
    ],
)
def test_ignored_headers_mean_the_whole_file(header: str | None) -> None:
    assert parse_range(header, 100) is None


def test_content_range() -> None:
    assert ByteRange(5, 9, 100).content_range == "bytes 5-9/100"
    assert ByteRange(5, 9, 100).length == 5
