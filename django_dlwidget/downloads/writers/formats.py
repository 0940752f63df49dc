"""The export formats by name: what each one's content type is and how rows become its bytes.

``csv``, ``xlsx`` and ``jsonl`` take rows; ``zip`` takes members (see ``archive``). Each row
format can write a whole file (``write_rows``: a spooled or temporary file at position 0) or
stream its bytes in chunks (``stream_rows``: what a ZIP member is made of). ``Rows`` marks a ZIP
member that is rows to be written in a format, rather than bytes to be stored as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any, Final

from .csv_rows import DEFAULT_ENCODING, check_encoding, csv_chunks, write_csv
from .jsonl_rows import jsonl_chunks, write_jsonl
from .spool import Check, file_blocks
from .xlsx_rows import write_xlsx

ROW_FORMATS: Final = ("csv", "xlsx", "jsonl")
FORMATS: Final = (*ROW_FORMATS, "zip")
CONTENT_TYPES: Final = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jsonl": "application/jsonl",
    "zip": "application/zip",
}
EXTENSIONS: Final = {
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}

Row = Sequence[Any] | Mapping[str, Any]


def check_format(format: str) -> str:
    """``format`` if it names a format, else a ``ValueError`` that lists them."""
    if format not in FORMATS:
        raise ValueError(f"Unknown export format {format!r}; use one of {', '.join(FORMATS)}.")
    return format


def content_type_for(format: str) -> str:
    return CONTENT_TYPES[check_format(format)]


def format_for_name(name: str) -> str:
    """The row format a file name's extension asks for; CSV when it names none."""
    dot = name.rfind(".")
    return EXTENSIONS.get(name[dot:].lower(), "csv") if dot >= 0 else "csv"


@dataclass(frozen=True)
class Rows:
    """Rows to write as one member of a ZIP archive.

    ``format`` is ``"csv"``, ``"xlsx"`` or ``"jsonl"``; by default the member's name decides
    (``.xlsx``, ``.jsonl`` or ``.ndjson``; CSV for any other name). ``encoding`` is a CSV
    member's (UTF-8 by default).
    """

    rows: Iterable[Row]
    header: Sequence[Any] | None = None
    format: str | None = None
    encoding: str | None = None

    def __post_init__(self) -> None:
        if self.format is not None and self.format not in ROW_FORMATS:
            raise ValueError(f"Rows(format={self.format!r}): use one of {', '.join(ROW_FORMATS)}.")
        check_rows(self.rows)
        if self.encoding is not None:
            if self.format not in (None, "csv"):
                raise TypeError(f"Rows(encoding=...) is for CSV, not {self.format}.")
            check_encoding(self.encoding)


def check_rows(rows: object) -> None:
    """A ``TypeError`` for what cannot be rows: bytes or text would be split into characters."""
    if isinstance(rows, str | bytes | bytearray | memoryview) or not isinstance(rows, Iterable):
        raise TypeError(
            f"Rows must be an iterable of rows, not {type(rows).__name__}; give content as file=."
        )


def check_encoding_for(format: str, encoding: str | None) -> None:
    """A ``TypeError`` for an encoding given to a format that has none (XLSX is a ZIP of XML,
    JSON Lines is UTF-8 by definition); a ``CsvEncodingError`` for an unknown one."""
    if encoding is None:
        return
    if format != "csv":
        raise TypeError(
            f"encoding= is for CSV, not {format}"
            + (": give each CSV member its Rows(..., encoding=...)." if format == "zip" else ".")
        )
    check_encoding(encoding)


def write_rows(
    format: str,
    rows: Iterable[Any],
    *,
    header: Sequence[Any] | None = None,
    check: Check | None = None,
    check_seconds: float | None = None,
    encoding: str | None = None,
) -> IO[bytes]:
    """The whole file in ``format``, at position 0 (the caller closes it); ``encoding`` for
    CSV only."""
    check_encoding_for(format, encoding)
    if format == "xlsx":
        return write_xlsx(rows, header=header, check=check, check_seconds=check_seconds)
    if format == "jsonl":
        return write_jsonl(rows, header=header, check=check, check_seconds=check_seconds)
    if format == "csv":
        return write_csv(
            rows,
            header=header,
            check=check,
            check_seconds=check_seconds,
            encoding=encoding or DEFAULT_ENCODING,
        )
    raise ValueError(f"{format!r} is not a row format; use one of {', '.join(ROW_FORMATS)}.")


def stream_rows(
    format: str,
    rows: Iterable[Any],
    *,
    header: Sequence[Any] | None = None,
    encoding: str | None = None,
) -> Iterator[bytes]:
    """The same bytes in chunks. XLSX is a ZIP file itself, finished only at its end: it is
    written to a temporary file first, then read out in blocks."""
    check_encoding_for(format, encoding)
    if format == "xlsx":
        return _xlsx_blocks(rows, header)
    if format == "jsonl":
        return jsonl_chunks(rows, header=header)
    if format == "csv":
        return csv_chunks(rows, header=header, encoding=encoding or DEFAULT_ENCODING)
    raise ValueError(f"{format!r} is not a row format; use one of {', '.join(ROW_FORMATS)}.")


def _xlsx_blocks(rows: Iterable[Any], header: Sequence[Any] | None) -> Iterator[bytes]:
    # A generator, so the workbook is built only when the first block is asked for.
    yield from file_blocks(write_xlsx(rows, header=header))
