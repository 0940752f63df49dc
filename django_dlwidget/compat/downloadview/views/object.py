"""``django_downloadview.views.object``: ``ObjectDownloadView``, a file field of one object.

The object is found as by Django's ``DetailView`` (``model`` or ``queryset``, ``pk_url_kwarg``,
``slug_url_kwarg``, ``slug_field``...): a missing object, or an empty file field, is a 404.
The ``*_field`` options name model attributes holding the file's metadata: ``basename_field``,
``mime_type_field`` and ``encoding_field`` feed the response's name, MIME type and encoding,
``charset_field`` the ``Content-Type`` charset, ``modification_time_field`` the
``Last-Modified`` and ``If-Modified-Since`` date. Each is also set on the file wrapper where
the wrapper allows it (a ``FieldFile``'s ``size`` and ``encoding`` are read-only: the
predecessor failed there). ``Content-Length`` is always the stored file's real size.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import HttpRequest
from django.views.generic.detail import SingleObjectMixin

from ..exceptions import FileNotFound
from .base import BaseDownloadView

__all__ = ("ObjectDownloadView",)

_METADATA = ("encoding", "mime_type", "charset", "modification_time", "size")

if TYPE_CHECKING:
    _ObjectMixin = SingleObjectMixin[models.Model]
else:  # not subscriptable at run time
    _ObjectMixin = SingleObjectMixin


class ObjectDownloadView(_ObjectMixin, BaseDownloadView):
    """Serve ``file_field`` of the object the URL names: ``ObjectDownloadView.as_view(
    model=Document, file_field="pdf")``. Narrow ``queryset``/``get_queryset()`` to what the
    user may see."""

    file_field: str = "file"
    basename_field: str | None = None
    encoding_field: str | None = None
    mime_type_field: str | None = None
    charset_field: str | None = None
    modification_time_field: str | None = None
    size_field: str | None = None

    object: Any

    def get_file(self) -> Any:
        """The object's ``file_field``; ``FileNotFound`` when it is empty, ``AttributeError``
        when the model has no such attribute (a configuration error)."""
        file_instance = getattr(self.object, self.file_field)
        if not file_instance:
            raise FileNotFound(f"The field {self.file_field!r} of {self.object!r} is empty.")
        for name in _METADATA:
            model_field = getattr(self, f"{name}_field", None)
            if model_field:
                with contextlib.suppress(AttributeError):  # a read-only property
                    setattr(file_instance, name, getattr(self.object, model_field))
        return file_instance

    def _metadata(self, name: str) -> Any:
        model_field = getattr(self, f"{name}_field", None)
        return getattr(self.object, model_field) if model_field else None

    def get_basename(self) -> str | None:
        """``basename``, else the object's ``basename_field``."""
        basename = super().get_basename()
        return basename if basename is not None else self._metadata("basename")

    def get_mimetype(self) -> str | None:
        """``mimetype``, else the object's ``mime_type_field``."""
        mimetype = super().get_mimetype()
        return mimetype if mimetype is not None else self._metadata("mime_type")

    def get_encoding(self) -> str | None:
        """``encoding``, else the object's ``encoding_field``."""
        encoding = super().get_encoding()
        return encoding if encoding is not None else self._metadata("encoding")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)
