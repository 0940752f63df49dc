from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid

import pytest

from django_dlwidget.downloads.writers import jsonl_lines, write_jsonl


class Point:
    def __str__(self) -> str:
        return "(1, 2)"


def lines(data: bytes) -> list[object]:
    assert data.endswith(b"\n")
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def test_with_a_header_each_line_is_an_object_keyed_by_it() -> None:
    data = write_jsonl([(1, "a@example.com"), (2, None)], header=["id", "email"]).read()
    assert data == b'{"id":1,"email":"a@example.com"}\n{"id":2,"email":null}\n'


def test_without_a_header_each_line_is_an_array() -> None:
    assert write_jsonl([(1, "x"), [2, True]]).read() == b'[1,"x"]\n[2,true]\n'


def test_a_mapping_row_is_written_as_it_is() -> None:
    data = write_jsonl([{"pk": 1, "name": "Zoë"}], header=["ignored"]).read()
    assert data == '{"pk":1,"name":"Zoë"}\n'.encode()


def test_values_are_encoded_as_django_does() -> None:
    key = uuid.UUID(int=1)
    row = [
        dt.datetime(2026, 1, 1, 12, 0, 0, 123456, tzinfo=dt.UTC),
        dt.date(2026, 1, 2),
        decimal.Decimal("1.10"),
        key,
        float("nan"),
        float("-inf"),
        [float("inf")],
        Point(),
        "=1+1",
    ]
    assert lines(write_jsonl([row]).read()) == [
        [
            "2026-01-01T12:00:00.123Z",
            "2026-01-02",
            "1.10",
            str(key),
            None,
            None,
            [None],
            "(1, 2)",  # anything else is its str(), as in CSV
            "=1+1",  # JSON is never run as a formula: nothing to escape
        ]
    ]


def test_a_row_that_does_not_match_the_header_is_an_error() -> None:
    with pytest.raises(ValueError, match="row 2 has 3 cells, the header 2"):
        list(jsonl_lines([(1, 2), (1, 2, 3)], header=["a", "b"]))
    with pytest.raises(ValueError, match="row 1 has 1 cells"):
        list(jsonl_lines([(1,)], header=["a", "b"]))


def test_a_header_names_each_key_once() -> None:
    with pytest.raises(ValueError, match="each key once"):
        list(jsonl_lines([(1, 2)], header=["a", "a"]))


def test_check_runs_while_rows_are_written() -> None:
    calls: list[int] = []
    write_jsonl(([n] for n in range(3000)), check=lambda: calls.append(1), check_seconds=0)
    assert len(calls) == 3
