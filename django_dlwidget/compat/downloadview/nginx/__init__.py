"""``django_downloadview.nginx``: offloading downloads to nginx (``X-Accel-Redirect``): the
response, the middlewares, the view decorator and the test helper."""

from __future__ import annotations

from .decorators import x_accel_redirect
from .middlewares import SingleXAccelRedirectMiddleware, XAccelRedirectMiddleware
from .response import XAccelRedirectResponse
from .tests import XAccelRedirectValidator, assert_x_accel_redirect

__all__ = (
    "SingleXAccelRedirectMiddleware",
    "XAccelRedirectMiddleware",
    "XAccelRedirectResponse",
    "XAccelRedirectValidator",
    "assert_x_accel_redirect",
    "x_accel_redirect",
)
