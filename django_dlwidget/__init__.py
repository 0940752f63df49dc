"""django-dlwidget: a download centre for background exports and resumable uploads."""

from __future__ import annotations

__version__ = "0.1.0.dev0"
