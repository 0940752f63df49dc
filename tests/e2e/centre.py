"""Page helpers for the download-centre browser tests."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from playwright.sync_api import Locator, Page, expect

from demo.exports import quick_rows

CENTRE = "dlw-download-centre"


def start_export(page: Page, kind: str) -> str:
    """Click a demo export button; return the new download's key."""
    with page.expect_response(f"**/exports/{kind}/") as info:
        page.click(f"button[data-export={kind}]")
    response = info.value
    assert response.status == 202, response.status
    data: dict[str, Any] = json.loads(response.body())
    return str(data["key"])


def open_menu(page: Page) -> None:
    toggle = page.locator(f"{CENTRE} > button")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")


def item(page: Page, key: str) -> Locator:
    return page.locator(f"{CENTRE} li[data-key='{key}']")


def expected_quick_csv(count: int) -> bytes:
    """The quick export's file, built independently: formula-like cells get a leading quote."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["n", "square", "label"])
    for n, square, label in quick_rows(count):
        writer.writerow([n, square, "'" + label if label.startswith("=") else label])
    return out.getvalue().encode()
