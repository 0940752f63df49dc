"""``bgfiles.fields``: the predecessor's storage settings and its migration-quiet ``FileField``.

A file request's file lives where every download's does (``DLWIDGET["STORAGE"]`` under
``DLWIDGET["PATH_PREFIX"]``), so ``BG_FILES_STORAGE`` and ``BG_FILES_UPLOAD_TO`` no longer place
it; these functions still read them, for a project's own models that use
``ConfigurableFileField``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import FileField

__all__ = ["ConfigurableFileField", "get_storage", "get_upload_to"]


def get_storage() -> Any:
    """``BG_FILES_STORAGE``, or None for Django's default storage."""
    return getattr(settings, "BG_FILES_STORAGE", None)


def get_upload_to() -> Any:
    """``BG_FILES_UPLOAD_TO``, or ``""``."""
    return getattr(settings, "BG_FILES_UPLOAD_TO", "")


class ConfigurableFileField(FileField):
    """A ``FileField`` whose storage and ``upload_to`` come from the settings above and stay out
    of migrations (so changing them needs no new migration)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("storage", get_storage())
        kwargs.setdefault("upload_to", get_upload_to())
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("storage", None)
        kwargs.pop("upload_to", None)
        return name, path, args, kwargs
