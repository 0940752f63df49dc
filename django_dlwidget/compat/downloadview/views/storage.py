"""``django_downloadview.views.storage``: ``StorageDownloadView``, a file by its name in a
Django storage.

The name comes from the URL's ``path`` argument (``path_url_kwarg``) or ``path``, through
``get_path()``. It never leaves the storage: an absolute name, a ``..`` component or a name the
storage refuses is a 404, as is a missing file. Served as the native ``StoredFile``, with the
storage's size and modification time as validators.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import DefaultStorage, Storage

from ....serving.paths import climbs
from ..exceptions import FileNotFound
from ..files import StorageFile
from .path import PathDownloadView

__all__ = ("StorageDownloadView",)


class StorageDownloadView(PathDownloadView):
    """Serve ``get_path()`` from ``storage``: ``StorageDownloadView.as_view(storage=media)``
    with ``<path:path>`` in the URL."""

    storage: Storage = cast("Storage", DefaultStorage())
    path: str | None = None
    """The name in ``storage`` when the URL has no ``path`` argument."""

    def get_file(self) -> Any:
        """A ``StorageFile``; ``FileNotFound`` for a name that is empty, climbs, or is not in
        the storage."""
        name = None if self.from_url_climbs() else self.get_path()
        if not name or climbs(name):
            raise FileNotFound("No file to serve.")
        try:
            exists = self.storage.exists(name)
        except (SuspiciousFileOperation, OSError, ValueError):
            exists = False
        if not exists:
            raise FileNotFound(f"There is no {name!r} in the storage.")
        return StorageFile(self.storage, name)
