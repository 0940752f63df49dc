"""The draft's own header fields: which interop version a request speaks, and their values.

A request is a draft request when it names an ``Upload-Draft-Interop-Version`` and no
``Tus-Resumable`` (tus-js-client sends exactly one of the two). Only the interop versions that
tus-js-client 4.x speaks are accepted: 5 (draft -03) and 6 (drafts -04 and -05). The values
are Structured Fields: a Boolean is ``?0`` or ``?1``, nothing else; offsets and lengths go
through the tus parser, which is at least as strict as an sf-integer of a byte count.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from django.utils.http import parse_header_parameters
from django.utils.translation import gettext as _

from ...conf import dlwidget_settings
from ..errors import TusError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from django.http import HttpRequest

INTEROP_HEADER: Final = "Upload-Draft-Interop-Version"
DRAFT_03: Final = "5"
DRAFT_05: Final = "6"
INTEROP_VERSIONS: Final = (DRAFT_03, DRAFT_05)
PARTIAL_UPLOAD: Final = "application/partial-upload"
PROBLEM_TYPES: Final = "https://iana.org/assignments/http-problem-types#"


@dataclass(frozen=True)
class Draft:
    """The interop version a request names (``version``), as sent."""

    version: str

    @property
    def supported(self) -> bool:
        return self.version in INTEROP_VERSIONS

    @property
    def has_limits(self) -> bool:
        """``Upload-Limit``, problem types and ``application/partial-upload`` came with -04."""
        return self.version == DRAFT_05

    def check(self) -> None:
        if not self.supported:
            raise TusError(
                412,
                "unsupported_version",
                _("Upload-Draft-Interop-Version must be one of %(versions)s.")
                % {"versions": ", ".join(INTEROP_VERSIONS)},
            )


def draft_of(request: HttpRequest) -> Draft | None:
    """The draft a request speaks, or None for a tus 1.0 request (or a request of neither)."""
    value = request.headers.get(INTEROP_HEADER)
    if value is None or request.headers.get("Tus-Resumable") is not None:
        return None
    return Draft(value.strip())


def flag(headers: Mapping[str, str], name: str) -> bool | None:
    """A Structured Field Boolean header: None when absent, 400 for anything but ``?0``/``?1``."""
    value = headers.get(name.lower())
    if value is None:
        return None
    if value.strip() not in ("?0", "?1"):
        raise TusError(400, "invalid_header", _("%(header)s must be ?0 or ?1.") % {"header": name})
    return value.strip() == "?1"


def refuse(headers: Mapping[str, str], *names: str) -> None:
    """400 for a header the draft forbids in this request."""
    for name in names:
        if name.lower() in headers:
            raise TusError(
                400,
                "invalid_header",
                _("%(header)s is not allowed in this request.") % {"header": name},
            )


def upload_limit() -> str:
    """``Upload-Limit``: the same ``UPLOAD_MAX_SIZE`` that ``Tus-Max-Size`` announces."""
    return f"min-size=0,max-size={dlwidget_settings.UPLOAD_MAX_SIZE}"


#: Longer ``Content-Disposition`` values name no file (Django 6's own limit for header parameters).
MAX_DISPOSITION_LENGTH = 10_000


def representation_metadata(headers: Mapping[str, str]) -> dict[str, str]:
    """tus metadata (Base64 values) from a creation's ``Content-Type`` and
    ``Content-Disposition``: the draft's way to name the file and its type."""
    metadata: dict[str, str] = {}
    media_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type and media_type != PARTIAL_UPLOAD:
        metadata["filetype"] = _b64(media_type)
    filename = _disposition_filename(headers.get("content-disposition") or "")
    if filename:
        metadata["filename"] = _b64(filename)
    return metadata


def _disposition_filename(value: str) -> str:
    """The ``filename`` (or ``filename*``) parameter; "" for none or an unreadable one: the
    drafts let a server ignore representation metadata, and a name is only ever a hint."""
    if len(value) > MAX_DISPOSITION_LENGTH:  # Django 6 refuses these itself; 5.2 would parse them
        return ""
    try:
        _kind, params = parse_header_parameters(value)
    except ValueError:  # an unknown RFC 2231 charset, an overlong value
        return ""
    return str(params.get("filename", ""))


def _b64(value: str) -> str:
    return base64.b64encode(value.encode()).decode("ascii")
