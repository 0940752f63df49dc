"""``django_downloadview.lighttpd.tests``: ``assert_x_sendfile`` and ``XSendfileValidator`` for
lighttpd's responses (the module's name is the predecessor's; it holds no tests)."""

from __future__ import annotations

from typing import Any

from ..apache.tests import XSendfileValidator as ApacheXSendfileValidator
from .response import XSendfileResponse

__all__ = ("XSendfileValidator", "assert_x_sendfile")


class XSendfileValidator(ApacheXSendfileValidator):
    """Apache's validator, for lighttpd's ``XSendfileResponse``."""

    response_class = XSendfileResponse


def assert_x_sendfile(test_case: Any, response: Any, **assertions: Any) -> None:
    """``XSendfileValidator()(test_case, response, **assertions)``."""
    XSendfileValidator()(test_case, response, **assertions)
