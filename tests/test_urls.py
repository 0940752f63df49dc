"""Every path under the include answers JSON, including malformed keys and unknown paths."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.parametrize(
    "path",
    [
        "/dlwidget/downloads/not-a-uuid/",
        "/dlwidget/downloads/not-a-uuid/file/",
        "/dlwidget/uploads/xyz/",
        "/dlwidget/nothing/",
        "/dlwidget/",
    ],
)
@pytest.mark.parametrize("method", ["get", "post", "delete", "patch", "head", "options"])
def test_unknown_paths_are_json_404(client: Client, path: str, method: str) -> None:
    response = getattr(client, method)(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    if method != "head":
        assert response.json()["error"] == "unknown_endpoint"
