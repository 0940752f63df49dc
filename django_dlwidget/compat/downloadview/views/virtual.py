"""``django_downloadview.views.virtual``: ``VirtualDownloadView``, content made in memory or
on the fly.

Override ``get_file()`` to return a ``VirtualFile``, a ``ContentFile`` or any ``File``; a
generator goes in ``VirtualFile(BytesIteratorIO(...))`` (or ``TextIteratorIO``). Content that
can tell its size (bytes in memory) is sent with ``Content-Length`` and answers Range; generated
content is streamed chunked as it is produced, never read whole first, never an empty 200.
"""

from __future__ import annotations

from typing import Any

from .base import BaseDownloadView

__all__ = ("VirtualDownloadView",)


class VirtualDownloadView(BaseDownloadView):
    """Serve what ``get_file()`` builds."""

    def was_modified_since(self, file_instance: Any, since: Any) -> bool:
        """The wrapper's own ``was_modified_since(since)``, else True: generated content has no
        date to compare, and computing one would mean generating it."""
        try:
            modified: bool = file_instance.was_modified_since(since)
        except (AttributeError, NotImplementedError):
            return True
        return modified
