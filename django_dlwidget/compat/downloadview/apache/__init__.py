"""``django_downloadview.apache``: offloading downloads to Apache's mod_xsendfile
(``X-Sendfile``): the response, the middleware, the view decorator and the test helper."""

from __future__ import annotations

from .decorators import x_sendfile
from .middlewares import XSendfileMiddleware
from .response import XSendfileResponse
from .tests import XSendfileValidator, assert_x_sendfile

__all__ = (
    "XSendfileMiddleware",
    "XSendfileResponse",
    "XSendfileValidator",
    "assert_x_sendfile",
    "x_sendfile",
)
