"""A ``@download_task``'s options, checked where the task is declared (at import), so a wrong
format, header or encoding fails the module that declares it rather than its first export."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .files import clean_prefix
from .writers import check_format
from .writers.formats import check_encoding_for


def check_options(
    format: str | None, header: Sequence[Any] | None, encoding: str | None, path_prefix: str | None
) -> str | None:
    """A task's options, checked; returns its cleaned ``path_prefix``."""
    if format is not None:
        check_format(format)
    if format == "zip" and header is not None:
        raise TypeError("A ZIP task has no header; give each member's in Rows(..., header=).")
    check_encoding_for(format or "csv", encoding)
    return None if path_prefix is None else clean_prefix(path_prefix)
