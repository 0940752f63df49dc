"""Where generated files live: the storage (``DLWIDGET["STORAGE"]``, resolved at use time) and
each download's name in it, ``<PATH_PREFIX>/<key>/<safe file name>``.

``save_download(path_prefix=...)`` puts one download's file under another folder of the same
storage: the row keeps the whole stored name, so serving and deleting find it. The storage itself
cannot change per call: the row has no column for it, and every read (serving, deleting, the
admin) opens ``DLWIDGET["STORAGE"]``. The orphan sweep of the cleanup looks under
``PATH_PREFIX`` only; files under another prefix go with their downloads.
"""

from __future__ import annotations

import logging
import uuid

from django.core.files.storage import Storage, storages
from django.utils.text import get_valid_filename

from ..conf import dlwidget_settings
from ..http import DEFAULT_FILENAME, safe_filename

logger = logging.getLogger(__name__)

MAX_STORED_NAME = 150


def download_storage() -> Storage:
    return storages[dlwidget_settings.STORAGE]


def clean_prefix(prefix: object) -> str:
    """``prefix`` without leading or trailing slashes; a ``ValueError`` for one that is empty or
    climbs (``..``), a ``TypeError`` for one that is not text."""
    if not isinstance(prefix, str):
        raise TypeError(f"path_prefix= takes a folder name, not {prefix!r}")
    cleaned = prefix.strip("/")
    parts = cleaned.split("/")
    if not cleaned or "\\" in cleaned or any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"path_prefix={prefix!r} is not a folder inside the storage")
    return cleaned


def download_dir(key: uuid.UUID | str, prefix: str | None = None) -> str:
    """The download's folder: under ``prefix`` (checked), else ``DLWIDGET["PATH_PREFIX"]``."""
    base = dlwidget_settings.PATH_PREFIX if prefix is None else clean_prefix(prefix)
    return f"{base}/{key}"


def download_path(key: uuid.UUID | str, filename: str, *, folder: str | None = None) -> str:
    """A storage name for the file (in ``folder``, else the download's default folder); the
    owner still gets ``filename`` in Content-Disposition."""
    try:
        stored = get_valid_filename(safe_filename(filename))[:MAX_STORED_NAME]
    except Exception:  # Django raises SuspiciousFileOperation for what reduces to "" or ".."
        stored = DEFAULT_FILENAME
    return f"{folder or download_dir(key)}/{stored or DEFAULT_FILENAME}"


def delete_file(name: str) -> bool:
    """Delete a stored file; a failure is logged, never raised. True if it went."""
    try:
        download_storage().delete(name)
    except Exception:
        logger.exception("dlwidget: could not delete the file %s", name)
        return False
    return True


def discard_files(key: uuid.UUID | str, folder: str | None = None) -> int:
    """Delete every file in a download's folder (``folder``, else its default one: what a failed
    ``Storage.save`` may have left there); failures are logged, never raised. The number deleted."""
    storage = download_storage()
    folder = folder or download_dir(key)
    try:
        _, names = storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return 0
    except Exception:
        logger.exception("dlwidget: could not list the files of download %s", key)
        return 0
    return sum(delete_file(f"{folder}/{name}") for name in names)
