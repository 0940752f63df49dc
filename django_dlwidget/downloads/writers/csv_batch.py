"""Many CSV rows at once, column by column, as ``csv.writer`` would write them escaped.

A million-row export spends its time on per-cell Python work, so a batch of rows is rendered a
column at a time with C-level string operations: a column of text is joined once, its formula
prefixes are marked by one regular expression and it is split again; numbers are left to ``%``
formatting (``%d`` of an ``int``, ``str`` of a ``bool`` or ``float``, which is what ``csv.writer``
writes);
the whole batch then becomes one string through one ``%`` template. The result is byte for byte
``csv.writer(...).writerow(escape_row(row))`` for each row (the writer tests and a property test
hold it to that).

:func:`render_rows` is that exact per-row path. :func:`render_batch` takes the column path when it
can and returns None when it cannot tell the result would be the same: rows that are not tuples
or lists of one width (two cells at least: a lone empty cell is written ``""``), and text that
holds a NUL (the separator used to join a column).
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMULA_START = frozenset(FORMULA_PREFIXES)
# A column's cells are joined with NUL: a cell starts with a prefix where NUL is followed by one.
SEPARATOR = "\x00"
PREFIXED = re.compile("\x00(?=[=+\\-@\t\r])")
SEPARATED_PREFIXES = tuple(SEPARATOR + prefix for prefix in FORMULA_PREFIXES)
# Characters that make csv.writer quote a cell (the excel dialect: comma, quote, CR, LF).
QUOTED = ('"', ",", "\r", "\n")
NUMBERS = frozenset({int, float, bool})
TEXT_OR_FLOAT = (str, float)
NONE_TYPE = type(None)


def escape_cell(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def escape_row(row: Iterable[Any]) -> list[Any]:
    return [escape_cell(value) for value in row]


class _Lines:
    """A ``csv.writer`` target that keeps each written line."""

    __slots__ = ("lines", "write")

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.write = self.lines.append


def render_rows(rows: Iterable[Iterable[Any]]) -> list[str]:
    """Each row escaped and written by ``csv.writer``: one string per row."""
    target = _Lines()
    csv.writer(target).writerows(map(escape_row, rows))
    return target.lines


def render_batch(rows: Sequence[Any]) -> str | None:
    """The rows' CSV as one string, each row one ``\\r\\n``-terminated line (no cell holds a line
    break unquoted); None where only :func:`render_rows` can tell."""
    count = len(rows)
    if not count or not _plain_rows(rows):
        return None
    try:
        columns = list(zip(*rows, strict=True))
    except ValueError:  # rows of different widths
        return None
    width = len(columns)
    if width < 2:
        return None
    cells: list[Any] = [None] * (width * count)
    codes = []
    try:
        for index, values in enumerate(columns):
            rendered, code = _column(values)
            cells[index::width] = values if rendered is None else rendered
            codes.append(code)
    except _Unsure:
        return None
    return _template(tuple(codes), count) % tuple(cells)


class _Unsure(Exception):
    """A column the column path cannot render as csv.writer would."""


def _plain_rows(rows: Sequence[Any]) -> bool:
    """Rows that can be read twice and measured: tuples (named ones too) and lists."""
    for kind in set(map(type, rows)):
        if kind is tuple or kind is list:
            continue
        if not issubclass(kind, tuple) or kind.__iter__ is not tuple.__iter__:
            return False
        if kind.__len__ is not tuple.__len__:
            return False
    return True


def _column(values: Sequence[Any]) -> tuple[list[Any] | None, str]:
    """A column's cells ready for ``%`` formatting (None when they are ready as they are) and
    the conversion for them: ``%d`` for integers (no ``str`` made first), else ``%s``."""
    try:
        text = SEPARATOR.join(values)
    except TypeError:
        kinds = set(map(type, values))
        if kinds == {int}:
            return None, "%d"
        return _mixed_column(values, kinds), "%s"
    return _text_column(text, len(values)), "%s"


def _text_column(text: str, count: int) -> list[str]:
    """A column of text, joined: prefixes escaped, quoted where csv.writer would quote."""
    if text.count(SEPARATOR) != count - 1:
        raise _Unsure  # a cell holds a NUL itself
    first = text[:1] in FORMULA_START
    if first or _starts_a_cell(text):
        text = PREFIXED.sub("\x00'", text)
        if first:
            text = "'" + text
    cells = text.split(SEPARATOR)
    if _holds(text, QUOTED):
        return [_quoted(cell) for cell in cells]
    return cells


def _starts_a_cell(text: str) -> bool:
    """Whether a prefix follows a separator in ``text``. A prefix character that is not in the
    text at all is ruled out by one quick single-character search (most of them, in most text)."""
    for prefix, separated in zip(FORMULA_PREFIXES, SEPARATED_PREFIXES, strict=True):
        if prefix in text and separated in text:
            return True
    return False


def _holds(text: str, needles: tuple[str, ...]) -> bool:
    # A plain substring search per needle is much quicker than one regular expression's scan.
    return any(needle in text for needle in needles)


def _mixed_column(values: Sequence[Any], kinds: set[type]) -> list[Any] | None:
    if kinds <= NUMBERS:
        return None
    if NONE_TYPE in kinds:
        kinds.discard(NONE_TYPE)
        values = ["" if value is None else value for value in values]
        if kinds <= NUMBERS:
            return values
        if kinds == {str}:
            return _text_column(SEPARATOR.join(values), len(values))
    if any(issubclass(kind, TEXT_OR_FLOAT) for kind in kinds if kind is not float):
        return [_cell(value) for value in values]
    # No text among them: what csv.writer writes is str() of each (repr() of a float is its str()).
    strings = list(map(str, values))
    if _holds("".join(strings), QUOTED):
        return [_quoted(string) for string in strings]
    return strings


def _cell(value: Any) -> str:
    """One cell as csv.writer writes it once escaped: text as it is, None empty, a float's
    repr(), anything else its str(); quoted where needed."""
    if isinstance(value, str):
        text = "'" + value if value.startswith(FORMULA_PREFIXES) else str.__str__(value)
    elif value is None:
        text = ""
    elif isinstance(value, float):
        text = repr(value)
    else:
        text = str(value)
    return _quoted(text)


def _quoted(text: str) -> str:
    if not _holds(text, QUOTED):
        return text
    return '"' + text.replace('"', '""') + '"'


@functools.lru_cache(maxsize=4)
def _template(codes: tuple[str, ...], count: int) -> str:
    return (",".join(codes) + "\r\n") * count
