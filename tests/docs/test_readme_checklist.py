"""The README's installation checklist, pasted into a fresh ``django-admin startproject``.

The blocks come from README.md as written (``checklist.py``); the project is built with this
virtualenv's Django, checked, migrated and served by uvicorn on a file SQLite database, and
Chromium logs in, finds both elements defined and the upload field rendered, runs the export
to "ready", and uploads a file through the widget into the model field's storage. The one
liberty taken: ``createsuperuser`` gets ``--noinput`` and its answers from the environment,
since nobody is at the keyboard.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from packaging.requirements import Requirement

from tests.harness.processes import LOOPBACK, ServerProcess, free_port, running

from .checklist import Block, apply_file, commands, install_requirements, readme_blocks

if TYPE_CHECKING:  # Playwright is imported when the test runs (the compat pass has none)
    from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.live]

BIN = Path(sys.executable).parent
USER, PASSWORD = "admin", "checklist-password-1"


@dataclass(frozen=True)
class Project:
    url: str
    #: The project's folder (where ``manage.py`` is).
    path: Path


DEFINED = "() => ['dlw-download-centre', 'dlw-upload'].every((n) => customElements.get(n))"


def installed(requirement: str) -> list[str]:
    """The distributions ``requirement`` asks for (its extras' too) that are not installed."""
    wanted = Requirement(requirement)
    missing = []
    try:
        metadata.version(wanted.name)
    except metadata.PackageNotFoundError:
        return [wanted.name]
    for extra in wanted.extras:
        for line in metadata.requires(wanted.name) or []:
            dependency = Requirement(line)
            if dependency.marker and dependency.marker.evaluate({"extra": extra}):
                try:
                    metadata.version(dependency.name)
                except metadata.PackageNotFoundError:
                    missing.append(dependency.name)
    return missing


def run(command: list[str], cwd: Path) -> Path:
    """Run one README command as a reader would; return the working directory after it."""
    if command[0] == "cd":
        return cwd / command[1]
    program = sys.executable if command[0] == "python" else str(BIN / command[0])
    args = list(command[1:])
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if args[-1:] == ["createsuperuser"]:
        args.append("--noinput")
        env |= {
            "DJANGO_SUPERUSER_USERNAME": USER,
            "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
            "DJANGO_SUPERUSER_EMAIL": "admin@example.com",
        }
    result = subprocess.run(
        [program, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}{result.stderr}"
    assert "ERRORS:" not in result.stderr, result.stderr
    assert "WARNINGS:" not in result.stderr, result.stderr  # the development setup warns of nothing
    return cwd


def build(workdir: Path, blocks: list[Block]) -> tuple[Path, list[str]]:
    """Apply every block in order; return the project folder and the serve command."""
    cwd, serve = workdir, []
    for block in blocks:
        if block.kind == "install":
            for requirement in install_requirements(block):
                assert installed(requirement) == [], requirement
        elif block.kind == "run":
            for command in commands(block):
                cwd = run(command, cwd)
        elif block.kind == "file":
            apply_file(cwd, block)
        else:
            (serve,) = commands(block)
    assert serve, "the checklist says how to serve the project"
    return cwd, serve


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """The project the README builds, served on a free port."""
    workdir = tmp_path_factory.mktemp("checklist")
    cwd, serve = build(workdir, readme_blocks())
    run(["python", "manage.py", "check"], cwd)
    assert serve[0] == "uvicorn", serve
    port = free_port()
    server = ServerProcess(
        [sys.executable, "-m", *serve, "--host", LOOPBACK, "--port", str(port)],
        # pytest-django's DJANGO_SETTINGS_MODULE is in os.environ: a reader's shell has none.
        env={"PYTHONUNBUFFERED": "1", "DJANGO_SETTINGS_MODULE": "mysite.settings"},
        cwd=cwd,
        log=workdir / "server.log",
        port=port,
    )
    with running(server):
        yield Project(f"http://{LOOPBACK}:{port}", cwd)


def log_in(page: Page, url: str) -> None:
    page.goto(f"{url}/admin/login/?next=/")
    page.fill("input[name=username]", USER)
    page.fill("input[name=password]", PASSWORD)
    page.click("[type=submit]")
    page.wait_for_url(f"{url}/")
    page.wait_for_function(DEFINED, timeout=10_000)


def test_the_checklist_builds_a_project_whose_export_reaches_ready(
    page: Page, project: Project
) -> None:
    from playwright.sync_api import expect

    failed: list[str] = []  # the bundle 404ing under uvicorn would leave the elements undefined
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    frames: list[str] = []  # what the download centre's socket received
    page.on("websocket", lambda ws: ws.on("framereceived", lambda data: frames.append(str(data))))
    url = project.url
    log_in(page, url)
    expect(page.locator("dlw-upload input[type=file]")).to_have_count(1)

    with page.expect_navigation(url=f"{url}/"):
        page.get_by_role("button", name="Export users").click()
    page.wait_for_function(DEFINED, timeout=10_000)
    ready = page.locator("dlw-download-centre li[data-status=ready]")
    expect(ready).to_have_count(1, timeout=20_000)
    href = ready.locator("a[data-action=download]").get_attribute("href", timeout=5_000)
    assert href, "a ready item links its file"
    body = page.request.get(f"{url}{href}").text()
    header, first = body.splitlines()[:2]
    assert (header, first.rsplit(",", 1)[0]) == ("id,username,joined", f"1,{USER}")
    for _ in range(100):  # the socket's first message, the list: the WebSocket route works
        if any('"snapshot"' in frame for frame in frames):
            break
        page.wait_for_timeout(100)
    assert any('"snapshot"' in frame for frame in frames), frames
    assert [url for url in failed if not url.endswith("/favicon.ico")] == []
    assert [e for e in page.errors if "404" not in e] == []  # type: ignore[attr-defined]


def test_the_checklist_project_takes_an_upload_into_its_media_folder(
    page: Page, project: Project, tmp_path: Path
) -> None:
    source = tmp_path / "measurements.bin"
    source.write_bytes(os.urandom(300_000))
    log_in(page, project.url)
    page.wait_for_selector("dlw-upload[data-dlw-connected]")
    page.set_input_files("dlw-upload input[type=file]", str(source))
    page.wait_for_selector('.dlw-upload-item[data-state="complete"]', timeout=20_000)
    with page.expect_navigation(url=f"{project.url}/"):
        page.get_by_role("button", name="Save").click()
    saved = list((project.path / "media" / "documents").iterdir())
    assert len(saved) == 1, saved
    digest = hashlib.sha256(saved[0].read_bytes()).hexdigest()
    assert digest == hashlib.sha256(source.read_bytes()).hexdigest()
