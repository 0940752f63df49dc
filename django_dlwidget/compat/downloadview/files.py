"""``django_downloadview.files``: the file wrappers a view's ``get_file()`` returns.

``StorageFile`` is a file by name in a storage (like a ``FieldFile`` without a model),
``VirtualFile`` wraps content in memory or generated on the fly, ``HTTPFile`` a body fetched
with ``requests`` (installed by the ``downloadview`` extra), streamed, never read whole. Views
hand them to ``serve_file()``: a ``StorageFile`` as the native ``StoredFile`` (validators, Range,
offloading), the others as file objects (Range when their size is known, chunked otherwise).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from django.core.files.base import File
from django.core.files.storage import Storage
from django.utils.encoding import force_bytes

from ...serving.source import known_size
from .io import BytesIteratorIO

if TYPE_CHECKING:
    import requests

__all__ = ("HTTPFile", "StorageFile", "VirtualFile")

HTTP_CHUNK_SIZE = 64 * 1024
"""Bytes asked of ``requests`` per read of a remote body (the predecessor read one at a time)."""
HTTP_TIMEOUT = 60
"""Seconds ``requests.get`` waits to connect and between two reads, unless ``timeout`` is given
(the predecessor waited forever)."""


class StorageFile(File):  # type: ignore[type-arg]
    """The file ``name`` in ``storage``, opened for reading only when its bytes are needed."""

    def __init__(self, storage: Storage, name: str, file: Any = None) -> None:
        self.storage = storage
        self.name = name
        self.file = file

    @property
    def _key(self) -> str:
        return self.name or ""

    @property
    def file(self) -> Any:
        if getattr(self, "_file", None) is None:
            self._file = self.storage.open(self._key, "rb")
        return self._file

    @file.setter
    def file(self, file: Any) -> None:
        self._file = file

    @file.deleter
    def file(self) -> None:
        del self._file

    @property
    def closed(self) -> bool:
        return self._file is None or bool(self._file.closed)

    def close(self) -> None:
        """Close what was opened; a file never read is never opened just to be closed."""
        if self._file is not None:
            self._file.close()

    def open(self, mode: str = "rb") -> Any:  # type: ignore[override]
        """A new file object from ``storage.open(name, mode)``."""
        return self.storage.open(self._key, mode)

    def save(self, content: File) -> str:  # type: ignore[type-arg]
        """``storage.save(name, content)``: the name the storage actually used."""
        return self.storage.save(self._key, content)

    @property
    def path(self) -> str:
        """``storage.path(name)``; ``NotImplementedError`` for a storage without local paths."""
        return self.storage.path(self._key)

    def delete(self) -> None:
        self.storage.delete(self._key)

    def exists(self) -> bool:
        return self.storage.exists(self._key)

    @property
    def size(self) -> int:
        return self.storage.size(self._key)

    @property
    def url(self) -> str:
        return self.storage.url(self._key)

    @property
    def accessed_time(self) -> datetime:
        return self.storage.get_accessed_time(self._key)

    @property
    def created_time(self) -> datetime:
        return self.storage.get_created_time(self._key)

    @property
    def modified_time(self) -> datetime:
        return self.storage.get_modified_time(self._key)


class VirtualFile(File):  # type: ignore[type-arg]
    """Content that lives in memory or is generated: ``file`` is a ``StringIO``, a ``BytesIO``,
    a ``TextIteratorIO``/``BytesIteratorIO`` over a generator, or any file object."""

    def __init__(self, file: Any = None, name: str = "", url: str = "", size: int | None = None):
        super().__init__(file, name)
        self.url = url
        if size is not None:
            self._size = size

    @property
    def size(self) -> int:
        """The size given, the file's own ``size``, or the bytes a seekable file holds (a
        ``StringIO`` counts its UTF-8 bytes). Generated content has none: ``AttributeError``,
        rather than the predecessor's 0 for an empty ``BytesIO`` buffer."""
        if not hasattr(self, "_size"):
            size = getattr(self.file, "size", None)
            if size is None and isinstance(self.file, io.StringIO):
                size = len(self.file.getvalue().encode("utf-8"))
            if size is None:
                size = known_size(self)
            if size is None:
                raise AttributeError("The size of generated content is unknown.")
            self._size = size
        return self._size

    @size.setter
    def size(self, value: int) -> None:
        self._size = value

    def __iter__(self) -> Iterator[bytes]:
        """Lines, as bytes whatever the file yields."""
        for line in super().__iter__():
            yield force_bytes(line)


def requests_get(url: str, **kwargs: Any) -> requests.Response:
    """``requests.get`` with a ``timeout`` of ``HTTP_TIMEOUT`` unless one is given."""
    try:
        import requests
    except ImportError as exc:  # pragma: no cover - the extra is installed in the test venv
        raise ImportError(
            "HTTPFile needs requests: pip install 'django-dlwidget[downloadview]'."
        ) from exc
    timeout = kwargs.pop("timeout", HTTP_TIMEOUT)
    return requests.get(url, timeout=timeout, **kwargs)


class HTTPFile(File):  # type: ignore[type-arg]
    """The body at ``url``, fetched by ``request_factory(url, stream=True, **kwargs)`` (default
    ``requests.get``) on first use and read as it arrives. ``name=None`` takes the name from the
    URL's last path segment (or its host)."""

    def __init__(
        self,
        request_factory: Callable[..., Any] | None = None,
        url: str = "",
        name: str | None = "",
        **kwargs: Any,
    ) -> None:
        self.request_factory = request_factory or requests_get
        self.url = url
        if name is None:
            parts = urlparse(url)
            name = parts.path.strip("/").rsplit("/", 1)[-1] if parts.path.strip("/") else ""
            name = name or parts.netloc
        self.name = name
        kwargs["stream"] = True
        self.request_kwargs = kwargs

    @property
    def request(self) -> Any:
        """The remote response (a ``requests.Response``), requested once."""
        if not hasattr(self, "_request"):
            self._request = self.request_factory(self.url, **self.request_kwargs)
        return self._request

    @property
    def file(self) -> BytesIteratorIO:
        if not hasattr(self, "_file"):
            body = self.request.iter_content(chunk_size=HTTP_CHUNK_SIZE, decode_unicode=False)
            self._file = BytesIteratorIO(body)
        return self._file

    @file.setter
    def file(self, file: BytesIteratorIO) -> None:
        self._file = file

    @property
    def size(self) -> int:
        """The remote ``Content-Length``. ``AttributeError`` when there is none, or when the body
        was content-encoded (``requests`` decodes it, so the count would be wrong)."""
        headers = self.request.headers
        encoded = headers.get("Content-Encoding", "identity").strip().lower() != "identity"
        length = headers.get("Content-Length", "")
        if encoded or not length.isdigit():
            raise AttributeError("The remote body's size is unknown.")
        return int(length)

    @property
    def content_type(self) -> str:
        """The remote ``Content-Type``; ``AttributeError`` when there is none."""
        value: str | None = self.request.headers.get("Content-Type")
        if not value:
            raise AttributeError("The remote body has no Content-Type.")
        return value

    def close(self) -> None:
        """Release the remote connection."""
        if hasattr(self, "_file"):
            self._file.close()
        if hasattr(self, "_request"):
            self._request.close()
