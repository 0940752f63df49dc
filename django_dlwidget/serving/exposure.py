"""Where this app keeps files that only their owner may read, against what the site serves to
anyone: ``MEDIA_ROOT``, and any folder that a ``django.views.static.serve`` pattern of the
URLconf serves (``django.conf.urls.static.static()`` adds one under ``DEBUG``).

Two folders count: generated files, ``PATH_PREFIX`` in the ``STORAGE`` when that is a
``FileSystemStorage``, and the partial upload data of the filesystem upload store
(``UPLOAD_TEMP_DIR`` or its ``location``). The checks of ``.checks`` report each one that lies
inside such a folder.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.urls import URLPattern, URLResolver, get_resolver
from django.views.static import serve

from ..conf import dlwidget_settings, get
from ..tus.partial import FILESYSTEM_STORE


def private_folders() -> Iterator[tuple[str, Path]]:
    """``(what, folder)`` for each folder of owner-only files kept on this machine's disk."""
    storage = None
    with contextlib.suppress(Exception):  # an unknown alias is E009's
        storage = storages[dlwidget_settings.STORAGE]
    if isinstance(storage, FileSystemStorage):
        with contextlib.suppress(Exception):
            yield (
                "generated files (DLWIDGET['PATH_PREFIX'])",
                Path(storage.path(dlwidget_settings.PATH_PREFIX)),
            )
    store = get("UPLOAD_STORE")
    if isinstance(store, dict) and store.get("BACKEND") == FILESYSTEM_STORE:
        options = store.get("OPTIONS") or {}
        location = options.get("location") if isinstance(options, dict) else None
        with contextlib.suppress(Exception):
            yield (
                "partial uploads (DLWIDGET['UPLOAD_TEMP_DIR'])",
                Path(location or dlwidget_settings.UPLOAD_TEMP_DIR),
            )


def _patterns(patterns: Iterable[Any]) -> Iterator[URLPattern]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern


def served_folders() -> list[Path]:
    """The folders that ``serve`` patterns of the root URLconf hand out (none when it does not
    load: Django's own URL checks report that)."""
    try:
        patterns = list(_patterns(get_resolver().url_patterns))
    except Exception:
        return []
    folders = []
    for pattern in patterns:
        view = getattr(pattern.callback, "__wrapped__", pattern.callback)
        root = pattern.default_args.get("document_root")
        if view is serve and root:
            folders.append(Path(root))
    return folders


def media_root() -> Path | None:
    root = getattr(settings, "MEDIA_ROOT", "")
    return Path(root) if root else None


def inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())
