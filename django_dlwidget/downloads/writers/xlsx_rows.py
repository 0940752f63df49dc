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

from .spool import CHECK_EVERY_ROWS, Cadence, Check

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
# A cell writer: row, column, value.
Write = Callable[[int, int, Any], Any]
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
                _Sheets(book, header).fill(rows, Cadence(check, check_seconds, every=1))
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
    """The sheet being written and its next row; a new sheet once one is full.

    Each sheet's writers by cell type are bound to it once: a text, integer, float or boolean
    cell goes straight to xlsxwriter's own writer for it (row and column as numbers already, so
    its A1-notation wrapper has nothing to do), the others through a conversion first."""

    def __init__(self, book: Any, header: Sequence[Any] | None) -> None:
        self.book = book
        self.header = list(header) if header is not None else None
        self.bold = book.add_format({"bold": True})
        self.formats = {
            kind: book.add_format({"num_format": shown}) for kind, shown in DATE_FORMATS.items()
        }
        self.sheet: Any = None
        self.writers: dict[type, Write] = {}
        self.row = MAX_SHEET_ROWS

    def fill(self, rows: Iterable[Sequence[Any]], cadence: Cadence) -> None:
        writers, writer_for = self.writers, self._writer_for
        number = self.row
        for row in rows:
            if number >= MAX_SHEET_ROWS:
                self._new_sheet()
                writers, number = self.writers, self.row
            column = -1
            for column, value in enumerate(row):
                if value is not None:
                    (writers.get(value.__class__) or writer_for(value))(number, column, value)
            if column >= MAX_SHEET_COLUMNS:
                raise ValueError(f"An XLSX row holds at most {MAX_SHEET_COLUMNS:,} cells.")
            number += 1
            if not number % CHECK_EVERY_ROWS:
                cadence.tick()
        if self.sheet is None:
            self._new_sheet()

    def _new_sheet(self) -> None:
        self.sheet = sheet = self.book.add_worksheet()
        self.writers = self._writers_of(sheet)
        self.row = 0
        if self.header is not None:
            for column, value in enumerate(self.header):
                sheet.write_string(0, column, str(value), self.bold)
            sheet.freeze_panes(1, 0)
            self.row = 1

    def _writers_of(self, sheet: Any) -> dict[type, Write]:
        formats = self.formats
        text, number, boolean = sheet._write_string, sheet._write_number, sheet._write_boolean
        when = sheet._write_datetime

        def converted(row: int, column: int, value: Any) -> None:
            number(row, column, float(value))

        def other(row: int, column: int, value: Any) -> None:
            text(row, column, str(value))

        def local_time(row: int, column: int, value: dt.datetime) -> None:
            if timezone.is_aware(value):
                value = timezone.localtime(value).replace(tzinfo=None)
            when(row, column, value, formats[dt.datetime])

        def dated(kind: type) -> Write:
            shown = formats[kind]
            return lambda row, column, value: when(row, column, value, shown)

        return {
            str: text,
            int: number,
            float: number,
            bool: boolean,
            decimal.Decimal: converted,
            fractions.Fraction: converted,
            dt.datetime: local_time,
            dt.date: dated(dt.date),
            dt.time: dated(dt.time),
            dt.timedelta: dated(dt.timedelta),
            object: other,
        }

    def _writer_for(self, value: Any) -> Write:
        """Subclasses (an ``IntEnum``, a ``SafeString``) write as their base type (an ``int`` as
        a float: xlsxwriter takes exact numbers only); anything else as its ``str()``. Kept for
        the type's next cells."""
        write = self.writers[value.__class__] = self._base_writer(value)
        return write

    def _base_writer(self, value: Any) -> Write:
        kinds = [kind for kind in self.writers if kind is not object and isinstance(value, kind)]
        if not kinds:
            return self.writers[object]
        # The most derived base: a datetime is a date too.
        kind = next(k for k in kinds if all(issubclass(k, other) for other in kinds))
        if kind is int or kind is float:
            return self.writers[decimal.Decimal]
        if kind is str:
            text = self.writers[str]
            return lambda row, column, value: text(row, column, str.__str__(value))
        return self.writers[kind]
