"""``ResumableFileField``: a ``FileField`` whose form field uploads over tus.

Assigning the ``File`` that the form field cleaned stores it like any upload; for a finished
tus upload the data is *moved* (a rename on the same filesystem, a streamed copy to other
storages) exactly once, and the upload is then consumed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.db.models.fields.files import FieldFile

from .forms import ResumableFormField
from .uploads.files import ResumableUploadedFile
from .uploads.sniff import normalise_accept


class ResumableFileField(models.FileField):
    """``ResumableFileField(upload_to=..., max_size=None, accept=None, ...)``.

    ``max_size`` (bytes) and ``accept`` (MIME types, ``type/*`` or ``.ext``, as a list or a
    comma-separated string) are checked by ``clean()`` against the content, not the name.
    """

    def __init__(
        self,
        *args: Any,
        max_size: int | None = None,
        accept: str | Iterable[str] | None = None,
        **kwargs: Any,
    ) -> None:
        self.max_size = max_size
        self.accept = normalise_accept(accept)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.max_size is not None:
            kwargs["max_size"] = self.max_size
        if self.accept:
            kwargs["accept"] = list(self.accept)
        return name, path, args, kwargs

    def formfield(self, **kwargs: Any) -> Any:
        defaults: dict[str, Any] = {
            "form_class": ResumableFormField,
            "max_size": self.max_size,
            "accept": self.accept,
        }
        # The admin passes its own widget for every FileField; ours must win over that one.
        widget = kwargs.get("widget")
        if widget is AdminFileWidget or isinstance(widget, AdminFileWidget):
            del kwargs["widget"]
        return super().formfield(**{**defaults, **kwargs})

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        file = getattr(model_instance, self.attname)
        pending = _pending_file(file)
        if pending is None:
            return super().pre_save(model_instance, add)
        with pending.claimed():
            name = self.generate_filename(model_instance, file.name)
            stored = pending.copy_into(self.storage, name, self.max_length)
            if stored is None:
                value = super().pre_save(model_instance, add)
            else:  # copied server-side: what FieldFile.save() does, without sending the bytes
                file.name, file._committed = stored, True
                setattr(model_instance, self.attname, stored)
                value = getattr(model_instance, self.attname)
        # Read the stored file from the storage from now on, not from the moved data.
        value._file = None
        return value


def _pending_file(file: Any) -> ResumableUploadedFile | None:
    if isinstance(file, FieldFile) and not getattr(file, "_committed", True):
        inner = getattr(file, "_file", None)
        if isinstance(inner, ResumableUploadedFile):
            return inner
    return None
