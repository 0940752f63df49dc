"""Raw HTTP as a logged-in client would send it, keeping status, headers and body together
(the fault tests look at all three of a refusal)."""

from __future__ import annotations

import http.client
import json
import urllib.parse
from dataclasses import dataclass
from typing import Any

from tests.tus.live import Session


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


def send(
    session: Session,
    method: str,
    path: str,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> Reply:
    """``method path`` on the session's server with its cookie and CSRF header."""
    parts = urllib.parse.urlsplit(urllib.parse.urljoin(session.server_url, path))
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    try:
        sent = {**session.headers, **(headers or {})}
        if method in ("POST", "PATCH", "DELETE") or body:
            sent.setdefault("Content-Length", str(len(body)))
        conn.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body, sent)
        response = conn.getresponse()
        data = response.read()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
    finally:
        conn.close()
