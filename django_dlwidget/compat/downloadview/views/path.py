"""``django_downloadview.views.path``: ``PathDownloadView``, a file by its filesystem path.

``path`` (or the URL's ``path_url_kwarg`` argument, which wins) names the file; a missing file,
a directory or anything but a regular file is a 404. The file is opened the native way
(``open_confined``: symlinks resolved first, the final one never followed, a FIFO never waited
on). A path taken from the URL never climbs: an absolute one or one with a ``..`` component is a
404 whatever ``get_path()`` makes of it (the predecessor left that to the URL patterns). Set
``root`` to confine every path, however built, to one folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ....serving.paths import climbs, open_confined
from ..exceptions import FileNotFound
from .base import BaseDownloadView

__all__ = ("PathDownloadView",)


class PathDownloadView(BaseDownloadView):
    """Serve the file at ``get_path()``: ``PathDownloadView.as_view(path="/srv/report.pdf")``,
    or ``as_view(root=FILES)`` with ``<path:path>`` in the URL."""

    path: str | None = None
    """The file's path, absolute (a relative one is taken from the working directory)."""
    path_url_kwarg: str = "path"
    """The URL argument that, when present, is the path instead of ``path``."""
    root: str | os.PathLike[str] | None = None
    """A folder every path must resolve inside (relative paths are taken from it); None allows
    any file the process can read."""

    kwargs: dict[str, Any]

    def get_path(self) -> Any:
        """The path to serve: the URL argument, else ``path``. Override to build it."""
        return self.kwargs.get(self.path_url_kwarg, self.path)

    def from_url_climbs(self) -> bool:
        """Whether the URL argument tries to leave the folder it is meant for."""
        value = getattr(self, "kwargs", {}).get(self.path_url_kwarg)
        return isinstance(value, str | os.PathLike) and climbs(value)

    def get_file(self) -> Any:
        """The file at ``get_path()``, opened and named by its path; ``FileNotFound`` when there
        is no such regular file (or it lies outside ``root``, or the URL argument climbs)."""
        filename = None if self.from_url_climbs() else self.get_path()
        if not filename:
            raise FileNotFound("No file to serve.")
        if self.root is None:
            filename = Path(filename).absolute()
            root: str | os.PathLike[str] = filename.anchor
        else:
            root = self.root
        try:
            opened = open_confined(filename, root)
        except FileNotFoundError as exc:
            raise FileNotFound(f"There is no file at {os.fspath(filename)!r}.") from exc
        # Named by its full path, as before: the offload middlewares match it by folder.
        opened.name = os.fspath(Path(root) / filename)
        return opened
