"""Which requests the ASGI wrapper streams, found through the URLconf under any root path."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from django_dlwidget.tus.asgi import is_tus_body_request

ID = uuid.uuid4()


def scope(method: str, path: str, root_path: str = "", kind: str = "http") -> dict[str, Any]:
    return {"type": kind, "method": method, "path": path, "root_path": root_path}


@pytest.mark.parametrize(
    "request_scope",
    [
        scope("POST", "/dlwidget/uploads/"),
        scope("PATCH", f"/dlwidget/uploads/{ID}/"),
        scope("post", f"/dlwidget/uploads/{ID}/"),  # an overridden PATCH
        scope("PATCH", f"/app/dlwidget/uploads/{ID}/", "/app"),
        scope("PATCH", f"/app/dlwidget/uploads/{ID}/", "/app/"),
    ],
)
def test_tus_bodies_are_streamed(request_scope: dict[str, Any]) -> None:
    assert is_tus_body_request(request_scope)


@pytest.mark.parametrize(
    "request_scope",
    [
        scope("HEAD", f"/dlwidget/uploads/{ID}/"),
        scope("DELETE", f"/dlwidget/uploads/{ID}/"),
        scope("POST", "/dlwidget/downloads/"),  # our package, not tus
        scope("PATCH", "/dlwidget/uploads/not-a-uuid/"),
        scope("POST", "/elsewhere/"),
        scope("PATCH", f"/other/dlwidget/uploads/{ID}/", "/app"),
        scope("POST", "/dlwidget/uploads/", kind="websocket"),
    ],
)
def test_other_requests_pass_through(request_scope: dict[str, Any]) -> None:
    assert not is_tus_body_request(request_scope)
