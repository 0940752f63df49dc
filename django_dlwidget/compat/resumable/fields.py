"""``fields.ResumableFileField``: the forks' model field, the native one with ``chunks_upload_to``.

``chunks_upload_to`` is kept on the field (and in migrations) but chunks are not per field any
more: every upload's partial bytes live where the upload store says (``RESUMABLE_SUBDIR`` with
:class:`~.store.ResumableStore`), since an upload starts before the form knows its field.
"""

from __future__ import annotations

from typing import Any

from ...fields import ResumableFileField as NativeResumableFileField
from .forms import FormResumableFileField

__all__ = ["ResumableFileField"]


class ResumableFileField(NativeResumableFileField):
    """``ResumableFileField(verbose_name=None, name=None, upload_to="", chunks_upload_to="",
    **FileField and native options)``."""

    def __init__(
        self,
        verbose_name: str | None = None,
        name: str | None = None,
        upload_to: Any = "",
        chunks_upload_to: str = "",
        **kwargs: Any,
    ) -> None:
        self.chunks_upload_to = chunks_upload_to
        super().__init__(verbose_name, name, upload_to=upload_to, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.chunks_upload_to:
            kwargs["chunks_upload_to"] = self.chunks_upload_to
        return name, path, args, kwargs

    def formfield(self, **kwargs: Any) -> Any:
        # Its widget is the form field's own: the compat ResumableWidget (in the admin too).
        kwargs.setdefault("form_class", FormResumableFileField)
        return super().formfield(**kwargs)
