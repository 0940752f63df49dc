"""The quota and concatenation tests' sites: each store in turn, with the limits a test sets.

``limited(**settings)`` overrides ``DLWIDGET`` with the store of the test's parameter plus the
given limits, so one test body reproduces an attack on the filesystem, S3 and storage stores.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import storages
from django.test.utils import override_settings

Limited = Callable[..., AbstractContextManager[None]]

STORES = ("filesystem", "s3", "storage")


@pytest.fixture(params=STORES)
def limited(request: pytest.FixtureRequest, tus_dir: Path, tmp_path: Path) -> Limited:
    """A context manager factory: the test's store and the limits it is called with."""
    extra: dict[str, Any] = {}
    store: dict[str, Any] | None = None
    if request.param == "s3":
        server = request.getfixturevalue("s3_server")
        store = server.store_setting(server.new_bucket())
    elif request.param == "storage":
        entry = {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "chunks")},
        }
        extra["STORAGES"] = {**storages.backends, "chunks": entry}
        store = {
            "BACKEND": "django_dlwidget.tus.stores.StorageStore",
            "OPTIONS": {"storage": "chunks", "location": "partial"},
        }

    @contextlib.contextmanager
    def site(**limits: Any) -> Iterator[None]:
        setting: dict[str, Any] = {"UPLOAD_TEMP_DIR": str(tus_dir), **limits}
        if store is not None:
            setting["UPLOAD_STORE"] = store
        with override_settings(DLWIDGET=setting, **extra):
            yield

    return site
