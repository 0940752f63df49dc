"""``bgfiles.http``: the predecessor's ``Content-Disposition`` builder, byte for byte.

Served files get the native header (``django_dlwidget.http.content_disposition``); this function
stays for code that builds its own responses. Its output is the predecessor's (quotes, slashes,
backslashes and semicolons become spaces; ``filename*`` only for a non-ASCII name), except that
control characters are dropped rather than written into the header.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

__all__ = ["attempt_decode", "create_content_disposition"]


def attempt_decode(s: bytes, encoding: str) -> str | None:
    """``s`` decoded, or None when it is not in ``encoding``."""
    try:
        return s.decode(encoding)
    except UnicodeDecodeError:
        return None


def create_content_disposition(filename: str | bytes | None, attachment: bool = True) -> bytes:
    """``attachment; filename="..."`` (``inline`` when not ``attachment``), with
    ``filename*=UTF-8''...`` after it for a name that is not ASCII."""
    raw = filename or ""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    cleaned = "".join(
        " " if char in '/\\";' else char for char in text if unicodedata.category(char) != "Cc"
    )
    kind = "attachment" if attachment else "inline"
    ascii_name = attempt_decode(cleaned.encode("utf-8"), "ascii")
    if ascii_name is not None:
        return f'{kind}; filename="{ascii_name}"'.encode("ascii")
    folded = unicodedata.normalize("NFKD", cleaned).encode("ascii", "ignore").decode("ascii")
    encoded = quote(cleaned, safe="")
    return f"{kind}; filename=\"{folded}\"; filename*=UTF-8''{encoded}".encode("ascii")
