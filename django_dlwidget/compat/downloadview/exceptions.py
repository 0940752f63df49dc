"""``django_downloadview.exceptions``: the one error a view's ``get_file()`` raises for a
missing file, answered with a 404."""

from __future__ import annotations

__all__ = ("FileNotFound",)


class FileNotFound(IOError):
    """The file to serve does not exist, in whatever storage or place it was looked for."""
