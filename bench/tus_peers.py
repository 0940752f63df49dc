"""The pieces of bench/uploads.py that are not the comparison itself: the Node tus server it
compares with, the two real clients (tuspy and tus-js-client) and the server's memory.

The peer is ``bench/peers/tus_file_server.mjs`` (@tus/server with @tus/file-store) under node,
on a free loopback port and a folder of its own. Each client sends one whole file to a creation
endpoint and says how long it took, from the creation request to the last response.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

from tusclient import client as tus_client

from tests.harness.processes import LOOPBACK, ServerProcess, free_port

ROOT = Path(__file__).resolve().parents[1]
PEERS = ROOT / "bench" / "peers"
MIB = 1024 * 1024


def node() -> str:
    found = shutil.which("node")
    if found is None or not (ROOT / "node_modules" / "@tus" / "server").is_dir():
        raise RuntimeError("node and the npm dev dependencies are needed: npm ci")
    return found


class NodeTusServer:
    """@tus/server + @tus/file-store in a node subprocess, storing into ``folder``."""

    def __init__(self, workdir: Path) -> None:
        self.folder = workdir / "node-tus"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.endpoint = f"http://{LOOPBACK}:{self.port}/files"
        self.process = ServerProcess(
            [node(), str(PEERS / "tus_file_server.mjs"), str(self.port), str(self.folder)],
            env={},
            cwd=ROOT,
            log=workdir / "node-tus.log",
            port=self.port,
        )

    @property
    def pid(self) -> int:
        assert self.process.proc is not None
        return self.process.proc.pid

    def start(self) -> None:
        self.process.start()

    def stop(self) -> None:
        self.process.stop()

    def stored(self, url: str) -> Path:
        return self.folder / url.rstrip("/").rsplit("/", 1)[-1]

    def forget(self, url: str) -> None:
        for path in self.folder.glob(self.stored(url).name + "*"):
            path.unlink()


def make_source(path: Path, size: int) -> Path:
    """A file of ``size`` random bytes (written once, read from the page cache afterwards)."""
    block = os.urandom(8 * MIB)
    with path.open("wb") as out:
        left = size
        while left:
            left -= out.write(block[: min(left, len(block))])
    return path


def tuspy_upload(
    endpoint: str, headers: dict[str, str], source: Path, chunk: int
) -> tuple[str, float]:
    """tuspy, unchanged, in ``chunk``-byte PATCHes; (upload URL, seconds)."""
    started = time.perf_counter()
    uploader = tus_client.TusClient(endpoint, headers=headers).uploader(
        str(source), chunk_size=chunk, metadata={"filename": "bench.bin"}
    )
    uploader.upload()
    seconds = time.perf_counter() - started
    return str(uploader.url), seconds


def tus_js_upload(endpoint: str, headers: dict[str, str], source: Path) -> tuple[str, float]:
    """tus-js-client with its default chunk size (the whole file in one PATCH) in node;
    (upload URL, seconds as it measured them, without node's start-up)."""
    env = {
        **os.environ,
        "COOKIE": headers.get("Cookie", ""),
        "CSRF_TOKEN": headers.get("X-CSRFToken", ""),
    }
    result = subprocess.run(
        [node(), str(PEERS / "tus_js_upload.cjs"), endpoint, str(source)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"tus-js-client failed: {result.stderr}")
    found = json.loads(result.stdout.strip().splitlines()[-1])
    return str(found["url"]), float(found["seconds"])


def rss_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not found")


def reset_peak(pid: int) -> None:
    # Writing 5 resets the peak RSS (VmHWM) to the current RSS (Linux 4.0+).
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class PeakGrowth:
    """Over measured spans of a process: the largest growth of its peak RSS over its RSS at the
    start of a span, and the CPU time each span took (a busy machine stretches the wall-clock
    time of a span much more than its CPU time)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.mib, self._before = pid, 0.0, 0
        self.cpu: list[float] = []
        self._cpu_before = 0.0

    def __enter__(self) -> PeakGrowth:
        self._before = rss_kib(self.pid, "VmRSS")
        reset_peak(self.pid)
        self._cpu_before = cpu_seconds(self.pid)
        return self

    def __exit__(self, *exc: object) -> None:
        self.cpu.append(cpu_seconds(self.pid) - self._cpu_before)
        self.mib = max(self.mib, (rss_kib(self.pid, "VmHWM") - self._before) / 1024)
