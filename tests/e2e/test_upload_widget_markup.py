"""The widget's markup in Chromium: whole inside each of Django's form renderings (the HTML
parser moves nothing out), working in each, and laid out as meant under Bootstrap 5's reboot
with the docs' class map."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.harness.demo_server import DemoServer, login

from .upload_pages import BOOTSTRAP, PNG, RENDERINGS, bootstrap_map, open_page, page_html

# For each <dlw-upload> of a document: its descendants (tag and class), as the parser built them.
SIGNATURES = """(html) => {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const signature = (el) =>
    [...el.querySelectorAll("*")].map((node) => `${node.tagName}.${node.className}`);
  return [...doc.querySelectorAll("dlw-upload")].map((el) => ({
    inPage: signature(el),
    parent: el.parentElement.tagName,
    strays: [...doc.querySelectorAll("[class*=dlw-upload-]")]
      .filter((node) => !node.closest("dlw-upload")).length,
  }));
}"""
# The same widget markup parsed where nothing constrains it (a <template>).
ALONE = """(html) => {
  const template = document.createElement("template");
  template.innerHTML = html;
  const el = template.content.querySelector("dlw-upload");
  return [...el.querySelectorAll("*")].map((node) => `${node.tagName}.${node.className}`);
}"""


@pytest.fixture
def logged_in(page: Page, demo_server: DemoServer) -> Page:
    login(page, demo_server)
    return page


def widget_markup(html: str, field_id: str) -> str:
    start = html.rindex("<dlw-upload", 0, html.index(f'id="{field_id}"'))
    end = html.index("</dlw-upload>", start) + len("</dlw-upload>")
    return html[start:end]


def test_the_parser_check_catches_a_block_inside_a_paragraph(page: Page) -> None:
    broken = (
        '<p>File: <dlw-upload><input type="file"><p class="dlw-upload-hint">hint</p>'
        "</dlw-upload></p>"
    )
    [parsed] = page.evaluate(SIGNATURES, broken)
    assert parsed["strays"] == 1  # the hint was moved out of the widget
    assert parsed["inPage"] != page.evaluate(ALONE, broken[3:-4])


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_each_rendering_keeps_the_widget_whole(page: Page, rendering: str) -> None:
    html = page_html(rendering)
    parsed = page.evaluate(SIGNATURES, html)
    assert len(parsed) == 3  # file, photos, and the refused "older" one
    for widget, field_id in zip(parsed, ("id_file", "id_photos", "id_older"), strict=True):
        assert widget["strays"] == 0
        assert widget["inPage"] == page.evaluate(ALONE, widget_markup(html, field_id))
        assert "INPUT.dlw-upload-input" not in widget["inPage"]
    expected_parent = {"p": "P", "table": "TD", "ul": "LI", "div": "DIV"}[rendering]
    assert parsed[0]["parent"] == expected_parent


@pytest.mark.parametrize("rendering", RENDERINGS)
def test_the_widget_works_in_each_rendering(
    logged_in: Page, demo_server: DemoServer, tmp_path: Path, rendering: str
) -> None:
    page = logged_in
    open_page(page, demo_server, rendering)
    source = tmp_path / f"in-{rendering}.bin"
    source.write_bytes(b"x" * 3000)
    page.set_input_files("#id_file", str(source))
    single = page.locator("dlw-upload:has(#id_file)")
    single.locator('.dlw-upload-item[data-state="complete"]').wait_for()
    assert page.input_value("input[name=file-token]")
    assert page.get_attribute("#id_file", "name") is None
    assert single.locator(".dlw-upload-status").inner_text() == "Uploaded · 3 kB"
    photos = [tmp_path / "a.png", tmp_path / "b.png"]
    for photo in photos:
        photo.write_bytes(PNG)
    page.set_input_files("#id_photos", [str(photo) for photo in photos])
    several = page.locator("dlw-upload:has(#id_photos)")
    several.locator('.dlw-upload-item[data-state="complete"]').nth(1).wait_for()
    assert several.locator(".dlw-upload-total").inner_text() == (
        f"Files uploaded: 2 of 2 · {2 * len(PNG)} byte of {2 * len(PNG)} byte"
    )
    assert several.locator("img.dlw-upload-thumb").count() == 2
    assert page.errors == []  # type: ignore[attr-defined]


def boxes(page: Page, selector: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = page.eval_on_selector_all(
        selector, "(nodes) => nodes.map((n) => n.getBoundingClientRect().toJSON())"
    )
    return found


def overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


def test_bootstraps_reboot_and_the_docs_map_keep_the_layout(
    logged_in: Page, demo_server: DemoServer, tmp_path: Path, artifacts: Path
) -> None:
    page = logged_in
    classes = bootstrap_map()["CSS_CLASSES"]
    head = f"<style>{BOOTSTRAP.read_text()}</style>"
    open_page(page, demo_server, "div", classes=classes, head=head)
    reboot = "(label) => getComputedStyle(label).display"
    assert page.eval_on_selector("label[for=id_title]", reboot) == "inline-block"  # in force
    photo = tmp_path / "photo.png"
    photo.write_bytes(PNG)
    page.set_input_files("#id_photos", [str(photo)])
    item = page.locator("dlw-upload:has(#id_photos) .dlw-upload-item[data-state=complete]")
    item.wait_for()
    zone = page.locator("dlw-upload:has(#id_photos) .dlw-upload-zone")
    assert zone.evaluate("(z) => getComputedStyle(z).display") == "flex"
    assert "rounded-3" in (zone.get_attribute("class") or "")
    [input_box] = boxes(page, "#id_photos")
    assert input_box["width"] <= 1
    assert input_box["height"] <= 1
    [thumb] = boxes(page, "dlw-upload:has(#id_photos) .dlw-upload-thumb")
    assert (round(thumb["width"]), round(thumb["height"])) == (48, 48)
    scope = "dlw-upload:has(#id_photos) .dlw-upload-item"
    parts = [
        boxes(page, f"{scope} > {part}")[0]
        for part in (
            ".dlw-upload-thumb",
            ".dlw-upload-name",
            ".dlw-upload-status",
            ".dlw-upload-actions",
        )
    ]
    for index, first in enumerate(parts):
        for second in parts[index + 1 :]:
            assert not overlap(first, second), (first, second)
    older = page.locator("dlw-upload:has(#id_older) .dlw-upload-item")
    assert older.get_attribute("data-state") == "error"
    page.screenshot(path=str(artifacts / "upload-bootstrap.png"), full_page=True)
