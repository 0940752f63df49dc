"""The ``RESUMABLE_*`` settings under their old names and defaults, read on every access.

``RESUMABLE_SUBDIR`` and ``RESUMABLE_STORAGE`` say where chunks go (the folder and the storage
class of :class:`~.store.ResumableStore`), ``RESUMABLE_CHUNKSIZE`` how many bytes a PATCH from
the widget carries, ``RESUMABLE_SHOW_THUMB`` whether the widget previews chosen images.
"""

from __future__ import annotations

import re
from typing import Final

from django.conf import settings

DEFAULT_SUBDIR: Final = "resumable_chunks/"
DEFAULT_STORAGE: Final = "django.core.files.storage.FileSystemStorage"
DEFAULT_CHUNKSIZE: Final = "1*1024*1024"
DEFAULT_SHOW_THUMB: Final = False
_PRODUCT: Final = re.compile(r"\s*\d+\s*(\*\s*\d+\s*)*")


def subdir() -> str:
    return str(getattr(settings, "RESUMABLE_SUBDIR", DEFAULT_SUBDIR))


def storage_class() -> str:
    return str(getattr(settings, "RESUMABLE_STORAGE", DEFAULT_STORAGE))


def chunk_size() -> int:
    """``RESUMABLE_CHUNKSIZE`` in bytes: an int, or the predecessor's JavaScript product string
    (``"1*1024*1024"``); ``ImproperlyConfigured`` for anything else."""
    from django.core.exceptions import ImproperlyConfigured

    value = getattr(settings, "RESUMABLE_CHUNKSIZE", DEFAULT_CHUNKSIZE)
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    if isinstance(value, str) and _PRODUCT.fullmatch(value):
        product = 1
        for factor in value.split("*"):
            product *= int(factor)
        if product > 0:
            return product
    raise ImproperlyConfigured(
        f"RESUMABLE_CHUNKSIZE is {value!r}: a positive number of bytes, or a product such as "
        '"1*1024*1024"'
    )


def show_thumb() -> bool:
    return bool(getattr(settings, "RESUMABLE_SHOW_THUMB", DEFAULT_SHOW_THUMB))
