"""A 200 MB upload with the widget through nginx to the app servers, whose partial uploads are
on S3: the app server that is receiving a PATCH is SIGKILLed, nginx sends the widget's retries to
the other one, which takes the upload over once the dead one's lease has run out; the form saves
it to the model field's S3 storage, byte for byte."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.harness.samples import opaque
from tests.harness.stack import Stack
from tests.harness.stack_parts import AppServer

from .conftest import Watched

if TYPE_CHECKING:
    from playwright.sync_api import Page, Request

pytestmark = [pytest.mark.live, pytest.mark.browser]

MB = 1000 * 1000
SIZE = 200 * MB
CHUNK = 8 * 1024 * 1024
# The browser's upload rate (bytes/s), held down so that each 64 MiB PATCH streams for seconds:
# at full loopback speed one is over before the server reading it can be found and killed.
UPLOAD_RATE = 25 * MB


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("stack-upload") / "stack-200mb.bin"
    digest = hashlib.sha256()
    with path.open("wb") as out:
        for seed in range(SIZE // CHUNK + 1):
            block = opaque(min(CHUNK, SIZE - seed * CHUNK), seed)
            digest.update(block)
            out.write(block)
    return path, digest.hexdigest()


class Patches:
    """The widget's PATCH requests as the page sees them: in flight, answered, failed."""

    def __init__(self, page: Page) -> None:
        self.in_flight: dict[Request, int] = {}  # request -> its Upload-Offset
        self.outcomes: list[str] = []  # "204", "423", "502", "failed"...
        page.on("request", self._sent)
        page.on("response", lambda r: self._ended(r.request, str(r.status)))
        page.on("requestfailed", lambda r: self._ended(r, "failed"))

    def _sent(self, request: Request) -> None:
        if request.method == "PATCH":
            self.in_flight[request] = int(request.headers["upload-offset"])

    def _ended(self, request: Request, outcome: str) -> None:
        if self.in_flight.pop(request, None) is not None:
            self.outcomes.append(outcome)


def receiving(stack: Stack, page: Page, patches: Patches, offset: int) -> AppServer:
    """The app server that is reading the body of a PATCH past ``offset``, found by what each
    server process reads (``rchar``) while the page has that PATCH in flight."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        page.wait_for_timeout(200)  # lets Playwright deliver the page's events
        if any(start >= offset for start in patches.in_flight.values()):
            found = stack.app_receiving(min_bytes=256 * 1024, window=0.5)
            if found is not None and patches.in_flight:
                return found
    raise TimeoutError(f"no PATCH past {offset} seen streaming: {patches.outcomes}")


def throttle_uploads(page: Page, rate: int) -> None:
    """Chromium's network emulation (DevTools' throttling) on request bodies for ``page``."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    conditions = {
        "offline": False,
        "latency": 0,
        "downloadThroughput": -1,
        "uploadThroughput": rate,
    }
    cdp.send("Network.emulateNetworkConditions", conditions)


def stored_sha256(stack: Stack, title: str) -> str:
    client = stack.s3.client()
    listing = client.list_objects_v2(Bucket=stack.media_bucket, Prefix="documents/")
    [key] = [o["Key"] for o in listing.get("Contents", []) if o["Key"].endswith(".bin")]
    digest = hashlib.sha256()
    for block in stack.object_bytes(stack.media_bucket, key).iter_chunks(1024 * 1024):
        digest.update(block)
    return digest.hexdigest()


def test_the_widget_finishes_on_the_other_server_and_the_form_saves_to_s3(
    stack: Stack, watched: Watched, source: tuple[Path, str]
) -> None:
    from tests.e2e.test_upload_widget import wait_uploaded

    path, expected = source
    page = watched.page
    patches = Patches(page)
    page.goto(f"{stack.url}/upload/")
    page.wait_for_selector("dlw-upload[data-dlw-connected]")
    throttle_uploads(page, UPLOAD_RATE)
    page.fill("#id_title", "through the stack")
    page.set_input_files("#id_file", str(path))
    # The second PATCH (from 64 MiB): over 60 MB of its body are still to come when it is killed.
    victim = receiving(stack, page, patches, offset=60 * MB)
    survivor = next(app for app in stack.apps if app is not victim)
    served_before = survivor.bytes_read()
    answered = len(patches.outcomes)
    victim.kill()
    # Whether the dead server held the upload's lease (it may have been between two PATCHes):
    # the row cannot change now, until another server takes the upload.
    leased = stack.sql(
        "SELECT lease_expires > now() FROM dlwidget_upload "
        "WHERE filename = %s AND NOT complete AND lease_token <> ''",
        path.name,
    ) == [(True,)]
    try:
        wait_uploaded(page, timeout=180_000)
        # The other server took the rest: at least what was left after the kill went through it.
        assert survivor.bytes_read() - served_before > 60 * MB
        # The PATCH being streamed to it failed (nginx: 502, or the connection dropped), and,
        # when the dead server held the lease, the retries met it on the other one (423) until it
        # ran out (30 s: longer than the first retries take). A lease not yet taken, or already
        # given back, lets the other server carry on at once.
        # (A PATCH that ended just before the kill may be reported after it: look past it.)
        after = patches.outcomes[answered:]
        broken = [n for n, outcome in enumerate(after) if outcome in ("502", "failed")]
        assert broken, patches.outcomes
        if leased:
            assert "423" in after[broken[0] :], patches.outcomes
        page.click("button[type=submit]:has-text('Save')")
        page.wait_for_selector("li:has-text('Saved through the stack')")
        assert stored_sha256(stack, "through the stack") == expected
    finally:
        victim.restart()
    # Nothing of the upload is left on either server's disk (the parts were on S3).
    for app in stack.apps:
        assert list((app.workdir / "tmp").iterdir()) == []
        assert not (app.workdir / "media" / "dlwidget" / "uploads").exists()
    assert watched.errors == []
