"""XLSX rows through xlsxwriter in constant-memory mode, into a temporary file.

Constant-memory mode writes each row out as soon as the next one starts and keeps strings inline
instead of in a shared table, so memory stays flat whatever the row count. Its working files go
into a temporary folder of their own, removed with everything in it when the export ends, also
when the rows raise.

Cells are typed: text is always written as a text cell, never as a formula, so ``=1+1`` reads
back as ``=1+1`` and nothing needs the apostrophe CSV gets (URLs stay text too, and xlsxwriter's
"string to number" guessing is off). Numbers (``Decimal`` included) are numbers, booleans are
booleans, NaN and infinities become Excel's error values. Dates, times and durations are date
cells; an aware datetime is shown in the current time zone (``timezone.localtime``). ``None`` is
an empty cell; anything else is its ``str()``. Text longer than Excel's 32,767 characters is cut
there (by xlsxwriter, with a warning). A sheet holds 1,048,576 rows: the rows go on in a new
sheet ("Sheet2", ...) that repeats the header. A row wider than 16,384 cells is an error.
"""

from __future__ import annotations

import datetime as dt
import decimal
import fractions
import tempfile
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any

import xlsxwriter
from django.utils import timezone

from .spool import Cadence, Check

MAX_SHEET_ROWS = 1_048_576
MAX_SHEET_COLUMNS = 16_384
WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": True,
    "remove_timezone": True,
}
DATE_FORMATS = {
    dt.datetime: "yyyy-mm-dd hh:mm:ss",
    dt.date: "yyyy-mm-dd",
    dt.time: "hh:mm:ss",
    dt.timedelta: "[h]:mm:ss",
}


def write_xlsx(
    rows: Iterable[Sequence[Any]],
    *,
    header: Sequence[Any] | None = None,
    check: Check | None = None,
    check_seconds: float | None = None,
) -> IO[bytes]:
    """Write rows to a new temporary XLSX file; returned at position 0 (the caller closes it)."""
    output: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        with tempfile.TemporaryDirectory(prefix="dlwidget-xlsx-") as workdir:
            book = xlsxwriter.Workbook(output, {**WORKBOOK_OPTIONS, "tmpdir": workdir})
            try:
                _Sheets(book, header).fill(rows, Cadence(check, check_seconds))
                book.close()
            except BaseException:
                # Close the sheets' working files; the folder goes with them.
                for sheet in book.worksheets():
                    sheet._opt_close()
                book.fileclosed = True
                raise
    except BaseException:
        output.close()
        raise
    output.seek(0)
    return output


class _Sheets:
    """The sheet being written and its next row; a new sheet once one is full."""

    def __init__(self, book: Any, header: Sequence[Any] | None) -> None:
        self.book = book
        self.header = list(header) if header is not None else None
        self.bold = book.add_format({"bold": True})
        self.formats = {
            kind: book.add_format({"num_format": shown}) for kind, shown in DATE_FORMATS.items()
        }
        self.writers: dict[type, Callable[[Any, int, int, Any], None]] = {
            str: self._text,
            int: self._number,
            float: self._number,
            bool: self._boolean,
            decimal.Decimal: self._number,
            fractions.Fraction: self._number,
            dt.datetime: self._datetime,
            dt.date: self._date,
            dt.time: self._date,
            dt.timedelta: self._date,
        }
        self.sheet: Any = None
        self.row = MAX_SHEET_ROWS

    def fill(self, rows: Iterable[Sequence[Any]], cadence: Cadence) -> None:
        for row in rows:
            if self.row >= MAX_SHEET_ROWS:
                self._new_sheet()
            self._write_row(row)
            cadence.tick()
        if self.sheet is None:
            self._new_sheet()

    def _new_sheet(self) -> None:
        self.sheet = self.book.add_worksheet()
        self.row = 0
        if self.header is not None:
            for column, value in enumerate(self.header):
                self.sheet.write_string(0, column, str(value), self.bold)
            self.sheet.freeze_panes(1, 0)
            self.row = 1

    def _write_row(self, row: Sequence[Any]) -> None:
        sheet, number = self.sheet, self.row
        for column, value in enumerate(row):
            if column >= MAX_SHEET_COLUMNS:
                raise ValueError(f"An XLSX row holds at most {MAX_SHEET_COLUMNS:,} cells.")
            if value is None:
                continue
            write = self.writers.get(type(value)) or self._writer_for(value)
            write(sheet, number, column, value)
        self.row += 1

    def _writer_for(self, value: Any) -> Callable[[Any, int, int, Any], None]:
        """Subclasses (an ``IntEnum``, a ``SafeString``) write as their base type."""
        for kind, write in self.writers.items():
            if isinstance(value, kind):
                return write
        return self._other

    def _text(self, sheet: Any, row: int, column: int, value: str) -> None:
        sheet.write_string(row, column, value)

    def _other(self, sheet: Any, row: int, column: int, value: Any) -> None:
        sheet.write_string(row, column, str(value))

    def _number(self, sheet: Any, row: int, column: int, value: Any) -> None:
        sheet.write_number(row, column, float(value))

    def _boolean(self, sheet: Any, row: int, column: int, value: bool) -> None:
        sheet.write_boolean(row, column, value)

    def _datetime(self, sheet: Any, row: int, column: int, value: dt.datetime) -> None:
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        sheet.write_datetime(row, column, value, self.formats[dt.datetime])

    def _date(self, sheet: Any, row: int, column: int, value: Any) -> None:
        kind = next(k for k in (dt.date, dt.time, dt.timedelta) if isinstance(value, k))
        sheet.write_datetime(row, column, value, self.formats[kind])
