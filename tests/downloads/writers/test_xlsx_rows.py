from __future__ import annotations

import datetime as dt
import decimal
import enum
import io
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from django_dlwidget.downloads.writers import write_xlsx, xlsx_rows

from .sheets import read_sheets


class Colour(enum.IntEnum):
    RED = 1


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every temporary file goes here, so a test sees what is left behind."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_text_is_text_never_a_formula() -> None:
    rows = [["=1+1", "+a", "-b", "@c", "http://example.com/", '=HYPERLINK("x")', "007"]]
    (row,) = read_sheets(write_xlsx(rows))["sheet1"]
    assert [row[c] for c in "ABCDEFG"] == [
        ("inlineStr", "=1+1", None),
        ("inlineStr", "+a", None),
        ("inlineStr", "-b", None),
        ("inlineStr", "@c", None),
        ("inlineStr", "http://example.com/", None),
        ("inlineStr", '=HYPERLINK("x")', None),
        ("inlineStr", "007", None),
    ]


def test_cells_are_typed(settings: Any) -> None:
    settings.TIME_ZONE = "Europe/Berlin"
    noon_utc = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)
    rows = [
        [1, -5, 2.5, decimal.Decimal("1.25"), True, None, Colour.RED, float("nan")],
        [noon_utc, dt.date(2026, 1, 2), dt.time(6, 0), dt.timedelta(hours=36), [1, 2], b"x"],
    ]
    numbers, dates = read_sheets(write_xlsx(rows))["sheet1"]
    assert {c: numbers[c][:2] for c in numbers} == {
        "A": ("n", "1"),
        "B": ("n", "-5"),
        "C": ("n", "2.5"),
        "D": ("n", "1.25"),
        "E": ("b", "1"),
        "G": ("n", "1"),  # an IntEnum is its number; F (None) is an empty cell
        "H": ("e", "#NUM!#NUM!"),
    }
    # 13:00 in Berlin is 46023 + 13/24 in Excel's day count; every date cell has a date style.
    assert float(dates["A"][1]) == pytest.approx(46023 + 13 / 24, abs=1e-6)
    assert dates["B"][:2] == ("n", "46024")
    assert dates["C"][:2] == ("n", "0.25")
    assert dates["D"][:2] == ("n", "1.5")
    assert all(dates[c][2] is not None for c in "ABCD")
    assert dates["E"][:2] == ("inlineStr", "[1, 2]")
    assert dates["F"][:2] == ("inlineStr", "b'x'")


def test_header_is_bold_and_frozen() -> None:
    spool = write_xlsx([[1, 2]], header=["=id", "name"])
    data = spool.read()
    header, row = read_sheets(data)["sheet1"]
    assert header["A"][:2] == ("inlineStr", "=id")
    assert header["A"][2] is not None
    assert row["A"][2] is None
    assert b'state="frozen"' in _sheet_xml(data)


def test_a_full_sheet_goes_on_in_a_new_one_with_the_header(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(xlsx_rows, "MAX_SHEET_ROWS", 3)
    sheets = read_sheets(write_xlsx(([n] for n in range(5)), header=["n"]))
    assert [[row["A"][1] for row in rows] for rows in sheets.values()] == [
        ["n", "0", "1"],
        ["n", "2", "3"],
        ["n", "4"],
    ]


def test_no_rows_is_an_empty_workbook() -> None:
    assert read_sheets(write_xlsx([]))["sheet1"] == []
    (header,) = read_sheets(write_xlsx([], header=["a"]))["sheet1"]
    assert header["A"][1] == "a"


def test_a_row_wider_than_a_sheet_is_an_error(scratch: Path) -> None:
    with pytest.raises(ValueError, match="16,384"):
        write_xlsx([[0] * (xlsx_rows.MAX_SHEET_COLUMNS + 1)])
    assert list(scratch.iterdir()) == []


def test_rows_that_raise_leave_no_working_files(scratch: Path) -> None:
    def rows() -> Iterator[list[int]]:
        yield [1]
        assert any(scratch.iterdir())  # the sheet's working file exists while rows come
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError, match="database went away"):
        write_xlsx(rows())
    assert list(scratch.iterdir()) == []


def test_check_runs_while_rows_are_written() -> None:
    calls: list[int] = []
    write_xlsx(([n] for n in range(2500)), check=lambda: calls.append(1), check_seconds=0)
    assert len(calls) == 2  # every 1000 rows once the interval has passed


def _sheet_xml(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
