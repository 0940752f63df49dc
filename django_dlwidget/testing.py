"""Helpers for a project's own tests: file responses (streamed, async or offloaded) and a reset
of the in-process state a job or a socket leaves behind."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, cast
from urllib.parse import unquote

from django.core.signals import request_finished
from django.db import close_old_connections
from django.http import HttpResponseBase, StreamingHttpResponse


def reset_state() -> None:
    """Forget the in-process state of finished tests: the progress throttle of every job and the
    remembered server event loop. (Versions live in the project's cache; clear it if needed.)"""
    from .downloads import throttle
    from .live.loops import forget_loop

    throttle.reset()
    forget_loop()


_FILENAME_STAR = re.compile(r"filename\*\s*=\s*UTF-8''([^;\s]*)", re.IGNORECASE)
_FILENAME = re.compile(r'filename\s*=\s*"((?:[^"\\]|\\.)*)"', re.IGNORECASE)


def response_content(response: HttpResponseBase) -> bytes:
    """The whole body of any response, consuming a streaming one; an asynchronous stream is
    read on an event loop of its own, so this works inside async tests too."""
    if not isinstance(response, StreamingHttpResponse):
        return bytes(getattr(response, "content", b""))
    if not response.is_async:
        return b"".join(response.streaming_content)  # type: ignore[arg-type]
    stream = cast("AsyncIterator[bytes]", response.streaming_content)

    async def collect() -> bytes:
        return b"".join([part async for part in stream])

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, collect()).result()


def content_disposition_filename(header: str) -> str | None:
    """The file name a browser would pick from a ``Content-Disposition`` value: ``filename*``
    when present, else ``filename``."""
    star = _FILENAME_STAR.search(header)
    if star:
        return unquote(star.group(1), errors="strict")
    plain = _FILENAME.search(header)
    return re.sub(r"\\(.)", r"\1", plain.group(1)) if plain else None


def assert_download_response(
    response: HttpResponseBase,
    *,
    content: bytes | None = None,
    filename: str | None = None,
    content_type: str | None = None,
    status: int = 200,
    as_attachment: bool = True,
    **headers: Any,
) -> bytes:
    """Check a file response and return its body.

    ``content`` is compared byte for byte (streamed and async bodies are read and closed);
    ``filename`` with the name a browser would save (``filename*`` first); ``content_type``
    with the media type (parameters ignored unless given). Keyword arguments such as
    ``content_range="bytes 0-9/100"`` check further headers (underscores become dashes).
    Offloaded responses (``X-Accel-Redirect``, ``X-Sendfile``) have no body to compare.
    """
    assert response.status_code == status, f"status {response.status_code}, expected {status}"
    assert response.get("X-Content-Type-Options") == "nosniff", "missing X-Content-Type-Options"
    disposition = response.get("Content-Disposition")
    if disposition is not None or filename is not None:
        assert disposition, "missing Content-Disposition"
        kind = disposition.split(";", 1)[0].strip().lower()
        expected_kind = "attachment" if as_attachment else "inline"
        assert kind == expected_kind, f"Content-Disposition is {kind}, expected {expected_kind}"
        if filename is not None:
            shown = content_disposition_filename(disposition)
            assert shown == filename, f"file name {shown!r}, expected {filename!r}"
    if content_type is not None:
        actual = response.get("Content-Type", "")
        if ";" not in content_type:
            actual = actual.split(";", 1)[0].strip()
        assert actual == content_type, f"Content-Type {actual!r}, expected {content_type!r}"
    for name, expected in headers.items():
        header = "-".join(part.capitalize() for part in name.split("_"))
        assert response.get(header) == str(expected), (
            f"{header} is {response.get(header)!r}, expected {expected!r}"
        )
    offloaded = response.has_header("X-Accel-Redirect") or response.has_header("X-Sendfile")
    try:
        body = b"" if offloaded else response_content(response)
    finally:
        close_response(response)
    if content is not None:
        assert not offloaded, "the response is offloaded to the web server: no body to compare"
        assert body == content, _body_mismatch(body, content)
    return body


def close_response(response: HttpResponseBase) -> None:
    """Close a response as a server would (releasing its file), without letting the
    ``request_finished`` handler close the test's database connection."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def _body_mismatch(body: bytes, expected: bytes) -> str:
    at = next((i for i, (a, b) in enumerate(zip(body, expected, strict=False)) if a != b), None)
    where = f"first difference at byte {at}" if at is not None else "one is a prefix of the other"
    return f"body of {len(body)} bytes differs from the expected {len(expected)} bytes ({where})"
