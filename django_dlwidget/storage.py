"""The storage generated files live in (``DLWIDGET["STORAGE"]``), resolved at use time."""

from __future__ import annotations

from django.core.files.storage import Storage, storages

from .conf import dlwidget_settings


def download_storage() -> Storage:
    return storages[dlwidget_settings.STORAGE]
