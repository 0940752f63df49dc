"""``django_downloadview.apache.tests``: ``assert_x_sendfile`` and ``XSendfileValidator``, for a
project's tests of views offloaded to Apache (the module's name is the predecessor's; it holds
no tests)."""

from __future__ import annotations

from typing import Any

from .response import XSendfileResponse

__all__ = ("XSendfileValidator", "assert_x_sendfile")


class XSendfileValidator:
    """Checks an ``XSendfileResponse``, then each assertion given by keyword: ``basename``,
    ``content_type`` (the whole header), ``file_path`` (``X-Sendfile``), ``attachment``."""

    response_class: type[Any] = XSendfileResponse

    def __call__(self, test_case: Any, response: Any, **assertions: Any) -> None:
        self.assert_x_sendfile_response(test_case, response)
        for key, value in assertions.items():
            getattr(self, f"assert_{key}")(test_case, response, value)

    def assert_x_sendfile_response(self, test_case: Any, response: Any) -> None:
        test_case.assertIsInstance(response, self.response_class)

    def assert_basename(self, test_case: Any, response: Any, value: Any) -> None:
        test_case.assertEqual(response.basename, value)

    def assert_content_type(self, test_case: Any, response: Any, value: Any) -> None:
        test_case.assertEqual(response["Content-Type"], value)

    def assert_file_path(self, test_case: Any, response: Any, value: Any) -> None:
        # The header carries the path's UTF-8 bytes (see serving.offload).
        sent = response["X-Sendfile"].encode("latin-1").decode("utf-8")
        test_case.assertEqual(sent, value)

    def assert_attachment(self, test_case: Any, response: Any, value: Any) -> None:
        if value:
            test_case.assertTrue(response.get("Content-Disposition", "").startswith("attachment"))
        else:
            test_case.assertNotIn("Content-Disposition", response)


def assert_x_sendfile(test_case: Any, response: Any, **assertions: Any) -> None:
    """``XSendfileValidator()(test_case, response, **assertions)``."""
    XSendfileValidator()(test_case, response, **assertions)
