"""The checksum extension: ``Upload-Checksum: <algorithm> <Base64 digest>``."""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Protocol

from django.utils.translation import gettext as _

from .errors import TusError


class Hasher(Protocol):
    def update(self, data: bytes, /) -> None: ...
    def digest(self) -> bytes: ...


def _sha1() -> Hasher:
    return hashlib.sha1(usedforsecurity=False)


def _sha256() -> Hasher:
    return hashlib.sha256()


def _md5() -> Hasher:
    return hashlib.md5(usedforsecurity=False)


# sha1 is the one the protocol requires; the others are common in clients.
ALGORITHMS: Final[dict[str, Callable[[], Hasher]]] = {
    "sha1": _sha1,
    "sha256": _sha256,
    "md5": _md5,
}
DIGEST_SIZES: Final = {"sha1": 20, "sha256": 32, "md5": 16}


@dataclass(frozen=True)
class Checksum:
    algorithm: str
    digest: bytes

    def hasher(self) -> Hasher:
        return ALGORITHMS[self.algorithm]()


def parse_checksum(value: str) -> Checksum:
    parts = value.strip().split(" ")
    if len(parts) != 2 or not parts[0] or not parts[1]:
        raise TusError(
            400,
            "invalid_checksum",
            _("Upload-Checksum must be an algorithm name and a Base64 digest."),
        )
    algorithm, encoded = parts[0].lower(), parts[1]
    if algorithm not in ALGORITHMS:
        raise TusError(
            400,
            "unsupported_checksum",
            _("The checksum algorithm %(name)s is not supported; use one of %(names)s.")
            % {"name": parts[0], "names": ", ".join(ALGORITHMS)},
        )
    try:
        digest = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise TusError(
            400, "invalid_checksum", _("The Upload-Checksum digest is not valid Base64.")
        ) from None
    if len(digest) != DIGEST_SIZES[algorithm]:
        raise TusError(
            400,
            "invalid_checksum",
            _("The Upload-Checksum digest has the wrong length for %(name)s.")
            % {"name": algorithm},
        )
    return Checksum(algorithm, digest)
