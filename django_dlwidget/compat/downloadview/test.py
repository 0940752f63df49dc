"""``django_downloadview.test``: helpers for a project's tests of download views:
``setup_view``, ``temporary_media_root``, ``assert_download_response`` and its
``DownloadResponseValidator``; the offload helpers are in ``nginx``, ``apache`` and ``lighttpd``
(and re-exported here).

The checks read the response the way ``django_dlwidget.testing`` does: ``basename`` is the name
a browser would save (``filename*`` first), and ``content`` reads a streamed body, asynchronous
ones too, then closes the response.
"""

from __future__ import annotations

import shutil
import tempfile
from typing import Any

from django.test.utils import override_settings
from django.utils.encoding import force_bytes

from ...testing import close_response, content_disposition_filename, response_content
from .apache.tests import XSendfileValidator, assert_x_sendfile
from .middlewares import is_download_response
from .nginx.tests import XAccelRedirectValidator, assert_x_accel_redirect

__all__ = (
    "DownloadResponseValidator",
    "XAccelRedirectValidator",
    "XSendfileValidator",
    "assert_download_response",
    "assert_x_accel_redirect",
    "assert_x_sendfile",
    "setup_view",
    "temporary_media_root",
)


def setup_view(view: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
    """``view`` (an instance of a class-based view) set up for ``request`` and the URL's
    ``args`` and ``kwargs``, as ``as_view()`` would, to test its methods one by one."""
    setup = getattr(view, "setup", None)
    if callable(setup):
        setup(request, *args, **kwargs)  # Django's View.setup()
    else:
        view.request, view.args, view.kwargs = request, args, kwargs
    return view


class temporary_media_root(override_settings):
    """``override_settings`` with ``MEDIA_ROOT`` a new temporary folder, removed afterwards; a
    decorator or a context manager."""

    def enable(self) -> None:
        self.options["MEDIA_ROOT"] = tempfile.mkdtemp()
        super().enable()

    def disable(self) -> None:
        try:
            super().disable()
        finally:
            shutil.rmtree(self.options["MEDIA_ROOT"], ignore_errors=True)


class DownloadResponseValidator:
    """Checks a ``DownloadResponse``, then each assertion given by keyword: ``basename`` (the
    file name offered), ``content_type`` (the whole header), ``mime_type`` (its start),
    ``content`` (the body, bytes or text), ``attachment``."""

    def __call__(self, test_case: Any, response: Any, **assertions: Any) -> None:
        self.assert_download_response(test_case, response)
        for key, value in assertions.items():
            getattr(self, f"assert_{key}")(test_case, response, value)

    def assert_download_response(self, test_case: Any, response: Any) -> None:
        test_case.assertTrue(is_download_response(response))

    def assert_basename(self, test_case: Any, response: Any, value: Any) -> None:
        """The name a browser saves the file as (implies an attachment)."""
        disposition = response.get("Content-Disposition") or ""
        test_case.assertEqual(content_disposition_filename(disposition), value)

    def assert_content_type(self, test_case: Any, response: Any, value: Any) -> None:
        test_case.assertEqual(response["Content-Type"], value)

    def assert_mime_type(self, test_case: Any, response: Any, value: Any) -> None:
        test_case.assertTrue(response["Content-Type"].startswith(value))

    def assert_content(self, test_case: Any, response: Any, value: Any) -> None:
        try:
            body = response_content(response)
        finally:
            close_response(response)
        test_case.assertEqual(body, force_bytes(value))

    def assert_attachment(self, test_case: Any, response: Any, value: Any) -> None:
        disposition = response.get("Content-Disposition") or ""
        test_case.assertEqual(disposition.startswith("attachment"), bool(value))


def assert_download_response(test_case: Any, response: Any, **assertions: Any) -> None:
    """``DownloadResponseValidator()(test_case, response, **assertions)``."""
    DownloadResponseValidator()(test_case, response, **assertions)
