"""What the protocol receives and answers, independent of WSGI or ASGI, and the shared headers.

The views turn a Django request into a :class:`TusRequest` (headers, principal, a streamed
:class:`Body`) and a :class:`TusResponse` back into an ``HttpResponse``; the protocol modules
(:mod:`.verbs`, :mod:`.concatenation`, :mod:`.writer`) see only these. The headers that several
verbs send, the discovery set and an upload's state, are built here once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ..conf import dlwidget_settings
from .auth import Principal
from .checksum import ALGORITHMS
from .headers import EXTENSIONS, SUPPORTED_VERSIONS, TOKEN_HEADER, TUS_VERSION, format_expires
from .tokens import make_token

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ..models import Upload

Locate = Callable[[uuid.UUID], str]
"""An upload's URL (the ``Location`` header) from its id; the view knows where it is mounted."""


class Readable(Protocol):
    def read(self, size: int, /) -> bytes: ...


class _Empty:
    def read(self, size: int, /) -> bytes:
        return b""


@dataclass
class Body:
    """A request body: a stream read in blocks, and the declared ``Content-Length``."""

    stream: Readable
    length: int | None

    @classmethod
    def empty(cls) -> Body:
        return cls(_Empty(), 0)

    @property
    def aborted(self) -> bool:
        """The ASGI wrapper's stream knows when the client went away mid-body."""
        return bool(getattr(self.stream, "aborted", False))

    @property
    def present(self) -> bool:
        return self.length is None or self.length > 0


@dataclass(frozen=True)
class Part:
    """One upload listed in ``Upload-Concat: final;...``: the URL as sent, and its upload's id.

    ``upload_id`` is None when the URL is not one of ours; the protocol refuses that part in
    its turn (so a request with several faults is refused for the same one as ever).
    """

    url: str
    upload_id: uuid.UUID | None


@dataclass
class TusRequest:
    request: HttpRequest
    principal: Principal
    headers: Mapping[str, str]  # lower-case names
    body: Body | None = None

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class TusResponse:
    status: int
    headers: dict[str, str] = field(default_factory=dict)


def discovery_headers() -> dict[str, str]:
    return {
        "Tus-Resumable": TUS_VERSION,
        "Tus-Version": ",".join(SUPPORTED_VERSIONS),
        "Tus-Extension": ",".join(EXTENSIONS),
        "Tus-Max-Size": str(dlwidget_settings.UPLOAD_MAX_SIZE),
        "Tus-Checksum-Algorithm": ",".join(ALGORITHMS),
    }


def state_headers(upload: Upload) -> dict[str, str]:
    """Where the upload stands: offset, length (or deferred), expiry, and once done its token."""
    headers = {"Upload-Offset": str(upload.offset)}
    if upload.length is None:
        headers["Upload-Defer-Length"] = "1"
    else:
        headers["Upload-Length"] = str(upload.length)
    if upload.expires is not None and not upload.complete:
        headers["Upload-Expires"] = format_expires(upload.expires)
    if upload.complete:
        headers[TOKEN_HEADER] = make_token(upload)
    return headers
