"""The system check that the ASGI application is wrapped in ``TusUploadMiddleware``."""

from __future__ import annotations

from django.test.utils import override_settings

from django_dlwidget.tus.asgi import TusUploadMiddleware
from django_dlwidget.tus.checks import check_asgi_wrapper


async def unwrapped(scope: object, receive: object, send: object) -> None:
    return None


wrapped = TusUploadMiddleware(unwrapped)


def test_check_warns_without_the_asgi_wrapper() -> None:
    module = __name__
    with override_settings(ASGI_APPLICATION=f"{module}.unwrapped"):
        assert [m.id for m in check_asgi_wrapper()] == ["django_dlwidget.W021"]
    with override_settings(ASGI_APPLICATION=f"{module}.wrapped"):
        assert check_asgi_wrapper() == []
