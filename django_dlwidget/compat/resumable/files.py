"""``files.ResumableFile``: the name only, so that code importing it still imports.

The predecessor's class assembled resumable.js chunks (``<total size>_<name>_part_<n>``) on a
storage; the widget uploads over tus now, and the upload store (:mod:`.store`) keeps the chunks.
Building one works; each of its chunk operations raises ``NotImplementedError`` saying so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NoReturn

from . import settings

if TYPE_CHECKING:
    from django.core.files.storage import Storage

__all__ = ["ResumableFile", "get_chunks_subdir"]

_TUS = (
    "django-dlwidget does not speak the resumable.js chunk protocol: uploads arrive over tus, "
    "and their bytes are kept by DLWIDGET['UPLOAD_STORE'] (docs/migrating.md)."
)


class ResumableFile:
    def __init__(self, storage: Storage, kwargs: Mapping[str, Any]) -> None:
        self.storage, self.kwargs = storage, kwargs
        self.chunk_suffix = "_part_"

    def __getattr__(self, name: str) -> NoReturn:
        if name.startswith("_"):
            raise AttributeError(name)
        raise NotImplementedError(f"ResumableFile.{name}: {_TUS}")


def get_chunks_subdir() -> str:
    """``RESUMABLE_SUBDIR`` (default ``"resumable_chunks/"``)."""
    return settings.subdir()
