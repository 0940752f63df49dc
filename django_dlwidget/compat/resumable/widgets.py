"""``widgets.ResumableWidget`` (and jeanphix's ``ResumableFileInput``): the native widget, with
``RESUMABLE_SHOW_THUMB`` for its ``thumbnails`` option."""

from __future__ import annotations

from typing import Any

from ...widgets import ResumableWidget as NativeResumableWidget
from . import settings

__all__ = ["ResumableFileInput", "ResumableWidget"]


class ResumableWidget(NativeResumableWidget):
    """``ResumableWidget(attrs=None, thumbnails=None, **native options)``: with ``thumbnails``
    left out, ``RESUMABLE_SHOW_THUMB`` (read when the widget renders) decides."""

    def __init__(
        self, attrs: dict[str, Any] | None = None, *, thumbnails: bool | None = None, **kwargs: Any
    ) -> None:
        super().__init__(attrs, **kwargs)
        self._thumbnails = thumbnails

    @property
    def thumbnails(self) -> bool:
        return settings.show_thumb() if self._thumbnails is None else self._thumbnails

    @thumbnails.setter
    def thumbnails(self, value: bool | None) -> None:
        self._thumbnails = value


#: jeanphix's name for the same widget.
ResumableFileInput = ResumableWidget
