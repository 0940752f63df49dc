"""The nginx that tests/stack runs is docs/deployment.md's: every location of the page's config,
with the same directives (paths and the upstream's name aside), is in the harness's nginx.conf."""

from __future__ import annotations

import re
from pathlib import Path

from tests.harness.nginx import config

DOC = Path(__file__).resolve().parents[2] / "docs" / "deployment.md"
LOCATION = re.compile(r"^\s*location (\S+) \{\n(.*?)^\s*\}", re.MULTILINE | re.DOTALL)


def locations(text: str) -> dict[str, set[str]]:
    """location -> its directives, without comments, ``alias`` paths or the upstream's name."""
    found = {}
    for path, body in LOCATION.findall(text):
        directives = set()
        for line in body.splitlines():
            line = line.split("#", 1)[0].strip().rstrip(";")
            if line and not line.startswith("alias "):
                directives.add(re.sub(r"http://\w+", "http://UPSTREAM", line))
        found[path] = directives
    return found


def test_the_harness_runs_every_location_of_the_deployment_page() -> None:
    [page_config] = re.findall(r"## 6\. nginx\n\n```nginx\n(.*?)```", DOC.read_text(), re.DOTALL)
    documented = locations(page_config)
    assert set(documented) == {
        "/static/",
        "/dlwidget/uploads/",
        "/ws/dlwidget/",
        "/protected/",
        "/",
    }
    harness = locations(
        config(
            Path("/nowhere"),
            8080,
            ["127.0.0.1:1", "127.0.0.1:2"],
            {"/protected/": Path("/nowhere/exports")},
            static=Path("/nowhere/static"),
            host="$http_host",
        )
    )
    for path, directives in documented.items():
        assert directives == harness[path], path
    assert "client_max_body_size 64m;" in page_config
