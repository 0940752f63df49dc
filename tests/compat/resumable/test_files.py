"""``compat.resumable.files``: ``ResumableFile`` still imports and builds, and each chunk
operation of the resumable.js protocol says plainly that it is not there."""

from __future__ import annotations

import pytest
from django.core.files.storage import InMemoryStorage

from django_dlwidget.compat.resumable.files import ResumableFile, get_chunks_subdir


def test_it_builds_and_refuses_every_chunk_operation() -> None:
    storage = InMemoryStorage()
    file = ResumableFile(storage, {"resumableFilename": "a.ogg", "resumableTotalSize": "3"})
    assert file.storage is storage
    assert file.chunk_suffix == "_part_"
    for name in ("chunk_exists", "chunks", "is_complete", "process_chunk", "size", "filename"):
        with pytest.raises(NotImplementedError, match=r"resumable\.js chunk protocol"):
            getattr(file, name)
    assert not hasattr(file, "_private")  # introspection still gets AttributeError


def test_get_chunks_subdir_is_the_setting() -> None:
    assert get_chunks_subdir() == "resumable_chunks/"
