"""The name an upload is stored under: the client's, with an extension that says what the
content was sniffed as.

A web server (or ``serve_file()`` without a ``content_type``) types a file by its extension. So
the client's extension is kept only when it would be served as the sniffed type or one of its
family (``.jpeg`` for JPEG, ``.mkv`` for WebM), or, for text, as text that runs nothing
(``.csv``, ``.md``, ``.json``); otherwise the extension of the sniffed type replaces it
(``page.html`` holding plain text is stored as ``page.txt``), and ``.bin`` when that type has no
extension of its own. Whatever ``as_attachment`` later says, a file can then be served only as
what it is.
"""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath
from typing import Final

from ..serving.types import guess_content_type, is_active_type
from .sniff import FAMILIES, TEXT

SAFE_EXTENSION: Final = ".bin"
# Where mimetypes' first choice is an odd one.
_PREFERRED: Final = {
    TEXT: ".txt",
    "application/xml": ".xml",
    "audio/ogg": ".ogg",
    "video/x-matroska": ".mkv",
    "image/jpeg": ".jpg",
    "application/gzip": ".gz",
    "application/x-gzip": ".gz",
    "application/x-bzip2": ".bz2",
    "application/zip": ".zip",
}


def _inert_text(mime: str) -> bool:
    return (mime.startswith("text/") or mime == "application/json") and not is_active_type(mime)


def _matches(served: str, mime: str) -> bool:
    if served in FAMILIES.get(mime, frozenset({mime})):
        return True
    return _inert_text(mime) and _inert_text(served)


def extension_for(mime: str) -> str:
    """The extension a file of type ``mime`` is stored with when its own does not fit."""
    extension = _PREFERRED.get(mime) or mimetypes.guess_extension(mime, strict=False)
    if extension and _matches(guess_content_type(f"x{extension}"), mime):
        return extension
    return SAFE_EXTENSION


def stored_name(name: str, mime: str) -> str:
    """``name`` (a base name or a storage path) with an extension served as ``mime``."""
    path = PurePosixPath(name)
    if path.suffix and _matches(guess_content_type(path.name), mime):
        return name
    stem = path.stem if path.suffix else path.name
    return str(path.with_name(f"{stem or 'upload'}{extension_for(mime)}"))
