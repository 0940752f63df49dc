"""``Content-Disposition`` per RFC 6266: a safe ASCII ``filename`` plus ``filename*`` in UTF-8.

File names come from users and jobs, so nothing in them is trusted: directory parts (``/`` and
``\\``) are dropped, control and invisible formatting characters (a right-to-left override can
disguise ``evil.exe`` as ``exe.pdf``) are removed, and the ASCII fallback never contains a quote,
a backslash or a percent sign, which user agents disagree about.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final
from urllib.parse import quote

DEFAULT_FILENAME: Final = "download"
MAX_LENGTH: Final = 200
# RFC 8187 attr-char, beyond the letters, digits and "_.-~" that quote() always keeps.
_ATTR_SAFE: Final = "!#$&+^`|"
_UNSAFE_ASCII = re.compile(r'["\\%;*<>?:|]')


def safe_filename(filename: str | None) -> str:
    """The last path component of ``filename`` without control or formatting characters."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        " " if unicodedata.category(char) in ("Cc", "Zl", "Zp") else char
        for char in name
        if unicodedata.category(char) not in ("Cf", "Cs", "Co", "Cn")
    )
    name = " ".join(name.split()).strip(" .")
    if not name:
        return DEFAULT_FILENAME
    if len(name) > MAX_LENGTH:
        stem, dot, ext = name.rpartition(".")
        keep = ext if dot and stem and len(ext) < 16 else ""
        name = name[: MAX_LENGTH - len(keep) - 1].rstrip(" .") + ("." + keep if keep else "")
    return name


def ascii_filename(name: str) -> str:
    """An ASCII stand-in for ``name`` (already safe) for user agents that ignore ``filename*``:
    accents folded, other characters dropped, ``download`` for a stem with nothing left."""
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, ""
    stem, ext = _fold(stem), _fold(ext)
    if not stem.strip("_ "):
        stem = DEFAULT_FILENAME
    return f"{stem}.{ext}" if ext.strip("_ ") else stem


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(_UNSAFE_ASCII.sub("_", folded).split()).strip(" .")


def content_disposition(filename: str | None, *, as_attachment: bool = True) -> str:
    """``attachment; filename="..."; filename*=UTF-8''...`` (or ``inline; ...``)."""
    kind = "attachment" if as_attachment else "inline"
    name = safe_filename(filename)
    encoded = quote(name, safe=_ATTR_SAFE)
    return f"{kind}; filename=\"{ascii_filename(name)}\"; filename*=UTF-8''{encoded}"
