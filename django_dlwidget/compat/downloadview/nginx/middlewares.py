"""``django_downloadview.nginx.middlewares``: ``XAccelRedirectMiddleware``, the backend of
``SmartDownloadMiddleware`` (and of ``x_accel_redirect``) that turns a matching download into an
``XAccelRedirectResponse``; ``SingleXAccelRedirectMiddleware``, the same configured by the old
``NGINX_DOWNLOAD_MIDDLEWARE_*`` settings."""

from __future__ import annotations

import warnings
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from ..middlewares import GetResponse, NoRedirectionMatch, ProxiedDownloadMiddleware
from .response import XAccelRedirectResponse

__all__ = ("SingleXAccelRedirectMiddleware", "XAccelRedirectMiddleware")


class XAccelRedirectMiddleware(ProxiedDownloadMiddleware):
    """Sends downloads whose file is under ``source_url`` or ``source_dir`` through nginx, at
    ``destination_url`` + the rest, with the X-Accel options ``expires`` (else the response's
    own ``expires``; ``False`` or ``0``: ``off``), ``with_buffering`` and ``limit_rate``.
    ``media_root`` and ``media_url`` are the deprecated names of ``source_dir`` and
    ``destination_url``."""

    def __init__(
        self,
        get_response: GetResponse | None = None,
        source_dir: str | None = None,
        source_url: str | None = None,
        destination_url: str | None = None,
        expires: Any = None,
        with_buffering: bool | None = None,
        limit_rate: Any = None,
        media_root: str | None = None,
        media_url: str | None = None,
    ) -> None:
        if media_url is not None:
            _deprecated(self, "media_url", "destination_url")
            destination_url = media_url if destination_url is None else destination_url
        if media_root is not None:
            _deprecated(self, "media_root", "source_dir")
            source_dir = media_root if source_dir is None else source_dir
        super().__init__(get_response, source_dir, source_url, destination_url)
        self.expires = expires
        self.with_buffering = with_buffering
        self.limit_rate = limit_rate

    def process_download_response(self, request: HttpRequest, response: Any) -> Any:
        try:
            redirect_url = self.get_redirect_url(response)
        except NoRedirectionMatch:
            return response
        return XAccelRedirectResponse(
            redirect_url=redirect_url,
            content_type=response["Content-Type"],
            basename=response.basename,
            # False or 0 says "off" here too; None leaves it to the response's own ``expires``.
            expires=getattr(response, "expires", None) if self.expires is None else self.expires,
            with_buffering=self.with_buffering,
            limit_rate=self.limit_rate,
            attachment=response.attachment,
            headers=response.headers,
        )


def _deprecated(middleware: object, old: str, new: str) -> None:
    warnings.warn(
        f"{type(middleware).__name__}'s ``{old}`` is deprecated. Use ``{new}`` instead.",
        DeprecationWarning,
        stacklevel=3,
    )


class SingleXAccelRedirectMiddleware(XAccelRedirectMiddleware):
    """``XAccelRedirectMiddleware`` for ``MIDDLEWARE``, configured by the deprecated
    ``NGINX_DOWNLOAD_MIDDLEWARE_*`` settings (``DESTINATION_URL`` required; ``SOURCE_DIR`` and
    ``SOURCE_URL`` default to ``MEDIA_ROOT`` and ``MEDIA_URL``)."""

    def __init__(self, get_response: GetResponse | None = None) -> None:
        from . import settings as nginx_settings

        destination_url = nginx_settings.value("DESTINATION_URL")
        if destination_url is None:
            raise ImproperlyConfigured(
                "settings.NGINX_DOWNLOAD_MIDDLEWARE_DESTINATION_URL is required by "
                f"{type(self).__name__}."
            )
        super().__init__(
            get_response=get_response,
            source_dir=nginx_settings.value("SOURCE_DIR"),
            source_url=nginx_settings.value("SOURCE_URL"),
            destination_url=destination_url,
            expires=nginx_settings.value("EXPIRES"),
            with_buffering=nginx_settings.value("WITH_BUFFERING"),
            limit_rate=nginx_settings.value("LIMIT_RATE"),
        )
