"""Pages for the upload widget's browser tests: a form rendered here (``as_p``, ``as_table``,
``as_ul``, ``as_div``), served on the demo server's origin through Playwright's routing, so the
element uploads to the demo's real tus endpoint with the logged-in session."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django import forms
from django.test import override_settings

from django_dlwidget.forms import ResumableFormField, ResumableMultipleFileField
from django_dlwidget.widgets import PendingUpload, RefusedFile, ResumableWidget

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from tests.harness.demo_server import DemoServer

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BOOTSTRAP = ROOT / "node_modules" / "bootstrap" / "dist" / "css" / "bootstrap.min.css"
DOC = ROOT / "docs" / "upload-widget.md"
RENDERINGS = ("p", "table", "ul", "div")
WRAPPERS = {"table": "<table>{}</table>", "ul": "<ul>{}</ul>"}
REFUSED = RefusedFile("old-report.pdf", "This kind of file (application/pdf) is not accepted here.")


def solid_png(size: int = 8, rgb: tuple[int, int, int] = (9, 105, 218)) -> bytes:
    """A small one-colour PNG: a real image for the previews."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * size
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * size))
        + chunk(b"IEND", b"")
    )


PNG = solid_png()


class WidgetForm(forms.Form):
    title = forms.CharField()
    file = ResumableFormField(max_size=5_000_000)
    photos = ResumableMultipleFileField(required=False)


def bootstrap_map() -> dict[str, Any]:
    """The ``DLWIDGET`` of the docs' Bootstrap 5 map, run as written."""
    text = DOC.read_text()
    section = text[text.index("### A Bootstrap 5 map") :]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "no Bootstrap map in the docs"
    namespace: dict[str, Any] = {}
    exec(match.group(1), namespace)  # the docs' own snippet, as written
    settings: dict[str, Any] = namespace["DLWIDGET"]
    return settings


def render_form(rendering: str, *, classes: dict[str, str] | None = None) -> tuple[str, str]:
    """(the page's ``<head>`` assets, the form's body) for one of Django's renderings."""
    with override_settings(DLWIDGET={"CSS_CLASSES": classes or {}}):
        body = getattr(WidgetForm(), f"as_{rendering}")()
        refused = ResumableWidget().render(
            "older", PendingUpload((), None, (REFUSED,)), {"id": "id_older"}
        )
    media = str(ResumableWidget().media)
    form = WRAPPERS.get(rendering, "{}").format(body)
    older = f'<p><label for="id_older">Older:</label> {refused}</p>'
    return media, form + older


def page_html(rendering: str, *, classes: dict[str, str] | None = None, head: str = "") -> str:
    media, body = render_form(rendering, classes=classes)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="color-scheme" content="light dark"><title>Upload widget</title>'
        f"{head}{media}<style>body {{ margin: 2rem; font: 16px/1.5 sans-serif; "
        "background: Canvas; color: CanvasText; }</style></head><body><main><h1>Upload</h1>"
        f'<form method="post" enctype="multipart/form-data">{body}'
        '<button type="submit">Save</button></form></main></body></html>'
    )


def open_page(page: Page, server: DemoServer, rendering: str, **options: Any) -> str:
    """Serves the page at ``/__widget__/<rendering>`` of the demo's origin and opens it."""
    html = page_html(rendering, **options)
    url = f"{server.url}/__widget__/{rendering}"
    page.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))
    page.goto(url)
    page.wait_for_selector("dlw-upload[data-dlw-connected]")
    return html


def serious_violations(page: Page, scheme: str) -> list[tuple[str, list[Any]]]:
    """axe's serious and critical violations in ``main`` under the ``scheme`` colour scheme."""
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate("axe.run(document.querySelector('main'))")
    contrast = [rule for rule in result["passes"] if rule["id"] == "color-contrast"]
    # The rule did look at the widget's text (else a clean result would prove nothing).
    assert contrast, "color-contrast did not run"
    assert any("dlw-upload" in str(node["target"]) for node in contrast[0]["nodes"])
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
