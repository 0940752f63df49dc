"""JSON Lines: one JSON value per row, UTF-8, each line ended by ``\\n``.

With a header, each row becomes an object keyed by it (``{"id": 1, "email": "a@b.c"}``), and a
row with more or fewer cells than the header is an error rather than a silently dropped or
invented key. Without one, each row is an array. A row that is a mapping (``.values()`` querysets
yield dicts) is written as the object it is. Cells are encoded as Django encodes JSON (dates and
times in ISO 8601, decimals and UUIDs as strings); NaN and infinities, which JSON lacks, become
``null``; any other value is written as its ``str()``, as in CSV. There is nothing to escape:
a JSON string is never run as a formula.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO, Any

from django.core.serializers.json import DjangoJSONEncoder

from .spool import Cadence, Check, batched, spool_chunks


class _Encoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        try:
            return super().default(o)
        except TypeError:
            return str(o)


_ENCODER = _Encoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


def _encode(value: Any) -> bytes:
    try:
        text = _ENCODER.encode(value)
    except ValueError:  # NaN or an infinity somewhere: rare, so only then walk the value
        text = _ENCODER.encode(_finite(value))
    return (text + "\n").encode("utf-8")


def jsonl_lines(
    rows: Iterable[Sequence[Any] | Mapping[str, Any]], *, header: Sequence[Any] | None = None
) -> Iterator[bytes]:
    """One encoded line per row (see the module)."""
    keys = _keys(header)
    for number, row in enumerate(rows, 1):
        if type(row) is tuple or type(row) is list:  # the usual rows, spared the ABC checks
            cells: Sequence[Any] = row
        elif isinstance(row, Mapping):
            yield _encode(dict(row))
            continue
        else:
            cells = list(row)
        if keys is None:
            yield _encode(cells)
        elif len(cells) == len(keys):
            yield _encode(dict(zip(keys, cells, strict=True)))
        else:
            raise ValueError(
                f"JSON Lines row {number} has {len(cells)} cells, the header {len(keys)}."
            )


def jsonl_chunks(
    rows: Iterable[Sequence[Any] | Mapping[str, Any]], *, header: Sequence[Any] | None = None
) -> Iterator[bytes]:
    """The same lines in chunks of about 64 KiB."""
    return batched(jsonl_lines(rows, header=header))


def write_jsonl(
    rows: Iterable[Sequence[Any] | Mapping[str, Any]],
    *,
    header: Sequence[Any] | None = None,
    check: Check | None = None,
    check_seconds: float | None = None,
) -> IO[bytes]:
    """Write rows to a new spooled file; returned at position 0 (the caller closes it)."""
    cadence = Cadence(check, check_seconds)

    def ticking() -> Iterator[Sequence[Any] | Mapping[str, Any]]:
        for row in rows:
            yield row
            cadence.tick()

    return spool_chunks(jsonl_chunks(ticking(), header=header))


def _keys(header: Sequence[Any] | None) -> list[str] | None:
    if header is None:
        return None
    keys = [str(key) for key in header]
    if len(set(keys)) != len(keys):
        raise ValueError(f"A JSON Lines header names each key once; got {keys!r}.")
    return keys
