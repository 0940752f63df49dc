"""Where generated files live: the storage (``DLWIDGET["STORAGE"]``, resolved at use time) and
each download's name in it, ``<PATH_PREFIX>/<key>/<safe file name>``."""

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


def download_dir(key: uuid.UUID | str) -> str:
    return f"{dlwidget_settings.PATH_PREFIX}/{key}"


def download_path(key: uuid.UUID | str, filename: str) -> str:
    """A storage name for the file; the owner still gets ``filename`` in Content-Disposition."""
    try:
        stored = get_valid_filename(safe_filename(filename))[:MAX_STORED_NAME]
    except Exception:  # Django raises SuspiciousFileOperation for what reduces to "" or ".."
        stored = DEFAULT_FILENAME
    return f"{download_dir(key)}/{stored or DEFAULT_FILENAME}"


def delete_file(name: str) -> bool:
    """Delete a stored file; a failure is logged, never raised. True if it went."""
    try:
        download_storage().delete(name)
    except Exception:
        logger.exception("dlwidget: could not delete the file %s", name)
        return False
    return True


def discard_files(key: uuid.UUID | str) -> int:
    """Delete every file in a download's folder (what a failed ``Storage.save`` may have left
    there); failures are logged, never raised. The number deleted."""
    storage = download_storage()
    try:
        _, names = storage.listdir(download_dir(key))
    except (FileNotFoundError, NotImplementedError):
        return 0
    except Exception:
        logger.exception("dlwidget: could not list the files of download %s", key)
        return 0
    return sum(delete_file(f"{download_dir(key)}/{name}") for name in names)
