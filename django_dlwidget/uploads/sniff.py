"""The type of an uploaded file, sniffed from its content (never trusted from its name).

``puremagic`` recognises binary formats by their signatures. Content it does not know is
``text/plain`` when it decodes as UTF-8 without NUL bytes, else ``application/octet-stream``.
Text that opens with HTML or SVG markup counts as such whatever the library said, so that
active content can never pass as plain text.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Final

import puremagic

HEAD_BYTES: Final = 8192
OCTET_STREAM: Final = "application/octet-stream"
TEXT: Final = "text/plain"
# Served inline these run script in the site's origin; refused unless a field accepts them
# by name (and then they must be served as attachments, which the download views do).
ACTIVE_TYPES: Final = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "image/svg+xml",
        "application/xml",
        "text/xml",
        "text/javascript",
        "application/javascript",
    }
)
_MARKUP: Final = (
    (re.compile(rb"<svg[\s>]", re.I), "image/svg+xml"),
    (
        re.compile(rb"<!doctype\s+html|<html[\s>]|<script[\s>]|<body[\s>]|<iframe[\s>]", re.I),
        "text/html",
    ),
    (re.compile(rb"^\s*<\?xml", re.I), "application/xml"),
)


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        return exc.start >= len(head) - 3
    return True


def sniff_head(head: bytes, tail: bytes = b"") -> str:
    """The MIME type of content that starts with ``head`` (and ends with ``tail``)."""
    for pattern, mime in _MARKUP:
        if pattern.search(head[:HEAD_BYTES]):
            return mime
    try:
        found = puremagic.magic_string(head + tail if tail else head)
    except (puremagic.PureError, ValueError):
        found = []
    if found:
        return found[0].mime_type or OCTET_STREAM
    return TEXT if head and _looks_like_text(head[:HEAD_BYTES]) else OCTET_STREAM


def sniff_stream(stream: IO[bytes]) -> str:
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0, 2)
    size = stream.tell()
    tail = b""
    if size > HEAD_BYTES:
        stream.seek(max(HEAD_BYTES, size - 512))
        tail = stream.read()
    stream.seek(0)
    return sniff_head(head, tail)


def sniff_path(path: Path) -> str:
    with path.open("rb") as stream:
        return sniff_stream(stream)


def normalise_accept(accept: str | Iterable[str] | None) -> tuple[str, ...]:
    """``"image/*,.pdf"`` or ``["image/*", ".pdf"]`` -> ``("image/*", ".pdf")`` (lower case)."""
    if accept is None:
        return ()
    items = accept.split(",") if isinstance(accept, str) else accept
    return tuple(item.strip().lower() for item in items if item.strip())


def _is_textual(mime: str) -> bool:
    return mime.startswith("text/") or mime in ("application/json", "application/x-ndjson")


def type_accepted(mime: str, filename: str, accept: tuple[str, ...]) -> bool:
    """Does the sniffed ``mime`` satisfy the ``accept`` list (MIME types, ``type/*``, ``.ext``)?

    An extension counts through the type it stands for: ``.pdf`` accepts content sniffed as
    ``application/pdf`` whatever the name. Plain text cannot be told apart by content (CSV,
    Markdown, JSON...), so text content matches a text extension only when the name has it.
    Active types (HTML, SVG, XML, script) pass only when named exactly.
    """
    if mime in ACTIVE_TYPES:
        return mime in accept
    if not accept:
        return True
    suffix = Path(filename).suffix.lower()
    for item in accept:
        if item.startswith("."):
            expected = mimetypes.guess_type(f"x{item}")[0] or ""
            if expected == mime:
                return True
            if mime == TEXT and _is_textual(expected) and suffix == item:
                return True
        elif item.endswith("/*"):
            if mime.startswith(item[:-1]):
                return True
        elif item == mime:
            return True
    return False
