"""CSV rows written into a spooled temporary file, with cells escaped against formula injection.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab
or carriage return) as a formula, so such text cells get a leading apostrophe. Numbers are written
as they are (``-5`` stays a number).
"""

from __future__ import annotations

import csv
import io
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Rows stay in memory up to this size, then the file rolls over to disk.
SPOOL_MAX_SIZE = 1024 * 1024
CHECK_EVERY_ROWS = 1000


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
    check: Callable[[], None] | None = None,
    check_seconds: float = 2.0,
) -> IO[bytes]:
    """Write rows to a new spooled file (UTF-8, ``\\r\\n`` line ends); returned at position 0.

    ``check`` runs every ``check_seconds`` while rows are written (it raises to stop).
    The caller closes the file.
    """
    spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX_SIZE)  # noqa: SIM115
    try:
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="", write_through=False)
        writer = csv.writer(text)
        if header is not None:
            writer.writerow(escape_row(header))
        last_check = time.monotonic()
        for count, row in enumerate(rows, 1):
            writer.writerow(escape_row(row))
            if check is not None and count % CHECK_EVERY_ROWS == 0:
                now = time.monotonic()
                if now - last_check >= check_seconds:
                    last_check = now
                    check()
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
    """The same CSV as encoded lines, for streaming a small export in a response."""
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
