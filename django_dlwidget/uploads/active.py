"""Active content: markup or script that a browser would run if the file were served from the
site's origin.

A browser's tokenizer opens a tag at ``<`` followed by a letter, in any case, and ends the tag's
name at a tab, line feed, form feed, carriage return, space, ``/`` or ``>``; so ``<svg/onload>``
and ``<IMG\\tonerror>`` are tags as much as ``<svg onload>`` is. It decodes UTF-16 and UTF-32 as
readily as UTF-8 (with a byte order mark, or when told the charset), and it reads the whole
document, not its first block. The scan here follows that: it looks for tags, XML declarations
and namespaces, and script markers (``javascript:`` URLs, DOM access, function bodies) in the
content decoded the way its head says, one bounded block at a time: all of it up to 272 MiB,
beyond that its first 256 MiB and its last 16 MiB (:data:`SCAN_PREFIX`, :data:`SCAN_TAIL`).

Markup is looked for everywhere only in text. In binary content (an image, an archive) the short
patterns would match by chance every few megabytes, and such a file is stored and served under
its binary type anyway; its first block is still searched for the long, unlikely ones
(:data:`STRONG_TAGS`), since a browser sniffing it might take it for a page.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import IO, Final

#: How much is read and searched at a time; memory stays at a few times this.
SCAN_BLOCK: Final = 1 << 20
#: How much of the start and of the end of text is searched: all of text up to 272 MiB, 2 to
#: 4.5 s of one CPU (a whole GiB takes 7.5 s of prose, 16 s of text made of near-misses such as
#: "<1 "). What lies between is not searched: stored as text, and named so, it is served as text.
SCAN_PREFIX: Final = 256 << 20
SCAN_TAIL: Final = 16 << 20
# Carried from one block into the next, so that a marker cut in two is still found.
_OVERLAP: Final = 512

_SEPARATOR: Final = r"[\t\n\f\r />]"
# Tags that run script or load a document, or that a browser takes as the start of a page; long
# enough never to appear in binary data by chance.
STRONG_TAGS: Final = (
    "script|iframe|frameset|frame|object|embed|applet|math|html|body|head|meta|link|base|"
    "style|form|img|image|video|audio|source|input|button|select|textarea|details|marquee|"
    "template|isindex|keygen|portal|noscript|animate|foreignobject|handler|listener"
)
# The rest of what the WHATWG sniffing rules count as HTML, and elements that carry event
# handlers: short, so searched in text only.
WEAK_TAGS: Final = "a|b|i|p|br|hr|h[1-6]|div|font|table|title|span|td|tr|th|ul|ol|li|xss|x"
_PREFIX: Final = r"(?:[a-z][\w.-]*:)?"  # a namespace prefix: <x:script xmlns:x="...">


def _markup(text: bool) -> re.Pattern[bytes]:
    """Tags, with a namespace prefix and the short ones in text only (binary metadata such as
    XMP is namespaced XML), the HTML doctype, and in text the XML declaration. Every search
    runs on lower-cased bytes, so that each pattern starts with a literal ``re`` looks for
    quickly."""
    weak = rf"|(?P<weak>{WEAK_TAGS})" if text else ""
    xml = r"|(?P<xml>\?xml[\t\n\r ]|\?xml-stylesheet)" if text else ""
    source = (
        rf"<(?:(?P<doctype>!doctype[\t\n\f\r ]+html){xml}"
        rf"|{_PREFIX if text else ''}(?:(?P<svg>svg)|(?P<html>{STRONG_TAGS}){weak}){_SEPARATOR})"
    )
    return re.compile(source.encode("ascii"))


_MARKUP_TEXT: Final = _markup(text=True)
_MARKUP_BINARY: Final = _markup(text=False)
_GROUPS: Final = {"doctype": "text/html", "html": "text/html", "weak": "text/html",
                  "svg": "image/svg+xml", "xml": "application/xml"}  # fmt: skip
_SCRIPT_TYPE: Final = "text/javascript"
# Found as they are in lower-cased text: namespaces and things only code says.
_NEEDLES: Final = (
    (b"http://www.w3.org/2000/svg", "image/svg+xml"),
    (b"http://www.w3.org/1999/xhtml", "text/html"),
    *((needle, _SCRIPT_TYPE) for needle in (b"alert(", b"settimeout(", b"setinterval(",
                                            b"importscripts(", b"string.fromcharcode",
                                            b"-moz-binding")),
)  # fmt: skip
# URL schemes that run: browsers drop tabs and line breaks inside a URL, so these are looked
# for in the text without them.
_SCHEMES: Final = (b"javascript:", b"vbscript:")
# Each with a word that must be in the text for it to match, looked for first (much faster).
_PATTERNS: Final = (
    (b"xmlns", re.compile(rb"xmlns(?::[\w.-]+)?\s*="), "application/xml"),
    *(
        (name, re.compile(name + rb"\s*(?:\??\.|\[)\s*['\"]?(?:cookie|domain|write|location|"
                          rb"createelement|body|head|getelementby|queryselector|open|name|"
                          rb"eval|fetch|localstorage|sessionstorage)"), _SCRIPT_TYPE)
        for name in (b"document", b"window", b"globalthis", b"opener")
    ),
    (b"new", re.compile(rb"new\s+(?:function|xmlhttprequest|websocket|worker)\b"), _SCRIPT_TYPE),
    (b"function", re.compile(rb"function\b[\w$\s]*\([\w$,\s]*\)\s*\{"), _SCRIPT_TYPE),
)  # fmt: skip


def _find_in_lowered(data: bytes) -> str | None:
    declared = None  # an XML declaration names XML unless a page or an image follows it
    for match in _MARKUP_TEXT.finditer(data):
        if match.lastgroup != "xml":
            return _GROUPS[str(match.lastgroup)]
        declared = declared or _GROUPS["xml"]
    if declared is not None:
        return declared
    for needle, kind in _NEEDLES:
        if needle in data:
            return kind
    for word, pattern, kind in _PATTERNS:
        if word in data and pattern.search(data):
            return kind
    bare = data.translate(None, b"\t\n\r")
    return _SCRIPT_TYPE if any(scheme in bare for scheme in _SCHEMES) else None


_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Which bytes of each 4 are zero in mostly-ASCII text of a wide encoding without a BOM.
_WIDE: Final = (
    ((False, True, True, True), "utf-32-le"),
    ((True, True, True, False), "utf-32-be"),
    ((False, True, False, True), "utf-16-le"),
    ((True, False, True, False), "utf-16-be"),
)
# Encodings in which markup is the same ASCII bytes, searched without decoding.
_BYTEWISE: Final = frozenset({"utf-8", "latin-1"})
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def bom_length(encoding: str, head: bytes) -> int:
    return next((len(bom) for bom, name in _BOMS if name == encoding and head.startswith(bom)), 0)


def _wide_guess(head: bytes) -> str | None:
    sample = head[: len(head) - len(head) % 4][:4096]
    if len(sample) < 8:
        return None
    quarter = len(sample) // 4
    zeros = [sample[at::4].count(0) / quarter for at in range(4)]
    for layout, encoding in _WIDE:
        if all(
            (share > 0.9) if zero else (share < 0.1)
            for share, zero in zip(zeros, layout, strict=True)
        ):
            return encoding
    return None


def text_encoding(head: bytes) -> str | None:
    """The encoding ``head`` reads as text in, or None for binary content: a BOM's, UTF-16 or
    UTF-32 told by their zero bytes, UTF-8 (as ever: whatever decodes, without NUL), else a
    single-byte encoding when no control character is in it."""
    encoding = next((name for bom, name in _BOMS if head.startswith(bom)), None)
    if encoding is None and b"\x00" in head:
        encoding = _wide_guess(head)
        if encoding is None:
            return None
    body = head[bom_length(encoding, head) :] if encoding else head
    if encoding is None or encoding == "utf-8":
        if _decoded(body, "utf-8") is not None:
            return "utf-8"
        encoding = "latin-1"  # or any other single-byte text: markup is still ASCII in it
    decoded = _decoded(body, encoding)
    return None if decoded is None or _CONTROL.search(decoded) else encoding


def _decoded(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as exc:
        # A character cut at the end of the sample is still text.
        return body[: exc.start].decode(encoding) if exc.start >= len(body) - 4 else None


def find_in_binary(head: bytes) -> str | None:
    """The active type that the first block of binary content would pass for, or None: markup
    in its bytes as they are, or in every second or fourth byte (UTF-16 or UTF-32 text without
    a byte order mark, which a charset parameter could make a browser read)."""
    lowered = head.lower()
    views = (lowered, *(lowered[at::2] for at in range(2)), *(lowered[at::4] for at in range(4)))
    for view in views:
        match = _MARKUP_BINARY.search(view)
        if match is not None and match.lastgroup is not None:
            return _GROUPS[match.lastgroup]
    return None


@dataclass(frozen=True)
class Source:
    """Content beyond its head: its ``size``, a way to ``open`` it from the start (closed after
    use) and one to ``read(start, length)`` bytes of it."""

    size: int
    open: Callable[[], AbstractContextManager[IO[bytes]]]
    read: Callable[[int, int], bytes]


def _streamed(stream: IO[bytes], limit: int) -> Iterator[bytes]:
    while limit > 0 and (block := stream.read(min(SCAN_BLOCK, limit))):
        limit -= len(block)
        yield block


def _ranged(read: Callable[[int, int], bytes], start: int, end: int) -> Iterator[bytes]:
    for at in range(start, end, SCAN_BLOCK):
        yield read(at, min(SCAN_BLOCK, end - at))


def _decoded_blocks(blocks: Iterable[bytes], encoding: str) -> Iterator[bytes]:
    # UTF-8 and single-byte text are searched as they are: markup is ASCII, and no byte of a
    # multi-byte UTF-8 character is. Wider encodings are decoded, and searched as UTF-8.
    if encoding in _BYTEWISE:
        yield from blocks
        return
    decoder = codecs.getincrementaldecoder(encoding)("replace")
    for block in blocks:
        yield decoder.decode(block).encode("utf-8")
    yield decoder.decode(b"", final=True).encode("utf-8")


def _scan(blocks: Iterable[bytes], encoding: str) -> str | None:
    carried = b""
    for block in _decoded_blocks(blocks, encoding):
        window = carried + block.lower()
        found = _find_in_lowered(window)
        if found is not None:
            return found
        carried = window[-_OVERLAP:]
    return None


def scan_text(source: Source, encoding: str) -> str | None:
    """The active type of text in ``encoding``, or None: its first :data:`SCAN_PREFIX` bytes
    and its last :data:`SCAN_TAIL` are searched (all of it, up to their sum), a block at a
    time."""
    with source.open() as stream:
        found = _scan(_streamed(stream, min(source.size, SCAN_PREFIX)), encoding)
    if found is not None or source.size <= SCAN_PREFIX:
        return found
    start = max(SCAN_PREFIX, source.size - SCAN_TAIL)
    start -= start % 4  # on a character boundary of UTF-16 and UTF-32 too
    return _scan(_ranged(source.read, start, source.size), encoding)


def find_in_text(data: bytes, encoding: str) -> str | None:
    """The active type of text in memory, or None."""
    return _scan((data,), encoding)
