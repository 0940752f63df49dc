"""``django_downloadview.nginx.tests``: ``assert_x_accel_redirect`` and
``XAccelRedirectValidator``, for a project's tests of views offloaded to nginx (the module's name
is the predecessor's; it holds no tests).

``with_buffering``, ``expires`` and ``limit_rate`` compare the header's value (None: the header
is absent; ``False``: it says ``no`` or ``off``); the predecessor compared the header's name, so
its checks of a set value could never pass.
"""

from __future__ import annotations

from typing import Any

from .response import XAccelRedirectResponse, expires_value, limit_rate_value

__all__ = ("XAccelRedirectValidator", "assert_x_accel_redirect")


class XAccelRedirectValidator:
    """Checks an ``XAccelRedirectResponse``, then each assertion given by keyword:
    ``basename``, ``content_type`` (the whole header), ``redirect_url`` (``X-Accel-Redirect``),
    ``charset``, ``with_buffering``, ``expires``, ``limit_rate``, ``attachment``."""

    def __call__(self, test_case: Any, response: Any, **assertions: Any) -> None:
        self.assert_x_accel_redirect_response(test_case, response)
        for key, value in assertions.items():
            getattr(self, f"assert_{key}")(test_case, response, value)

    def assert_x_accel_redirect_response(self, test_case: Any, response: Any) -> None:
        test_case.assertIsInstance(response, XAccelRedirectResponse)

    def assert_basename(self, test_case: Any, response: Any, value: Any) -> None:
        test_case.assertEqual(response.basename, value)

    def assert_content_type(self, test_case: Any, response: Any, value: Any) -> None:
        test_case.assertEqual(response["Content-Type"], value)

    def assert_redirect_url(self, test_case: Any, response: Any, value: Any) -> None:
        test_case.assertEqual(response["X-Accel-Redirect"], value)

    def assert_charset(self, test_case: Any, response: Any, value: Any) -> None:
        test_case.assertEqual(response.get("X-Accel-Charset"), value)

    def assert_with_buffering(self, test_case: Any, response: Any, value: Any) -> None:
        expected = None if value is None else ("yes" if value else "no")
        test_case.assertEqual(response.get("X-Accel-Buffering"), expected)

    def assert_expires(self, test_case: Any, response: Any, value: Any) -> None:
        expected = expires_value(value)
        test_case.assertEqual(response.get("X-Accel-Expires"), _text(expected))

    def assert_limit_rate(self, test_case: Any, response: Any, value: Any) -> None:
        expected = limit_rate_value(value)
        test_case.assertEqual(response.get("X-Accel-Limit-Rate"), _text(expected))

    def assert_attachment(self, test_case: Any, response: Any, value: Any) -> None:
        if value:
            test_case.assertTrue(response.get("Content-Disposition", "").startswith("attachment"))
        else:
            test_case.assertNotIn("Content-Disposition", response)


def _text(value: int | str | None) -> str | None:
    return None if value is None else str(value)


def assert_x_accel_redirect(test_case: Any, response: Any, **assertions: Any) -> None:
    """``XAccelRedirectValidator()(test_case, response, **assertions)``."""
    XAccelRedirectValidator()(test_case, response, **assertions)
