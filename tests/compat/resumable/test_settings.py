"""``compat.resumable.settings``: the ``RESUMABLE_*`` settings, their old defaults, read on each
access; the chunk size also in the predecessor's JavaScript form."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from django_dlwidget.compat.resumable import settings as resumable


def test_the_old_defaults() -> None:
    assert resumable.subdir() == "resumable_chunks/"
    assert resumable.storage_class() == "django.core.files.storage.FileSystemStorage"
    assert resumable.chunk_size() == 1024 * 1024
    assert resumable.show_thumb() is False


def test_each_is_read_when_used(settings: Any) -> None:
    settings.RESUMABLE_SUBDIR = "chunks/"
    settings.RESUMABLE_STORAGE = "django.core.files.storage.InMemoryStorage"
    settings.RESUMABLE_SHOW_THUMB = True
    assert resumable.subdir() == "chunks/"
    assert resumable.storage_class() == "django.core.files.storage.InMemoryStorage"
    assert resumable.show_thumb() is True


@pytest.mark.parametrize(
    ("value", "size"), [(4096, 4096), ("4096", 4096), ("2*1024*1024", 2097152), (" 5 * 3 ", 15)]
)
def test_the_chunk_size_is_bytes_or_a_product(settings: Any, value: Any, size: int) -> None:
    settings.RESUMABLE_CHUNKSIZE = value
    assert resumable.chunk_size() == size


@pytest.mark.parametrize("value", [0, -1, True, "1024*", "1e6", "__import__('os')", "0*5", None])
def test_any_other_chunk_size_says_what_is_wrong(settings: Any, value: Any) -> None:
    settings.RESUMABLE_CHUNKSIZE = value
    with pytest.raises(ImproperlyConfigured, match="RESUMABLE_CHUNKSIZE"):
        resumable.chunk_size()
