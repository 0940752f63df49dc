"""``django_downloadview.shortcuts``: ``sendfile()``, django-sendfile's call on
``PathDownloadView``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .views.path import PathDownloadView

__all__ = ("sendfile",)


def sendfile(
    request: HttpRequest,
    filename: str,
    attachment: bool = False,
    attachment_filename: str | None = None,
    mimetype: str | None = None,
    encoding: str | None = None,
) -> Any:
    """Serve the file at ``filename`` (a path in code, never from the request) inline, or as an
    attachment named ``attachment_filename``. ``Http404`` when there is no such file."""
    view = PathDownloadView.as_view(
        path=filename,
        attachment=attachment,
        basename=attachment_filename,
        mimetype=mimetype,
        encoding=encoding,
    )
    return view(request)
