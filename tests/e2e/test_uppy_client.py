"""Uppy (@uppy/core + @uppy/tus), unchanged, in Chromium against the live tus server.

The page bundles Uppy with esbuild at test time, generates the file from a seeded PRNG, uploads it
in 1 MiB chunks and reads `Dlw-Upload-Token` off the last response; the server's partial file must
have the sha256 of the same bytes generated in Python.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from array import array
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from tests.harness.demo_server import DemoServer, login
from tests.tus.live import partial_file, sha256_of

ROOT = Path(__file__).resolve().parents[2]
MIB = 1024 * 1024
SIZE = 8 * MIB + 12345  # the last chunk is a short one
SEED = 0x2545F491

# Both sides: xorshift32 words, little-endian, cut to `size` bytes.
UPLOAD = """
async ({ endpoint, csrf, size, seed, chunkSize }) => {
  const words = Math.ceil(size / 4);
  const view = new DataView(new ArrayBuffer(words * 4));
  let x = seed | 0;
  for (let i = 0; i < words; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    view.setUint32(i * 4, x >>> 0, true);
  }
  const bytes = new Uint8Array(view.buffer, 0, size);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const pageSha256 = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");

  const requests = [];
  const tokens = [];
  const errors = [];
  const uppy = new window.Uppy({ autoProceed: false });
  uppy.use(window.UppyTus, {
    endpoint,
    headers: { "X-CSRFToken": csrf },
    chunkSize,
    retryDelays: [],
    onAfterResponse(req, res) {
      requests.push([req.getMethod(), res.getStatus()]);
      const token = res.getHeader("Dlw-Upload-Token");
      if (token) tokens.push(token);
    },
  });
  let success = null;
  uppy.on("upload-success", (_file, response) => {
    success = {
      uploadURL: response.uploadURL,
      token: response.body.xhr.getResponseHeader("Dlw-Upload-Token"),
    };
  });
  uppy.on("upload-error", (file, error) => errors.push(String(error)));
  uppy.addFile({
    name: "uppy-source.bin",
    type: "application/octet-stream",
    data: new Blob([bytes], { type: "application/octet-stream" }),
  });
  const timeout = new Promise((_, reject) =>
    setTimeout(() => reject(new Error("Uppy did not finish in 60 s")), 60000),
  );
  const result = await Promise.race([uppy.upload(), timeout]);
  return {
    pageSha256,
    success,
    tokens,
    requests,
    errors,
    successful: result.successful.length,
    failed: result.failed.map((f) => String(f.error)),
  };
}
"""


def xorshift_bytes(seed: int, size: int) -> bytes:
    words = array("I", bytes(4 * ((size + 3) // 4)))
    assert words.itemsize == 4
    x = seed
    for i in range(len(words)):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        words[i] = x
    if sys.byteorder != "little":
        words.byteswap()
    return words.tobytes()[:size]


def build_bundle(tmp_path: Path) -> Path:
    node = shutil.which("node")
    assert node, "node is required"
    bundle = tmp_path / "uppy-bundle.js"
    subprocess.run(
        [node, str(Path(__file__).with_name("uppy_bundle.mjs")), str(bundle)],
        cwd=ROOT,
        check=True,
        timeout=60,
    )
    return bundle


def test_uppy_tus_plugin_uploads_in_chunks(
    page: Page, demo_server: DemoServer, tmp_path: Path
) -> None:
    bundle = build_bundle(tmp_path)
    expected = hashlib.sha256(xorshift_bytes(SEED, SIZE)).hexdigest()

    login(page, demo_server)
    page.add_script_tag(path=str(bundle))
    assert page.evaluate("[typeof window.Uppy, typeof window.UppyTus]") == ["function"] * 2
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    args = {
        "endpoint": f"{demo_server.url}/dlwidget/uploads/",
        "csrf": csrf,
        "size": SIZE,
        "seed": SEED,
        "chunkSize": MIB,
    }
    result: dict[str, Any] = page.evaluate(UPLOAD, args)

    assert result["pageSha256"] == expected, "the page and Python generated different bytes"
    assert result["errors"] == [], result
    assert result["failed"] == [], result
    assert result["successful"] == 1, result
    success = result["success"]
    assert success is not None, result

    methods = [method for method, _ in result["requests"]]
    assert methods[0] == "POST", methods
    assert methods.count("POST") == 1, methods
    assert methods.count("PATCH") == -(-SIZE // MIB), methods  # one PATCH per 1 MiB chunk
    assert all(status in (201, 204) for _, status in result["requests"]), result["requests"]

    # Dlw-Upload-Token reached the client on the completing PATCH, through Uppy's own response.
    assert success["token"], result
    assert result["tokens"] == [success["token"]], result

    url = success["uploadURL"]
    assert url.startswith(f"{demo_server.url}/dlwidget/uploads/"), url
    assert sha256_of(partial_file(demo_server, url)) == expected
    assert page.errors == []  # type: ignore[attr-defined]
