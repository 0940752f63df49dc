"""Reading back what the XLSX writer wrote: each sheet's cells with their types, from the XML."""

from __future__ import annotations

import io
import re
import zipfile
from typing import IO
from xml.etree import ElementTree

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
Cell = tuple[str, str, str | None]  # (type: "inlineStr", "n", "b", "e"; text; style index)


def read_sheets(file: IO[bytes] | bytes) -> dict[str, list[dict[str, Cell]]]:
    """``{"sheet1": [{"A": cell, ...} per row], ...}``."""
    data = file if isinstance(file, bytes) else file.read()
    book = zipfile.ZipFile(io.BytesIO(data))
    sheets: dict[str, list[dict[str, Cell]]] = {}
    for name in sorted(book.namelist()):
        found = re.fullmatch(r"xl/worksheets/(sheet\d+)\.xml", name)
        if not found:
            continue
        root = ElementTree.fromstring(book.read(name))
        rows = []
        for row in root.iterfind("m:sheetData/m:row", NS):
            cells: dict[str, Cell] = {}
            for cell in row.iterfind("m:c", NS):
                column = re.sub(r"\d", "", cell.get("r", ""))
                kind = cell.get("t", "n")
                text = "".join(cell.itertext())
                cells[column] = (kind, text, cell.get("s"))
                assert cell.find("m:f", NS) is None or kind == "e", "a formula was written"
            rows.append(cells)
        sheets[found.group(1)] = rows
    return sheets
