"""The type of an uploaded file, sniffed from its content (never trusted from its name).

``puremagic`` recognises binary formats by their signatures. Content it does not know is
``text/plain`` when it decodes as UTF-8 without NUL bytes, else ``application/octet-stream``.
Text that opens with HTML or SVG markup counts as such whatever the library said, so that
active content can never pass as plain text.

Container formats are named by what they hold where their first bytes say so: an Ogg stream by
its first packet's codec (``audio/ogg`` for Vorbis, Opus, FLAC or Speex, ``video/ogg`` for
Theora), an EBML file by its DocType (WebM or Matroska), an ISO base media file by its major
brand (MP4, M4A audio, QuickTime). Each belongs to a family of names for the same container
(:data:`FAMILIES`), and a field that accepts one of them accepts the file.
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


# Ogg's first packet -> what the stream is (codec identification headers).
_OGG_CODECS: Final = (
    (b"\x01vorbis", "audio/ogg"),
    (b"OpusHead", "audio/ogg"),
    (b"\x7fFLAC", "audio/ogg"),
    (b"Speex   ", "audio/ogg"),
    (b"\x80theora", "video/ogg"),
)
_EBML_DOCTYPES: Final = {b"webm": "video/webm", b"matroska": "video/x-matroska"}
_ISO_BRANDS: Final = {b"qt  ": "video/quicktime", b"M4A ": "audio/mp4", b"M4B ": "audio/mp4"}
#: A sniffed container type -> every name a field may accept it by.
FAMILIES: Final[dict[str, frozenset[str]]] = {
    "audio/ogg": frozenset({"audio/ogg", "application/ogg"}),
    "video/ogg": frozenset({"video/ogg", "application/ogg"}),
    # WebM is a subset of Matroska: a WebM file is a Matroska file too, not the other way.
    "video/webm": frozenset({"video/webm", "audio/webm", "video/x-matroska", "audio/x-matroska"}),
    "video/x-matroska": frozenset({"video/x-matroska", "audio/x-matroska"}),
    **dict.fromkeys(
        ("video/mp4", "audio/mp4", "video/quicktime"),
        frozenset({"video/mp4", "audio/mp4", "video/quicktime", "audio/x-m4a"}),
    ),
}


def _ogg(head: bytes) -> str:
    # A page header is 27 bytes and its segment table; the first packet follows.
    if len(head) < 28:
        return "application/ogg"
    packet = head[27 + head[26] :]
    for signature, mime in _OGG_CODECS:
        if packet.startswith(signature):
            return mime
    return "application/ogg"


def _ebml_doctype(head: bytes) -> str | None:
    # The DocType element (ID 0x4282) inside the EBML header, with a one-byte size.
    at = head.find(b"\x42\x82", 4, 64)
    if at < 0 or at + 3 > len(head) or not head[at + 2] & 0x80:
        return None
    size = head[at + 2] & 0x7F
    return _EBML_DOCTYPES.get(head[at + 3 : at + 3 + size])


def container_type(head: bytes) -> str | None:
    """The type of an Ogg, EBML or ISO base media file from its first bytes, else None."""
    if head.startswith(b"OggS"):
        return _ogg(head)
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return _ebml_doctype(head)
    if head[4:8] == b"ftyp" and len(head) >= 12:
        return _ISO_BRANDS.get(head[8:12], "video/mp4")
    return None


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
    container = container_type(head)
    if container is not None:
        return container
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
    Active types (HTML, SVG, XML, script) pass only when named exactly. A container type
    matches every name of its family (:data:`FAMILIES`): an Ogg Vorbis file is ``audio/ogg``,
    ``application/ogg``, ``.ogg`` and ``audio/*``.
    """
    if mime in ACTIVE_TYPES:
        return mime in accept
    if not accept:
        return True
    suffix = Path(filename).suffix.lower()
    names = FAMILIES.get(mime, frozenset({mime}))
    for item in accept:
        if item.startswith("."):
            expected = mimetypes.guess_type(f"x{item}")[0] or ""
            if expected in names:
                return True
            if mime == TEXT and _is_textual(expected) and suffix == item:
                return True
        elif item.endswith("/*"):
            if any(name.startswith(item[:-1]) for name in names):
                return True
        elif item in names:
            return True
    return False
