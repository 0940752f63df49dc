"""A real HTTP server on a free loopback port, in a thread of the test process, for
``HTTPDownloadView`` and ``HTTPFile``: it serves fixed bodies, error statuses, and a body held
back after its first chunk until the test releases it (to show the proxy streams)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

HELD_FIRST = b"first chunk\n" * 30000  # more than a block: sent before the rest exists
HELD_REST = b"the rest\n" * 100


@dataclass
class Remote:
    port: int
    release: threading.Event = field(default_factory=threading.Event)
    requests: list[dict[str, str]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"


def _handler(remote: Remote) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            remote.requests.append({"path": self.path, **dict(self.headers.items())})
            if self.path.startswith("/status/"):
                self._send(int(self.path.rsplit("/", 1)[-1]), b"remote error page\n")
            elif self.path == "/held.txt":
                self._held()
            elif self.path == "/image.png":
                self._send(200, b"\x89PNG fake", content_type="image/png")
            else:
                self._send(200, b"Hello world!\n", content_type="text/plain")

        def _send(self, status: int, body: bytes, content_type: str = "text/plain") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _held(self) -> None:
            """Chunked, no Content-Length; the rest only once the test sets ``release``."""
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part, wait in ((HELD_FIRST, True), (HELD_REST, False)):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                self.wfile.flush()
                if wait and not remote.release.wait(timeout=30):
                    return
            self.wfile.write(b"0\r\n\r\n")

    return Handler


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up early (the proxy closing a refused body) is expected."""


@contextmanager
def remote_server() -> Iterator[Remote]:
    server = QuietServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    remote = Remote(port=server.server_address[1])
    server.RequestHandlerClass = _handler(remote)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield remote
    finally:
        remote.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
