"""Export writers: rows as CSV, XLSX or JSON Lines, and ZIP archives of several files.

Each writes into a spooled or temporary file (or streams chunks), never the whole export in
memory, whatever the row count or file size. ``save_download`` and ``inline_or_background`` use
them through ``Content`` and ``write_rows``; ``Rows`` marks a ZIP member written from rows.

- ``csv_rows``: CSV with cells escaped against formula injection, in any text encoding.
- ``xlsx_rows``: XLSX through xlsxwriter's constant-memory mode; text cells are never formulas.
- ``jsonl_rows``: JSON Lines; with a header each line is an object keyed by it, else an array.
- ``archive``: ZIP archives through zipstream-ng, member after member.
- ``formats``: the formats by name, their content types, ``Rows``.
- ``content``: what ``save_download`` was given, checked, made into one finished file.
- ``spool``: the spooled file, the cancel-check cadence, chunks and blocks.
"""

from __future__ import annotations

from .archive import zip_chunks
from .content import Content
from .csv_rows import (
    CsvEncodingError,
    charset,
    check_encoding,
    csv_lines,
    escape_cell,
    escape_row,
    write_csv,
)
from .formats import (
    CONTENT_TYPES,
    FORMATS,
    ROW_FORMATS,
    Rows,
    check_format,
    content_type_for,
    stream_rows,
    write_rows,
)
from .jsonl_rows import jsonl_lines, write_jsonl
from .spool import SPOOL_MAX_SIZE, spool_chunks
from .xlsx_rows import write_xlsx

__all__ = [
    "CONTENT_TYPES",
    "FORMATS",
    "ROW_FORMATS",
    "SPOOL_MAX_SIZE",
    "Content",
    "CsvEncodingError",
    "Rows",
    "charset",
    "check_encoding",
    "check_format",
    "content_type_for",
    "csv_lines",
    "escape_cell",
    "escape_row",
    "jsonl_lines",
    "spool_chunks",
    "stream_rows",
    "write_csv",
    "write_jsonl",
    "write_rows",
    "write_xlsx",
    "zip_chunks",
]
