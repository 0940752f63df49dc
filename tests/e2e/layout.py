"""Helpers for the menu's layout tests: seeded downloads, boxes, contrast and axe."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from tests.harness.demo_server import DemoServer

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

SEED = """
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_dlwidget.models import Download
user = get_user_model().objects.get(username={username!r})
now = timezone.now()
def add(name, status, seconds_ago, **fields):
    Download.objects.create(owner=user, name=name, filename=name + ".csv", status=status,
                            created=now - timedelta(seconds=seconds_ago), **fields)
add("Orders export", "ready", 300, size=1_234_567, finished=now - timedelta(seconds=200),
    expires=now + timedelta(days=1), description="All orders of March")
add("Orders export", "ready", 240, size=2_000, finished=now - timedelta(seconds=100),
    expires=now + timedelta(days=1))
add("Customer list", "failed", 200, error="The database went away.", finished=now)
add("Invoices", "running", 20, progress=40, heartbeat=now)
add("Archive", "pending", 120)
"""


def seed_downloads(server: DemoServer, username: str) -> None:
    """Five downloads in every state, two of them with the same name, straight into the database."""
    server.manage("shell", "-c", SEED.format(username=username))


def box(page: Page, selector: str) -> dict[str, float]:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} has no box"
    return {"x": found["x"], "y": found["y"], "width": found["width"], "height": found["height"]}


def viewport_box(page: Page) -> dict[str, float]:
    size: dict[str, float] = page.evaluate(
        "() => ({width: document.documentElement.clientWidth,"
        " height: document.documentElement.clientHeight})"
    )
    return size


def assert_inside_viewport(page: Page, selector: str) -> None:
    found = box(page, selector)
    viewport = viewport_box(page)
    assert found["x"] >= 0, found
    assert found["y"] >= 0, found
    assert found["x"] + found["width"] <= viewport["width"] + 0.5, (found, viewport)
    assert found["y"] + found["height"] <= viewport["height"] + 0.5, (found, viewport)


def horizontal_overflow(page: Page) -> float:
    """How far the page scrolls sideways (0 when it does not)."""
    overflow: float = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    return overflow


def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def axe_findings(page: Page, context: str = "document") -> list[str]:
    """Serious or critical axe-core findings (color-contrast included: 4.5:1 for normal text)."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    results: list[dict[str, Any]] = page.evaluate(
        f"async () => (await axe.run({context}, {{resultTypes: ['violations']}})).violations"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']}: "
        + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in results
        if v["impact"] in ("serious", "critical")
    ]
