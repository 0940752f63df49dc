"""The type of an uploaded file, sniffed from its content (never trusted from its name).

``puremagic`` recognises binary formats by their signatures. Content it does not know is
``text/plain`` when it reads as text (UTF-8 without NUL bytes, a single-byte encoding without
control characters, UTF-16 or UTF-32), else ``application/octet-stream``. Text that holds markup
or script anywhere a browser would find it, and binary content whose head does, is HTML, SVG,
XML or JavaScript whatever the library said (:mod:`.active`), so that active content can never
pass as plain text.

Container formats are named by what they hold where their first bytes say so: an Ogg stream by
its first packet's codec (``audio/ogg`` for Vorbis, Opus, FLAC or Speex, ``video/ogg`` for
Theora), an EBML file by its DocType (WebM or Matroska), an ISO base media file by its major
brand (MP4, M4A audio, QuickTime). Each belongs to a family of names for the same container
(:data:`FAMILIES`), and a field that accepts one of them accepts the file.
"""

from __future__ import annotations

import contextlib
import mimetypes
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Final

import puremagic

from ..serving.types import guess_content_type, is_active_type
from .active import Source, find_in_binary, find_in_text, scan_text, text_encoding

HEAD_BYTES: Final = 8192
OCTET_STREAM: Final = "application/octet-stream"
TEXT: Final = "text/plain"
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
_ZIP: Final = frozenset(
    {"application/zip", "application/x-zip-compressed", "application/java-archive",
     "application/epub+zip", "application/vnd.android.package-archive"}
    | {f"application/vnd.openxmlformats-officedocument.{kind}"
       for kind in ("wordprocessingml.document", "wordprocessingml.template",
                    "presentationml.presentation", "presentationml.template",
                    "presentationml.slideshow", "spreadsheetml.sheet", "spreadsheetml.template")}
    | {f"application/vnd.ms-{kind}.macroenabled.12"
       for kind in ("excel.sheet", "excel.sheet.binary", "excel.template", "word.document",
                    "powerpoint.presentation")}
    | {f"application/vnd.oasis.opendocument.{kind}"
       for kind in ("text", "spreadsheet", "presentation", "graphics")}
)  # fmt: skip
_GZIP: Final = frozenset({"application/gzip", "application/x-gzip"})
_XML: Final = frozenset({"application/xml", "text/xml"})
_SCRIPT: Final = frozenset({"text/javascript", "application/javascript"})
#: A sniffed type -> every name a field may accept it by (and a stored name may say).
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
    # A ZIP signature says nothing of what the archive holds (puremagic names Word first).
    **dict.fromkeys(_ZIP, _ZIP),
    **dict.fromkeys(_GZIP, _GZIP),
    **dict.fromkeys(_XML, _XML),
    **dict.fromkeys(_SCRIPT, _SCRIPT),
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


def _magic(data: bytes) -> str | None:
    try:
        found = puremagic.magic_string(data)
    except (puremagic.PureError, ValueError):
        return None
    return (found[0].mime_type or OCTET_STREAM) if found else None


def _is_textual(mime: str) -> bool:
    return mime.startswith("text/") or mime in ("application/json", "application/x-ndjson")


def sniff(head: bytes, tail: bytes = b"", more: Source | None = None) -> str:
    """The MIME type of content that starts with ``head`` and ends with ``tail``; ``more`` gives
    the rest, for text longer than ``head``.

    A signature in the head (a container's, or one ``puremagic`` knows) names binary content,
    whose head is still searched for markup a browser would sniff. Text (UTF-8 or single-byte,
    UTF-16, UTF-32) is searched for active content well beyond its head (:mod:`.active`);
    without any, it is what the signature said (JSON, say) or ``text/plain``.
    """
    head = head[:HEAD_BYTES]
    kind = container_type(head) or _magic(head + tail if tail else head)
    encoding = text_encoding(head) if head else None
    if encoding is None or (
        kind is not None and not _is_textual(kind) and not is_active_type(kind)
    ):
        return find_in_binary(head) or kind or OCTET_STREAM
    if more is None or more.size <= len(head):
        active = find_in_text(head, encoding)
    else:
        active = scan_text(more, encoding)
    return active or kind or TEXT


def sniff_head(head: bytes, tail: bytes = b"") -> str:
    """The MIME type of content that starts with ``head`` (and ends with ``tail``), from those
    bytes alone."""
    return sniff(head, tail)


def sniff_stream(stream: IO[bytes]) -> str:
    """The MIME type of a seekable stream's content; the stream is left at its start."""
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0, 2)
    size = stream.tell()
    tail = b""
    if size > HEAD_BYTES:
        stream.seek(max(HEAD_BYTES, size - 512))
        tail = stream.read()

    def reopen() -> contextlib.nullcontext[IO[bytes]]:
        stream.seek(0)
        return contextlib.nullcontext(stream)

    def read(start: int, length: int) -> bytes:
        stream.seek(start)
        return stream.read(length)

    try:
        return sniff(head, tail, Source(size, reopen, read))
    finally:
        stream.seek(0)


def sniff_path(path: Path) -> str:
    with path.open("rb") as stream:
        return sniff_stream(stream)


def normalise_accept(accept: str | Iterable[str] | None) -> tuple[str, ...]:
    """``"image/*,.pdf"`` or ``["image/*", ".pdf"]`` -> ``("image/*", ".pdf")`` (lower case)."""
    if accept is None:
        return ()
    items = accept.split(",") if isinstance(accept, str) else accept
    return tuple(item.strip().lower() for item in items if item.strip())


def _extension_type(extension: str) -> str:
    """What a name ending in ``extension`` is served as (``.gz``: ``application/gzip``), or ""
    for an extension nothing is known about."""
    if mimetypes.guess_type(f"x{extension}", strict=False) == (None, None):
        return ""
    return guess_content_type(f"x{extension}")


def type_accepted(mime: str, filename: str, accept: tuple[str, ...]) -> bool:
    """Does the sniffed ``mime`` satisfy the ``accept`` list (MIME types, ``type/*``, ``.ext``)?

    An extension counts through the type it stands for: ``.pdf`` accepts content sniffed as
    ``application/pdf`` whatever the name. Plain text cannot be told apart by content (CSV,
    Markdown, JSON...), so text content matches a text extension only when the name has it.
    Active types (HTML, SVG, XML, script) pass only when named: by their type or an extension
    that stands for it (``image/svg+xml`` or ``.svg``), never by a wildcard or an empty
    ``accept``. A sniffed type matches every name of its family (:data:`FAMILIES`): an Ogg
    Vorbis file is ``audio/ogg``, ``application/ogg``, ``.ogg`` and ``audio/*``.
    """
    names = FAMILIES.get(mime, frozenset({mime}))
    if is_active_type(mime):
        return any(
            item in names or (item.startswith(".") and _extension_type(item) in names)
            for item in accept
        )
    if not accept:
        return True
    suffix = Path(filename).suffix.lower()
    for item in accept:
        if item.startswith("."):
            expected = _extension_type(item)
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
