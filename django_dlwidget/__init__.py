"""django-dlwidget: a download centre for background exports and resumable uploads.

The job API is importable from the package; names resolve on first use, so importing the package
never imports the models before the app registry is ready. ``_EXPORTS`` is the one list of them
(the ``TYPE_CHECKING`` imports repeat it for type checkers; a test holds the two together).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0.dev0"

_EXPORTS = {
    "DownloadCancelled": "downloads.exceptions",
    "DownloadError": "downloads.exceptions",
    "DownloadJob": "downloads.tasks",
    "DownloadTask": "downloads.tasks",
    "Rows": "downloads.writers.formats",
    "TooManyDownloads": "downloads.exceptions",
    "cancel_download": "downloads.lifecycle",
    "clear_download": "downloads.lifecycle",
    "cleanup_collection": "downloads.cleanup",
    "cleanup_expired_downloads": "downloads.cleanup",
    "download_task": "downloads.tasks",
    "init_download": "downloads.creation",
    "inline_or_background": "downloads.inline",
    "is_cancelled": "downloads.lifecycle",
    "publish": "live.publish",
    "run_cleanup": "downloads.cleanup",
    "save_download": "downloads.lifecycle",
    "set_error": "downloads.lifecycle",
    "set_percentage": "downloads.progress",
    "update_percentage": "downloads.progress",
}

__all__ = ["__version__", *_EXPORTS]

if TYPE_CHECKING:  # ``name as name``: an explicit re-export
    from .downloads.cleanup import (
        cleanup_collection as cleanup_collection,
    )
    from .downloads.cleanup import (
        cleanup_expired_downloads as cleanup_expired_downloads,
    )
    from .downloads.cleanup import (
        run_cleanup as run_cleanup,
    )
    from .downloads.creation import (
        init_download as init_download,
    )
    from .downloads.exceptions import (
        DownloadCancelled as DownloadCancelled,
    )
    from .downloads.exceptions import (
        DownloadError as DownloadError,
    )
    from .downloads.exceptions import (
        TooManyDownloads as TooManyDownloads,
    )
    from .downloads.inline import (
        inline_or_background as inline_or_background,
    )
    from .downloads.lifecycle import (
        cancel_download as cancel_download,
    )
    from .downloads.lifecycle import (
        clear_download as clear_download,
    )
    from .downloads.lifecycle import (
        is_cancelled as is_cancelled,
    )
    from .downloads.lifecycle import (
        save_download as save_download,
    )
    from .downloads.lifecycle import (
        set_error as set_error,
    )
    from .downloads.progress import (
        set_percentage as set_percentage,
    )
    from .downloads.progress import (
        update_percentage as update_percentage,
    )
    from .downloads.tasks import (
        DownloadJob as DownloadJob,
    )
    from .downloads.tasks import (
        DownloadTask as DownloadTask,
    )
    from .downloads.tasks import (
        download_task as download_task,
    )
    from .downloads.writers.formats import (
        Rows as Rows,
    )
    from .live.publish import (
        publish as publish,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'django_dlwidget' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
