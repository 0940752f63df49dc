"""Real tus clients, unchanged, against the live server with each upload store; the result's
sha256 always matches."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import cast

import pytest
from tusclient import client as tus_client

from tests.harness.demo_server import DemoServer

from .live import TUS, login, request, stored_sha256, stored_size

pytestmark = pytest.mark.live

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024


def make_source(path: Path, size: int) -> str:
    digest = hashlib.sha256()
    with path.open("wb") as handle:
        remaining = size
        while remaining:
            block = os.urandom(min(remaining, MB))
            handle.write(block)
            digest.update(block)
            remaining -= len(block)
    return digest.hexdigest()


def test_tuspy_50_mb_with_checksums_stop_and_resume(tus_server: DemoServer, tmp_path: Path) -> None:
    session = login(tus_server.url)
    source = tmp_path / "source.bin"
    expected = make_source(source, 50 * MB)

    first = tus_client.TusClient(session.endpoint, headers=session.headers)
    uploader = first.uploader(str(source), chunk_size=MB, upload_checksum=True)
    uploader.upload(stop_at=21 * MB)
    url = cast("str | None", uploader.url)  # set once the upload is created
    assert url is not None
    assert stored_size(tus_server, url) == 21 * MB

    second = tus_client.TusClient(session.endpoint, headers=session.headers)
    resumed = second.uploader(str(source), chunk_size=MB, upload_checksum=True, url=url)
    assert resumed.get_offset() == 21 * MB
    resumed.upload()
    assert stored_sha256(tus_server, url) == expected
    response = request(session, "HEAD", url, headers=TUS)
    assert response.getheader("Upload-Offset") == str(50 * MB)
    assert response.getheader("Dlw-Upload-Token")


def test_tus_js_client_abort_resume_and_parallel(tus_server: DemoServer, tmp_path: Path) -> None:
    node = shutil.which("node")
    assert node, "node is required"
    session = login(tus_server.url)
    source = tmp_path / "source.bin"
    expected = make_source(source, 8 * MB + 12345)
    result = subprocess.run(
        [node, str(Path(__file__).with_name("tus_js_client.cjs")), session.endpoint, str(source)],
        cwd=ROOT,
        env={**os.environ, "COOKIE": session.cookie, "CSRF_TOKEN": session.csrf},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    cases = {line["case"]: line for line in map(json.loads, result.stdout.splitlines())}
    assert cases["resume"]["abortedAfter"] < 8 * MB
    for case in ("resume", "parallel"):
        assert stored_sha256(tus_server, cases[case]["url"]) == expected
    head = request(session, "HEAD", cases["parallel"]["url"], headers=TUS)
    assert (head.getheader("Upload-Concat") or "").startswith("final;")
    assert head.getheader("Dlw-Upload-Token")
