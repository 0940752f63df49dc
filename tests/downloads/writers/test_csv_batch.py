"""Rows rendered column by column are byte for byte what ``csv.writer`` writes once they are
escaped, whatever the cells: text with quotes, commas, line breaks and formula prefixes, numbers,
None, dates, text subclasses, named tuples, ragged or generated rows."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import enum
import io
from collections import namedtuple
from collections.abc import Iterable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from django_dlwidget.downloads.writers import csv_lines, write_csv
from django_dlwidget.downloads.writers.csv_batch import render_batch

PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class Colour(str, enum.Enum):  # noqa: UP042 (its str() is "Colour.RED", unlike a StrEnum's)
    RED = "=red"
    BLUE = "blue"


class Amount(float):
    def __repr__(self) -> str:
        return f"Amount({float(self)})"


Pair = namedtuple("Pair", "left right")


def reference(rows: Iterable[Iterable[Any]], header: list[Any] | None = None) -> bytes:
    """What the writer wrote before rows were batched: each cell escaped, then csv.writer."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in [header, *rows] if header is not None else rows:
        writer.writerow(
            ["'" + v if isinstance(v, str) and v.startswith(PREFIXES) else v for v in row]
        )
    return buffer.getvalue().encode()


def written(rows: Iterable[Any], **kwargs: Any) -> bytes:
    with write_csv(rows, **kwargs) as spool:
        return spool.read()


texts = st.text(alphabet=st.sampled_from(list("ab é€=+-@'\",;\t\r\n ")), max_size=6)
cells = st.one_of(
    texts,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, max_value=10**6),
    st.dates(),
    st.sampled_from([Colour.RED, Colour.BLUE, Amount(1.5), Amount(-2.0), "a\x00b"]),
)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=4), st.data())
def test_batches_of_one_width_match_csv_writer(width: int, data: st.DataObject) -> None:
    column_cells = [data.draw(st.sampled_from([texts, cells])) for _ in range(width)]
    row = st.tuples(*column_cells)
    rows = data.draw(st.lists(row, max_size=40))
    as_lists = data.draw(st.booleans())
    batch = [list(r) for r in rows] if as_lists else rows
    assert written(batch) == reference(batch)
    assert b"".join(csv_lines(batch)) == reference(batch)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(cells, max_size=4), max_size=30))
def test_ragged_rows_match_csv_writer(rows: list[list[Any]]) -> None:
    assert written(rows, header=["id", "=x"]) == reference(rows, header=["id", "=x"])


def test_a_million_cells_shape_and_other_rows() -> None:
    rows = [(i, f"user-{i}@example.com", "=f", i * 3.25, "2026-01-01") for i in range(5000)]
    assert written(rows) == reference(rows)
    pairs = [Pair("=a", i) for i in range(100)]
    assert written(pairs) == reference(pairs)
    generated = [(cell for cell in ("-1", 2)) for _ in range(3)]
    assert written(generated) == reference([("-1", 2)] * 3)


def test_the_column_path_is_taken_where_it_can_be() -> None:
    rows = [(1, "=a", None, 2.5, dt.date(2026, 1, 1), decimal.Decimal("1.10"))] * 3
    assert render_batch(rows) == "1,'=a,,2.5,2026-01-01,1.10\r\n" * 3
    assert render_batch([("a\x00", 1)]) is None  # NUL joins a column's cells
    assert render_batch([("a",), ("b",)]) is None  # one cell: an empty one is written ""
    assert render_batch([(1, 2), (3,)]) is None
    assert render_batch([iter((1, 2))]) is None
