"""In Chromium, with the partial uploads on S3 (moto's server): Uppy's tus plugin, unchanged,
and the upload widget through the demo's form, whose chunks are whole S3 parts."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from django_dlwidget.tus.stores.s3 import CHUNK_PARTS
from tests.harness.demo_server import DemoServer, login
from tests.harness.s3 import S3Server
from tests.tus.live import stored_sha256

from .test_upload_widget import open_form, submit_and_check, wait_uploaded
from .test_uppy_client import SEED, SIZE, UPLOAD, build_bundle, xorshift_bytes

MIB = 1024 * 1024
PART = 5 * MIB


@pytest.fixture(scope="module")
def s3_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    s3 = S3Server(tmp_path_factory.mktemp("moto-browser"))
    s3.start()
    setting = json.dumps(s3.store_setting(s3.new_bucket()))
    server = DemoServer(
        tmp_path_factory.mktemp("demo-s3-browser"), extra_env={"DEMO_UPLOAD_STORE": setting}
    )
    try:
        server.start()
        yield server
    finally:
        server.stop()
        s3.stop()


def test_uppy_tus_plugin_on_the_s3_store(page: Page, s3_site: DemoServer, tmp_path: Path) -> None:
    bundle = build_bundle(tmp_path)
    expected = hashlib.sha256(xorshift_bytes(SEED, SIZE)).hexdigest()
    login(page, s3_site)
    page.add_script_tag(path=str(bundle))
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    args = {
        "endpoint": f"{s3_site.url}/dlwidget/uploads/",
        "csrf": csrf,
        "size": SIZE,
        "seed": SEED,
        "chunkSize": MIB,  # smaller than a part: every PATCH but a few ends in a tail
    }
    result: dict[str, Any] = page.evaluate(UPLOAD, args)
    assert result["errors"] == [], result
    assert result["successful"] == 1, result
    assert result["success"]["token"], result
    assert stored_sha256(s3_site, result["success"]["uploadURL"]) == expected
    assert page.errors == []  # type: ignore[attr-defined]


def test_the_widget_sends_whole_parts_and_the_form_saves(
    page: Page, s3_site: DemoServer, tmp_path: Path
) -> None:
    source = tmp_path / "on-s3.bin"
    source.write_bytes(os.urandom(CHUNK_PARTS * PART + 3 * MIB))
    login(page, s3_site)
    open_form(page, s3_site)
    assert page.get_attribute("dlw-upload", "data-chunk-size") == str(CHUNK_PARTS * PART)
    offsets: list[int] = []  # where each PATCH starts (its Blob body is not visible here)
    page.on(
        "request",
        lambda r: offsets.append(int(r.headers["upload-offset"])) if r.method == "PATCH" else None,
    )
    page.fill("#id_title", "on s3")
    page.set_input_files("#id_file", str(source))
    wait_uploaded(page)
    assert offsets == [0, CHUNK_PARTS * PART]
    # The demo's media storage is a FileSystemStorage: the bytes are streamed from S3 into it.
    submit_and_check(page, s3_site, "on s3", source)
    assert page.errors == []  # type: ignore[attr-defined]
