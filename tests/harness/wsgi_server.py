"""The demo site under the standard library's WSGI server (``python -m demo.wsgi``), for the live
tests of what differs between WSGI and ASGI: the same setup as ``DemoServer``, another process."""

from __future__ import annotations

import sys
from pathlib import Path

from .demo_server import EXAMPLE, DemoServer
from .processes import ServerProcess


class WsgiDemoServer(DemoServer):
    """``DemoServer`` (database, demo user, environment, port) served by wsgiref, not uvicorn."""

    def __init__(self, workdir: Path) -> None:
        super().__init__(workdir)
        self.process = ServerProcess(
            [sys.executable, "-m", "demo.wsgi", str(self.port)],
            env=self.env,
            cwd=EXAMPLE,
            log=workdir / "server.log",
            port=self.port,
        )
