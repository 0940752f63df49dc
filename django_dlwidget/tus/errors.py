"""The one exception the protocol raises: it carries the HTTP status and the JSON error."""

from __future__ import annotations

from collections.abc import Mapping


class TusError(Exception):
    def __init__(
        self, status: int, code: str, detail: str, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = str(detail)
        self.headers = dict(headers or {})
