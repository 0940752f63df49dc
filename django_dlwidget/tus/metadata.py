"""``Upload-Metadata``: comma-separated ``key base64value`` pairs; and a safe file name."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Final

from django.utils.translation import gettext as _

from ..http import safe_filename
from .errors import TusError

MAX_HEADER: Final = 8192
FILENAME_KEYS: Final = ("filename", "name")
_KEY = re.compile(r"[!-~]+")  # printable ASCII without spaces; commas are split off already


def _malformed(detail: str) -> TusError:
    return TusError(400, "invalid_metadata", detail)


def parse_metadata(value: str) -> dict[str, str]:
    """Key -> Base64 value as sent ("" when the value was omitted), validated."""
    if len(value) > MAX_HEADER:
        raise _malformed(_("Upload-Metadata is too long."))
    result: dict[str, str] = {}
    if not value.strip():
        return result
    for pair in value.split(","):
        pieces = pair.strip().split(" ")
        if len(pieces) > 2 or not pieces[0]:
            raise _malformed(_("Upload-Metadata pairs must be a key and a Base64 value."))
        key = pieces[0]
        if not _KEY.fullmatch(key) or "," in key:
            raise _malformed(_("Upload-Metadata keys must be printable ASCII without spaces."))
        if key in result:
            raise _malformed(_("Upload-Metadata keys must be unique."))
        encoded = pieces[1] if len(pieces) == 2 else ""
        try:
            base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise _malformed(_("Upload-Metadata values must be Base64.")) from None
        result[key] = encoded
    return result


def encode_metadata(metadata: dict[str, str]) -> str:
    """The header value, keys in sorted order.

    The order is fixed rather than "as sent": PostgreSQL's ``jsonb`` keeps no key order, and a
    response must not depend on the database backend. tus gives the order no meaning.
    """
    return ",".join(f"{key} {metadata[key]}" if metadata[key] else key for key in sorted(metadata))


def decoded(metadata: dict[str, str], key: str) -> str | None:
    if key not in metadata:
        return None
    return base64.b64decode(metadata[key]).decode("utf-8", errors="replace")


def filename_from(metadata: dict[str, str]) -> str:
    for key in FILENAME_KEYS:
        value = decoded(metadata, key)
        if value:
            return safe_filename(value, fallback="")
    return ""
