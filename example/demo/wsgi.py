"""The demo as a WSGI application (no WebSocket; tus bodies are read by the view in blocks).

``python -m demo.wsgi [port]`` serves it with the standard library's ``wsgiref`` on loopback:
enough for the live tests that check the WSGI path, not for production.
"""

from __future__ import annotations

import os
import sys

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo.settings")
application = get_wsgi_application()

if __name__ == "__main__":
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            pass

    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8001
    with make_server("127.0.0.1", port, application, handler_class=QuietHandler) as server:
        server.serve_forever()
