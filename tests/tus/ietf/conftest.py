"""Draft requests through the Django test client: the interop version of each test, and the
creation, append and offset retrieval requests as a draft client sends them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from django_dlwidget.tus.ietf.fields import DRAFT_03, DRAFT_05, PARTIAL_UPLOAD

from ..conftest import LIST_URL

INTEROP = "Upload-Draft-Interop-Version"


@pytest.fixture(params=[DRAFT_03, DRAFT_05], ids=["draft-03", "draft-05"])
def version(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def draft_headers(version: str, **headers: str) -> dict[str, str]:
    return {INTEROP: version, **{name.replace("_", "-"): v for name, v in headers.items()}}


def create(
    client: Client,
    version: str,
    data: bytes = b"",
    *,
    complete: bool = False,
    length: int | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    sent = draft_headers(version, Upload_Complete="?1" if complete else "?0")
    if length is not None:
        sent["Upload-Length"] = str(length)
    sent.update(headers or {})
    content_type = sent.pop("Content-Type", "application/octet-stream")
    return client.generic("POST", LIST_URL, data, content_type=content_type, headers=sent)


def append(
    client: Client,
    version: str,
    url: str,
    data: bytes,
    offset: int,
    *,
    complete: bool = False,
    headers: dict[str, str] | None = None,
) -> Any:
    sent = draft_headers(
        version, Upload_Offset=str(offset), Upload_Complete="?1" if complete else "?0"
    )
    sent.update(headers or {})
    sent.setdefault("Content-Type", PARTIAL_UPLOAD if version == DRAFT_05 else "")
    # Sent even with an empty body, as draft clients do (the test client would drop it).
    return client.generic("PATCH", url, data, content_type=sent["Content-Type"], headers=sent)


def head(client: Client, version: str, url: str, **headers: str) -> Any:
    return client.head(url, headers=draft_headers(version, **headers))
