"""What ``Content-Type`` a file name is served with, and which types a browser would run.

One guess for every place that names a type from a file name: ``serve_file()`` when the caller
gives none, ``init_download()`` when it records one, and the uploads, which store a file under a
name whose served type is the one its content was sniffed as. A compressed name is its
compression's type (``x.csv.gz`` is ``application/gzip``), never the type inside it: a browser
would not decompress it, and nothing may take it for the CSV.

Served inline (``as_attachment=False``), an active type (HTML, SVG, XML, script) or any text gets
``Content-Security-Policy: sandbox`` besides ``nosniff``: should such a file come from a user,
its markup still runs no script in the site's origin.
"""

from __future__ import annotations

import mimetypes
from typing import Final

OCTET_STREAM: Final = "application/octet-stream"

#: What a compressed name is served as, by the compression ``mimetypes`` finds in it.
COMPRESSED: Final = {
    "gzip": "application/gzip",
    "bzip2": "application/x-bzip2",
    "xz": "application/x-xz",
    "compress": "application/x-compress",
    "br": "application/x-brotli",
    "zstd": "application/zstd",
}
_ACTIVE: Final = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "image/svg+xml",
        "application/xml",
        "text/xml",
        "text/xsl",
        "application/xslt+xml",
        "text/javascript",
        "application/javascript",
        "application/x-javascript",
        "text/ecmascript",
        "application/ecmascript",
        "text/css",
        "text/x-component",
        "application/x-shockwave-flash",
        "text/vnd.wap.wml",
    }
)


def guess_content_type(filename: str) -> str:
    """The ``Content-Type`` for a file name: a compressed one's compression type
    (``.gz``, ``.bz2``, ``.xz``, ``.zst``...), ``application/octet-stream`` for a name nothing is
    known about."""
    guessed, encoding = mimetypes.guess_type(filename, strict=False)
    if encoding:
        return COMPRESSED.get(encoding, OCTET_STREAM)
    return guessed or OCTET_STREAM


def is_active_type(content_type: str) -> bool:
    """Would a browser run something in a document of this type (HTML, SVG and any other XML,
    script, style sheets)?"""
    mime = content_type.split(";", 1)[0].strip().lower()
    return mime in _ACTIVE or mime.endswith("+xml")


def needs_sandbox(content_type: str | None) -> bool:
    """Should an inline answer of this type carry a CSP sandbox?"""
    if not content_type:
        return False
    return is_active_type(content_type) or content_type.lower().startswith("text/")
