"""CSV rows (UTF-8, ``\\r\\n`` line ends), with cells escaped against formula injection.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab
or carriage return) as a formula, so such text cells get a leading apostrophe. Numbers are written
as they are (``-5`` stays a number).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from .spool import Cadence, Check, batched, new_spool

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def escape_row(row: Iterable[Any]) -> list[Any]:
    return [escape_cell(value) for value in row]


def write_csv(
    rows: Iterable[Sequence[Any]],
    *,
    header: Sequence[Any] | None = None,
    check: Check | None = None,
    check_seconds: float | None = None,
) -> IO[bytes]:
    """Write rows to a new spooled file; returned at position 0 (the caller closes it).

    ``check`` runs every ``check_seconds`` while rows are written (it raises to stop).
    """
    spool = new_spool()
    cadence = Cadence(check, check_seconds)
    try:
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="", write_through=False)
        writer = csv.writer(text)
        if header is not None:
            writer.writerow(escape_row(header))
        for row in rows:
            writer.writerow(escape_row(row))
            cadence.tick()
        text.flush()
        text.detach()
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool


def csv_lines(
    rows: Iterable[Sequence[Any]], *, header: Sequence[Any] | None = None
) -> Iterator[bytes]:
    """The same CSV as one encoded line per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(row: Iterable[Any]) -> bytes:
        writer.writerow(escape_row(row))
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return value.encode("utf-8")

    if header is not None:
        yield line(header)
    for row in rows:
        yield line(row)


def csv_chunks(
    rows: Iterable[Sequence[Any]], *, header: Sequence[Any] | None = None
) -> Iterator[bytes]:
    """The same CSV in chunks of about 64 KiB (a ZIP member's content)."""
    return batched(csv_lines(rows, header=header))
