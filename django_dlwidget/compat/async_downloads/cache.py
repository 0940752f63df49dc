"""``async_downloads.cache``: the predecessor's cache functions, mapped onto the job API.

The names, signatures, defaults and return values are the predecessor's; each call goes to the
native function of the same name. What is mapped:

- ``user`` may be a user, a user's primary key or a username (looked up by ``USERNAME_FIELD``).
- A collection key is ``ASYNC_DOWNLOADS_COLLECTION_KEY_FORMAT`` around the owner's primary key;
  ``cleanup_collection`` takes it back to the owner.
- ``update_percentage``'s ``cur`` is a 0-based index and its ``resolution`` a number of steps;
  the native call takes items done and percent per step.
- ``save_download`` of a download that is gone returns None, as before (the native call raises
  ``DownloadCancelled``, after removing what it wrote). Its ``encoding`` goes to the native CSV
  writer (rows only: a file is stored as it is, as before).
- ``ASYNC_DOWNLOADS_TIMEOUT`` and ``ASYNC_DOWNLOADS_PATH_PREFIX``, when set, become the native
  ``expires`` (counted from the download's end) and ``path_prefix``.

Nothing is kept in a cache: downloads are database rows, as everywhere in django-dlwidget.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser

from ...downloads import cleanup, lifecycle, progress
from ...downloads.exceptions import DownloadCancelled
from . import settings as compat_settings

__all__ = [
    "cleanup_collection",
    "get_collection_key",
    "get_username",
    "init_download",
    "save_download",
    "set_error",
    "set_percentage",
    "update_percentage",
]

PLACEHOLDER = "{}"


def owner_pk(user: Any) -> Any:
    """The primary key of ``user``: a user, a username (a ``str``) or already a primary key."""
    if isinstance(user, AbstractBaseUser):
        return user.pk
    if isinstance(user, str):
        return get_user_model()._default_manager.get_by_natural_key(user).pk
    return user


def get_username(user: Any) -> Any:
    """The username of a user or of a user's primary key (an ``int``); anything else as given."""
    if isinstance(user, AbstractBaseUser):
        return user.get_username()
    if isinstance(user, int):
        return get_user_model()._default_manager.get(pk=user).get_username()
    return user


def _key_format() -> str:
    key_format = str(compat_settings.value("COLLECTION_KEY_FORMAT"))
    if key_format.count(PLACEHOLDER) != 1:
        raise ValueError(
            f"ASYNC_DOWNLOADS_COLLECTION_KEY_FORMAT must contain {PLACEHOLDER} exactly once, "
            f"not {key_format!r}"
        )
    return key_format


def get_collection_key(user: Any) -> str:
    """The key of ``user``'s collection of downloads, for ``cleanup_collection``."""
    return _key_format().format(owner_pk(user))


def collection_owner(collection_key: str) -> str:
    """The owner's primary key (as text) inside a key made by :func:`get_collection_key`."""
    head, _placeholder, tail = _key_format().partition(PLACEHOLDER)
    key = str(collection_key)
    inside = key[len(head) : len(key) - len(tail)]
    if not (key.startswith(head) and key.endswith(tail) and inside):
        raise ValueError(f"{collection_key!r} is not a collection key made by init_download()")
    return inside


def init_download(user: Any, filename: str, name: str | None = None) -> tuple[str, str]:
    """Create a pending download; returns ``(collection_key, download_key)``. A download here
    always has an owner (its collection): ``None`` is a ``TypeError``."""
    pk = owner_pk(user)
    if pk is None:
        raise TypeError("init_download() needs a user, a user's pk or a username, not None")
    download = lifecycle.init_download(pk, filename, name, expires=compat_settings.lifetime())
    return _key_format().format(pk), str(download.key)


def save_download(
    download_key: str,
    iterable: Iterable[Sequence[Any]] | None = None,
    file: IO[bytes] | bytes | None = None,
    encoding: str = "utf-8",
) -> None:
    """Store rows (as CSV in ``encoding``) or a binary file and mark the download ready; rows
    win when both are given, as before."""
    prefix = compat_settings.path_prefix()
    try:
        if iterable is not None:
            lifecycle.save_download(download_key, iterable, encoding=encoding, path_prefix=prefix)
        else:
            lifecycle.save_download(download_key, file=file, path_prefix=prefix)
    except DownloadCancelled:
        return


def set_percentage(download_key: str, percentage: float) -> None:
    """Set the progress (capped to 0..100); ``DownloadCancelled`` once the owner cleared it."""
    progress.set_percentage(download_key, int(percentage))


def update_percentage(download_key: str, total: int, cur: int, resolution: int = 10) -> None:
    """Progress of row ``cur`` (0-based) of ``total``, in ``resolution`` steps (capped 1..100)."""
    steps = min(max(1, resolution), 100)
    progress.update_percentage(download_key, total, cur + 1, max(1, 100 // steps))


def cleanup_collection(collection_key: str) -> None:
    """Delete the expired downloads (and their files) of the collection's owner."""
    cleanup.cleanup_collection(collection_owner(collection_key))


def set_error(download_key: str, error: Any) -> None:
    """Fail the download with ``error`` as the message its owner reads."""
    lifecycle.set_error(download_key, str(error))
