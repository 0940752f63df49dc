"""``python -m tests.compat.downloadview.live_site <port>``: the offload test views
(``offload_urls``) with ``SmartDownloadMiddleware`` and the predecessor demo's rules, under the
standard library's WSGI server, for the live test through nginx. ``MEDIA_ROOT`` comes from the
environment (``DLW_LIVE_MEDIA``)."""

from __future__ import annotations

import os
import sys
from wsgiref.simple_server import make_server

from django.conf import settings


def configure() -> None:
    from tests import settings as test_settings

    from . import offload_urls

    values = {name: getattr(test_settings, name) for name in dir(test_settings) if name.isupper()}
    values.update(
        MEDIA_ROOT=os.environ["DLW_LIVE_MEDIA"],
        MEDIA_URL="/media/",
        ROOT_URLCONF=offload_urls.__name__,
        MIDDLEWARE=[*test_settings.MIDDLEWARE, offload_urls.SMART_MIDDLEWARE],
        DOWNLOADVIEW_BACKEND=offload_urls.DOWNLOADVIEW_BACKEND,
        DOWNLOADVIEW_RULES=offload_urls.DOWNLOADVIEW_RULES,
        ALLOWED_HOSTS=["*"],
    )
    settings.configure(**values)


def main(port: int) -> None:
    configure()
    from django.core.wsgi import get_wsgi_application

    server = make_server("127.0.0.1", port, get_wsgi_application())
    server.serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]))
