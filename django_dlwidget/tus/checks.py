"""System checks of uploads: is the ASGI application wrapped in ``DlwidgetMiddleware`` (or the
``TusUploadMiddleware`` it extends), does
``UPLOAD_CHUNK_SIZE`` fit the upload store's parts, and do the upload limits allow what they
promise?"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.utils.module_loading import import_string

from ..conf import dlwidget_settings, get
from .stores import build_store

MAX_DEPTH = 8
INNER_ATTRIBUTES = ("app", "application", "inner", "application_mapping")


def _wrapped(app: object, depth: int = 0) -> bool:
    from .asgi import TusUploadMiddleware

    if isinstance(app, TusUploadMiddleware):
        return True
    if depth >= MAX_DEPTH:
        return False
    for name in INNER_ATTRIBUTES:
        inner = getattr(app, name, None)
        if isinstance(inner, dict):
            if any(_wrapped(value, depth + 1) for value in inner.values()):
                return True
        elif inner is not None and inner is not app and _wrapped(inner, depth + 1):
            return True
    return False


@register(Tags.compatibility)
def check_asgi_wrapper(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    path = getattr(settings, "ASGI_APPLICATION", None)
    if not path:
        return []
    try:
        application = import_string(path)
    except ImportError:
        return []
    if _wrapped(application):
        return []
    return [
        Warning(
            "The ASGI application does not stream tus uploads.",
            hint=(
                "Without django_dlwidget.asgi.DlwidgetMiddleware, Django spools each "
                "upload request whole before the view runs and discards it if the client "
                "disconnects, so interrupted chunks must be sent again. Wrap the application "
                "in asgi.py: application = DlwidgetMiddleware(get_asgi_application())."
            ),
            id="django_dlwidget.W021",
        )
    ]


@register(Tags.compatibility)
def check_chunk_size(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    chunk = get("UPLOAD_CHUNK_SIZE")
    if not isinstance(chunk, int) or isinstance(chunk, bool) or chunk <= 0:
        return []  # None, or a bad value (E006)
    try:
        store = build_store(dlwidget_settings.UPLOAD_STORE)
    except Exception:
        return []  # E040 says so
    part = getattr(store, "part_size", None)
    if not part or chunk % part == 0:
        return []
    return [
        Error(
            f"DLWIDGET['UPLOAD_CHUNK_SIZE'] is {chunk}, not a multiple of the upload store's "
            f"part size ({part} bytes).",
            hint="Every PATCH but the last should end on a part boundary: set it to a multiple "
            "of the part size, or remove it to use eight parts.",
            id="django_dlwidget.E041",
        )
    ]


def _positive(key: str) -> int | None:
    value = get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return None  # a bad value: E006 says so
    return value


@register(Tags.compatibility)
def check_upload_limits(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Limits that contradict each other: an upload of ``Tus-Max-Size`` that no quota holds,
    a concatenation of more parts than one user may hold."""
    found: list[CheckMessage] = []
    size, quota = _positive("UPLOAD_MAX_SIZE"), _positive("UPLOAD_QUOTA")
    if size and quota and quota < size:
        found.append(
            Warning(
                f"DLWIDGET['UPLOAD_QUOTA'] ({quota} bytes) is smaller than "
                f"DLWIDGET['UPLOAD_MAX_SIZE'] ({size} bytes): clients are told that uploads "
                "up to that size are accepted, but every one past the quota is refused.",
                hint="Raise UPLOAD_QUOTA to at least UPLOAD_MAX_SIZE, or lower UPLOAD_MAX_SIZE.",
                id="django_dlwidget.W041",
            )
        )
    parts, count = _positive("UPLOAD_MAX_PARTS"), _positive("UPLOAD_MAX_COUNT")
    if parts and count and count < parts:
        found.append(
            Warning(
                f"DLWIDGET['UPLOAD_MAX_PARTS'] ({parts}) is larger than "
                f"DLWIDGET['UPLOAD_MAX_COUNT'] ({count}): a user can never hold that many "
                "partial uploads to join.",
                hint="Lower UPLOAD_MAX_PARTS to UPLOAD_MAX_COUNT at most, or raise "
                "UPLOAD_MAX_COUNT.",
                id="django_dlwidget.W041",
            )
        )
    return found


@register(Tags.compatibility)
def check_concurrency_caps(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Slow bodies (issue 13): a per-user cap above the per-process one never applies."""
    per_user, per_process = (
        get("UPLOAD_MAX_CONCURRENT_PER_USER"),
        get("UPLOAD_MAX_CONCURRENT_PER_PROCESS"),
    )
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (per_user, per_process)):
        return []  # a bad value (E006)
    if per_user <= per_process:
        return []
    return [
        Warning(
            f"DLWIDGET['UPLOAD_MAX_CONCURRENT_PER_USER'] ({per_user}) is above "
            f"DLWIDGET['UPLOAD_MAX_CONCURRENT_PER_PROCESS'] ({per_process}): one user can "
            "take every upload slot of a process.",
            hint="Keep the per-user cap well below the per-process one, so that one user "
            "cannot keep the others from uploading.",
            id="django_dlwidget.W042",
        )
    ]
