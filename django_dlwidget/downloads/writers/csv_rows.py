"""CSV rows (``\\r\\n`` line ends, UTF-8 unless told otherwise), with cells escaped against formula
injection.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab
or carriage return) as a formula, so such text cells get a leading apostrophe. Numbers are written
as they are (``-5`` stays a number).

The ``encoding`` is any text codec Python knows: ``"utf-8"`` (the default), ``"utf-8-sig"`` (with
the byte order mark Excel looks for), ``"cp1252"``, ``"latin-1"``... Each line is encoded on its
own, through one incremental encoder (so a BOM comes once, at the start); a character the encoding
cannot represent stops the export with a :class:`CsvEncodingError` naming the line, which the
owner reads as the download's error. An unknown encoding is refused before anything is written.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from django.utils.translation import gettext

from ..exceptions import DownloadError
from .spool import Cadence, Check, batched, spool_chunks

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DEFAULT_ENCODING = "utf-8"


class CsvEncodingError(DownloadError, ValueError):
    """An unknown CSV encoding, or a character the chosen one cannot represent. Its message is
    the download's error, shown to the owner."""


def escape_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def escape_row(row: Iterable[Any]) -> list[Any]:
    return [escape_cell(value) for value in row]


def check_encoding(encoding: object) -> str:
    """``encoding`` if Python has a text codec of that name; else a :class:`CsvEncodingError`."""
    if not isinstance(encoding, str):
        raise TypeError(f"encoding= takes the name of a text encoding, not {encoding!r}")
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise CsvEncodingError(
            gettext("The CSV encoding “%(encoding)s” is unknown.") % {"encoding": encoding}
        )
    return encoding


def charset(encoding: str) -> str:
    """The ``charset`` of a ``Content-Type`` for CSV in ``encoding`` (a BOM is no charset)."""
    name = codecs.lookup(encoding).name
    return "utf-8" if name == "utf-8-sig" else name


def write_csv(
    rows: Iterable[Sequence[Any]],
    *,
    header: Sequence[Any] | None = None,
    check: Check | None = None,
    check_seconds: float | None = None,
    encoding: str = DEFAULT_ENCODING,
) -> IO[bytes]:
    """Write rows to a new spooled file; returned at position 0 (the caller closes it).

    ``check`` runs every ``check_seconds`` while rows are written (it raises to stop).
    """
    lines = csv_lines(rows, header=header, encoding=encoding)
    return spool_chunks(lines, Cadence(check, check_seconds))


def csv_lines(
    rows: Iterable[Sequence[Any]],
    *,
    header: Sequence[Any] | None = None,
    encoding: str = DEFAULT_ENCODING,
) -> Iterator[bytes]:
    """The same CSV as one encoded line per row (the last piece may be only the encoder's end)."""
    check_encoding(encoding)
    return _lines(rows, header, encoding)


def _lines(
    rows: Iterable[Sequence[Any]], header: Sequence[Any] | None, encoding: str
) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    encoder = codecs.getincrementalencoder(encoding)()
    number = 0

    def line(row: Iterable[Any]) -> bytes:
        nonlocal number
        number += 1
        writer.writerow(escape_row(row))
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        try:
            return encoder.encode(text)
        except UnicodeEncodeError as exc:
            raise _unencodable(exc, number, encoding) from exc

    if header is not None:
        yield line(header)
    for row in rows:
        yield line(row)
    end = encoder.encode("", final=True)
    if end:
        yield end


def _unencodable(exc: UnicodeEncodeError, number: int, encoding: str) -> CsvEncodingError:
    character = exc.object[exc.start]
    return CsvEncodingError(
        gettext(
            "Line %(line)d of the CSV file contains “%(character)s”, which the %(encoding)s "
            "encoding cannot represent."
        )
        % {"line": number, "character": character, "encoding": encoding}
    )


def csv_chunks(
    rows: Iterable[Sequence[Any]],
    *,
    header: Sequence[Any] | None = None,
    encoding: str = DEFAULT_ENCODING,
) -> Iterator[bytes]:
    """The same CSV in chunks of about 64 KiB (a ZIP member's content)."""
    return batched(csv_lines(rows, header=header, encoding=encoding))
