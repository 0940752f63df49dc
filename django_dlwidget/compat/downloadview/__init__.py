"""``django_downloadview`` (django-downloadview 2.x) over django-dlwidget's ``serve_file()``.

Import from ``django_dlwidget.compat.downloadview`` (and its submodules: ``views``,
``response``, ``files``, ``io``, ``utils``, ``exceptions``, ``shortcuts``...) instead of
``django_downloadview``. Every view answers Range and conditional requests through the native
serving code; docs/migrating.md maps every name and lists the deliberate differences.
"""

from __future__ import annotations

from .api import *  # noqa: F403 (the predecessor's root re-exports its api module)
from .api import __all__ as __all__

__version__ = "2.5.0"
"""The django-downloadview release whose API this mirrors (not django-dlwidget's version)."""
