"""``forms.FormResumableFileField`` and jeanphix's form field ``ResumableFileField``: the native
form field (a tus upload token, or a plain file), with the compat widget.

jeanphix's ``resumable.fields.ResumableFileField`` was a *form* field; the forks' ``fields``
module holds a *model* field of the same name (:mod:`.fields`). The form field is here, beside
the forks' one: ``from django_dlwidget.compat.resumable.forms import ResumableFileField``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ...forms import ResumableFormField
from ...uploads.validation import UploadRejected, check_limits
from .widgets import ResumableWidget

__all__ = ["FormResumableFileField", "ResumableFileField"]


class FormResumableFileField(ResumableFormField):
    """``FormResumableFileField(max_size=None, accept=None, **FileField options)``."""

    widget = ResumableWidget


class ResumableFileField(FormResumableFileField):
    """``ResumableFileField(allowed_mimes=None, upload_url=None, chunks_dir=None, ...)``.

    ``allowed_mimes`` is the native ``accept``: a new file's type is sniffed from its content, and
    the file :meth:`clean` returns (a new one, or the initial one) must have an allowed
    ``content_type``, as before. ``upload_url`` and ``chunks_dir`` are accepted and unused: the
    widget uploads to ``dlwidget:upload-list``, and the upload store decides where bytes go.
    """

    def __init__(
        self,
        *args: Any,
        allowed_mimes: Iterable[str] | None = None,
        upload_url: str | Callable[[], str] | None = None,
        chunks_dir: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.allowed_mimes = tuple(allowed_mimes) if allowed_mimes is not None else None
        self.upload_url, self.chunks_dir = upload_url, chunks_dir
        kwargs.setdefault("accept", self.allowed_mimes)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        file = super().clean(data, initial)
        content_type = getattr(file, "content_type", None)
        if self.accept and content_type is not None:
            try:
                check_limits(0, str(content_type), str(getattr(file, "name", "") or ""),
                             max_size=None, accept=self.accept)  # fmt: skip
            except UploadRejected as exc:
                raise self._rejection(exc) from None
        return file
