"""Where a download's file lives in the storage: ``<PATH_PREFIX>/<key>/<safe file name>``."""

from __future__ import annotations

import uuid

from django.utils.text import get_valid_filename

from .conf import dlwidget_settings

FALLBACK_NAME = "download"


def download_dir(key: uuid.UUID | str) -> str:
    return f"{dlwidget_settings.PATH_PREFIX}/{key}"


def download_path(key: uuid.UUID | str, filename: str) -> str:
    """A storage name for the file; the owner still gets ``filename`` in Content-Disposition."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    try:
        safe = get_valid_filename(base)[:150]
    except Exception:  # Django raises SuspiciousFileOperation for "", "." and ".."
        safe = FALLBACK_NAME
    return f"{download_dir(key)}/{safe or FALLBACK_NAME}"
