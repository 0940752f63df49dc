"""django-dlwidget: a download centre for background exports and resumable uploads.

The job API is importable from the package; names resolve on first use, so importing the package
never imports the models before the app registry is ready.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0.dev0"

_EXPORTS = {
    "init_download": "jobs",
    "save_download": "jobs",
    "set_error": "jobs",
    "is_cancelled": "jobs",
    "cancel_download": "jobs",
    "update_percentage": "progress",
    "set_percentage": "progress",
    "cleanup_collection": "cleanup",
    "cleanup_expired_downloads": "cleanup",
    "run_cleanup": "cleanup",
    "DownloadCancelled": "exceptions",
    "DownloadError": "exceptions",
    "download_task": "download_tasks",
    "DownloadJob": "download_tasks",
    "DownloadTask": "download_tasks",
    "inline_or_background": "inline",
    "publish": "publish",
}

__all__ = [
    "DownloadCancelled",
    "DownloadError",
    "DownloadJob",
    "DownloadTask",
    "__version__",
    "cancel_download",
    "cleanup_collection",
    "cleanup_expired_downloads",
    "download_task",
    "init_download",
    "inline_or_background",
    "is_cancelled",
    "publish",
    "run_cleanup",
    "save_download",
    "set_error",
    "set_percentage",
    "update_percentage",
]

if TYPE_CHECKING:
    from .cleanup import cleanup_collection, cleanup_expired_downloads, run_cleanup
    from .download_tasks import DownloadJob, DownloadTask, download_task
    from .exceptions import DownloadCancelled, DownloadError
    from .inline import inline_or_background
    from .jobs import cancel_download, init_download, is_cancelled, save_download, set_error
    from .progress import set_percentage, update_percentage
    from .publish import publish


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'django_dlwidget' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
