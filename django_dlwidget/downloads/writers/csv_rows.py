"""CSV rows (``\\r\\n`` line ends, UTF-8 unless told otherwise), with cells escaped against formula
injection.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab
or carriage return) as a formula, so such text cells get a leading apostrophe. Numbers are written
as they are (``-5`` stays a number).

The ``encoding`` is any text codec Python knows: ``"utf-8"`` (the default), ``"utf-8-sig"`` (with
the byte order mark Excel looks for), ``"cp1252"``, ``"latin-1"``... Rows are rendered in batches
(``csv_batch``: column by column, about 64 KiB of CSV at a time) and each batch is encoded at
once, through one incremental encoder (so a BOM comes once, at the start); a character the encoding
cannot represent stops the export with a :class:`CsvEncodingError` naming the line, which the
owner reads as the download's error. An unknown encoding is refused before anything is written.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import IO, Any

from django.utils.translation import gettext

from ..exceptions import DownloadError
from .csv_batch import FORMULA_PREFIXES, escape_cell, escape_row, render_batch, render_rows
from .spool import CHUNK_SIZE, Cadence, Check, spool_chunks

__all__ = [
    "DEFAULT_ENCODING",
    "FORMULA_PREFIXES",
    "CsvEncodingError",
    "charset",
    "check_encoding",
    "csv_chunks",
    "csv_lines",
    "escape_cell",
    "escape_row",
    "write_csv",
]

DEFAULT_ENCODING = "utf-8"
# Rows rendered together: the first batch's size; each next one at most twice the last, aiming at
# about CHUNK_SIZE bytes of CSV (so wide rows make small batches), and at most MAX_BATCH_ROWS: the
# rows of a batch are alive together, and more than the garbage collector's first threshold (700
# new containers) would have it run through every batch.
FIRST_BATCH_ROWS = 16
MAX_BATCH_ROWS = 512


class CsvEncodingError(DownloadError, ValueError):
    """An unknown CSV encoding, or a character the chosen one cannot represent. Its message is
    the download's error, shown to the owner."""


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
    chunks = csv_chunks(rows, header=header, encoding=encoding)
    return spool_chunks(chunks, Cadence(check, check_seconds, every=1))


def csv_lines(
    rows: Iterable[Sequence[Any]],
    *,
    header: Sequence[Any] | None = None,
    encoding: str = DEFAULT_ENCODING,
) -> Iterator[bytes]:
    """The same CSV as one encoded line per row (the last piece may be only the encoder's end)."""
    check_encoding(encoding)
    return _encoded(rows, header, encoding, batch_rows=1)


def csv_chunks(
    rows: Iterable[Sequence[Any]],
    *,
    header: Sequence[Any] | None = None,
    encoding: str = DEFAULT_ENCODING,
) -> Iterator[bytes]:
    """The same CSV in chunks of about 64 KiB (a ZIP member's content, a spooled file's writes)."""
    check_encoding(encoding)
    return _encoded(rows, header, encoding, batch_rows=None)


def _encoded(
    rows: Iterable[Sequence[Any]],
    header: Sequence[Any] | None,
    encoding: str,
    batch_rows: int | None,
) -> Iterator[bytes]:
    """Rows taken in batches (of ``batch_rows``, or sized to about ``CHUNK_SIZE`` bytes of CSV),
    each rendered and encoded at once through one incremental encoder (so a BOM comes once)."""
    encode = codecs.getincrementalencoder(encoding)().encode
    done = 0  # lines written, the header included
    if header is not None:
        lines = render_rows([header])
        yield _encode(encode, lines, lines, done, encoding)
        done = 1
    source = iter(rows)
    size = batch_rows or FIRST_BATCH_ROWS
    while batch := list(islice(source, size)):
        text = render_batch(batch)
        if text is None:
            lines = render_rows(batch)
            data = _encode(encode, lines, lines, done, encoding)
        else:
            data = _encode(encode, text, batch, done, encoding)
        done += len(batch)
        if batch_rows is None:
            size = max(1, min(MAX_BATCH_ROWS, 2 * size, size * CHUNK_SIZE // max(len(data), 1)))
        yield data
    end = encode("", final=True)
    if end:
        yield end


def _encode(
    encode: Any, text: str | list[str], rows: Sequence[Any], done: int, encoding: str
) -> bytes:
    """``text`` (a batch, or its lines) encoded; a character the encoding cannot represent is a
    :class:`CsvEncodingError` naming its line, looked for in ``rows`` (lines, or re-rendered)."""
    try:
        data: bytes = encode(text if isinstance(text, str) else "".join(text))
    except UnicodeEncodeError as exc:
        lines = rows if isinstance(text, list) else render_rows(rows)
        for number, line in enumerate(lines, done + 1):
            try:
                line.encode(encoding)
            except UnicodeEncodeError as found:
                raise _unencodable(found, number, encoding) from exc
        raise _unencodable(exc, done + 1, encoding) from exc
    return data


def _unencodable(exc: UnicodeEncodeError, number: int, encoding: str) -> CsvEncodingError:
    character = exc.object[exc.start]
    return CsvEncodingError(
        gettext(
            "Line %(line)d of the CSV file contains “%(character)s”, which the %(encoding)s "
            "encoding cannot represent."
        )
        % {"line": number, "character": character, "encoding": encoding}
    )
