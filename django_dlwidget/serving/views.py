"""Class-based views over ``serve_file()`` for a project's own files."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import models
from django.http import Http404, HttpRequest, HttpResponseBase
from django.utils.translation import gettext as _
from django.views.generic import View
from django.views.generic.detail import SingleObjectMixin

from .response import serve_file
from .source import Content


class FileDownloadView(View):
    """Serve the file that ``get_file()`` returns, after ``has_permission()`` agrees.

    Same Range, header and ``SENDFILE`` behaviour as the download centre. Override
    ``get_file()`` (whatever ``serve_file()`` takes: a ``FieldFile``, any ``File``, a
    ``StoredFile``, a path inside ``root``, an iterator of bytes), and optionally
    ``has_permission()``, ``get_filename()`` and ``get_content_type()``::

        class InvoicePDF(LoginRequiredMixin, FileDownloadView):
            def get_file(self):
                invoice = get_object_or_404(
                    Invoice, pk=self.kwargs["pk"], customer=self.request.user
                )
                return invoice.pdf
    """

    http_method_names = ["get", "head", "options"]
    as_attachment: bool = True
    filename: str | None = None
    content_type: str | None = None
    sendfile: str | None = None
    """A ``SENDFILE`` backend for this view only; None follows ``DLWIDGET["SENDFILE"]``."""
    root: str | os.PathLike[str] | None = None
    """The folder a path from ``get_file()`` must resolve inside (other content ignores it)."""

    def has_permission(self) -> bool:
        """Whether ``self.request`` may have the file. Allows everyone by default."""
        return True

    def handle_no_permission(self) -> HttpResponseBase:
        raise PermissionDenied

    def get_file(self) -> Content:
        raise NotImplementedError(f"{type(self).__name__} must implement get_file().")

    def get_filename(self, file: Content) -> str | None:
        """The name offered to the user; None uses the file's own base name."""
        return self.filename

    def get_content_type(self, file: Content) -> str | None:
        """None guesses from the file name."""
        return self.content_type

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not self.has_permission():
            return self.handle_no_permission()
        file = self.get_file()
        return serve_file(
            request,
            file,
            filename=self.get_filename(file),
            content_type=self.get_content_type(file),
            as_attachment=self.as_attachment,
            sendfile=self.sendfile,
            root=self.root if isinstance(file, str | os.PathLike) else None,
        )

    # Same headers as GET; serve_file() sends no body and opens nothing for HEAD.
    head = get


if TYPE_CHECKING:
    _ObjectMixin = SingleObjectMixin[models.Model]
else:  # not subscriptable at run time
    _ObjectMixin = SingleObjectMixin


class ObjectFileDownloadView(_ObjectMixin, FileDownloadView):
    """Serve a ``FileField`` of one object: ``ObjectFileDownloadView.as_view(model=Document,
    file_field="file")``. Narrow ``get_queryset()`` to what the user may see."""

    file_field: str = "file"

    def get_file(self) -> Content:
        obj: models.Model = self.get_object()
        file = getattr(obj, self.file_field)
        if not file:
            raise Http404(_("The file does not exist."))
        assert isinstance(file, File)
        return file
