"""The configured store: ``DLWIDGET["UPLOAD_STORE"]``, built once per distinct setting.

The value is shaped like a ``STORAGES`` entry, ``{"BACKEND": "<dotted path>", "OPTIONS": {...}}``.
Building a store may be costly (an S3 client), so each distinct configuration is built once and
kept; ``override_settings`` in tests simply yields another one.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from django.utils.module_loading import import_string

from ...conf import dlwidget_settings
from .base import UploadStore

_built: dict[str, UploadStore] = {}
_lock = threading.Lock()


def build_store(config: Mapping[str, Any]) -> UploadStore:
    """A new store from a ``{"BACKEND", "OPTIONS"}`` mapping (``TypeError``/``ImportError``
    for a bad one)."""
    backend = import_string(str(config["BACKEND"]))
    if not (isinstance(backend, type) and issubclass(backend, UploadStore)):
        raise TypeError(f"{config['BACKEND']} is not an UploadStore")
    store: UploadStore = backend(**dict(config.get("OPTIONS") or {}))
    return store


def get_store() -> UploadStore:
    config = dlwidget_settings.UPLOAD_STORE
    key = repr(sorted((str(k), repr(v)) for k, v in config.items()))
    store = _built.get(key)
    if store is None:
        with _lock:
            store = _built.get(key)
            if store is None:
                store = _built[key] = build_store(config)
    return store
