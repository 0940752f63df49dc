"""Protocol constants and the parsing of tus request headers (strict: 400 for anything odd)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Final

from django.utils.http import http_date
from django.utils.translation import gettext as _

from ..elements.contract import UPLOAD_TOKEN_HEADER
from .errors import TusError

TUS_VERSION: Final = "1.0.0"
SUPPORTED_VERSIONS: Final = (TUS_VERSION,)
EXTENSIONS: Final = (
    "creation",
    "creation-with-upload",
    "creation-defer-length",
    "expiration",
    "checksum",
    "termination",
    "concatenation",
)
OFFSET_CONTENT_TYPE: Final = "application/offset+octet-stream"
TOKEN_HEADER: Final = UPLOAD_TOKEN_HEADER
EXPOSE_HEADERS: Final = ", ".join(
    (
        "Upload-Offset",
        "Upload-Length",
        "Upload-Defer-Length",
        "Upload-Metadata",
        "Upload-Concat",
        "Upload-Expires",
        "Location",
        "Tus-Resumable",
        "Tus-Version",
        "Tus-Extension",
        "Tus-Max-Size",
        "Tus-Checksum-Algorithm",
        "Upload-Complete",
        "Upload-Draft-Interop-Version",
        "Upload-Limit",
        TOKEN_HEADER,
    )
)
# 19 digits fit a signed 64-bit integer: the database columns are BIGINT.
_NUMBER = re.compile(r"[0-9]{1,18}")


def parse_size(value: str, header: str) -> int:
    """A non-negative decimal integer, digits only (no sign, no spaces, no exponent)."""
    if not _NUMBER.fullmatch(value.strip()):
        raise TusError(
            400,
            "invalid_header",
            _("%(header)s must be a non-negative integer.") % {"header": header},
        )
    return int(value.strip())


def content_type_of(value: str) -> str:
    return value.split(";", 1)[0].strip().lower()


def format_expires(moment: datetime) -> str:
    """RFC 7231 IMF-fixdate, always in GMT."""
    return http_date(moment.timestamp())
