"""``Range: bytes=...`` request headers (RFC 9110, section 14).

Only single ranges are answered with 206. A request for several ranges is answered with the whole
representation (200), which RFC 9110 allows ("a server MAY ignore the Range header field"): a
``multipart/byteranges`` body is rarely asked for (download managers resume with one range) and
would let a client ask for the same bytes many times over in one request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

MAX_HEADER_LENGTH: Final = 200
_SPEC = re.compile(r"^\s*(\d*)\s*-\s*(\d*)\s*$")


@dataclass(frozen=True)
class ByteRange:
    """The bytes ``start`` to ``end`` inclusive, of a representation of ``size`` bytes."""

    start: int
    end: int
    size: int

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    @property
    def content_range(self) -> str:
        return f"bytes {self.start}-{self.end}/{self.size}"


UNSATISFIABLE: Final = "unsatisfiable"
RangeResult = ByteRange | Literal["unsatisfiable"] | None
"""A range to send (206), ``UNSATISFIABLE`` (416), or None: send the whole file (200)."""


def parse_range(header: str | None, size: int) -> RangeResult:
    """Interpret a ``Range`` header for a representation of ``size`` bytes.

    Returns None whenever the header is to be ignored: absent, malformed, another unit, too long,
    or several ranges.
    """
    if not header or len(header) > MAX_HEADER_LENGTH:
        return None
    unit, sep, spec = header.partition("=")
    if not sep or unit.strip().lower() != "bytes":
        return None
    specs = spec.split(",")
    if len(specs) != 1:
        return None
    match = _SPEC.match(specs[0])
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:
        # Suffix range "-n": the last n bytes.
        suffix = int(last)
        if suffix == 0 or size == 0:
            return UNSATISFIABLE
        return ByteRange(max(size - suffix, 0), size - 1, size)
    start = int(first)
    if last and int(last) < start:
        return None  # syntactically invalid: ignored, not refused (RFC 9110, 14.1.1)
    if start >= size:
        return UNSATISFIABLE
    end = min(int(last), size - 1) if last else size - 1
    return ByteRange(start, end, size)
