"""tus uploads on the S3 store against a boto3 PUT and the Node tus server's S3 store.

moto's S3 server runs on loopback and every path writes into one bucket there. Our side is the
demo site under uvicorn with ``S3Store`` (8 MiB parts, its default); the peer is @tus/server with
@tus/s3-store (bench/peers/tus_s3_server.mjs) on the same S3 server. Each round, in turn:

- ours, in PATCHes of the chunk the widget sends with that store (eight parts);
- the same bytes in one boto3 ``put_object`` straight to the S3 server (issue 12: >= 0.8x);
- the same bytes through boto3's own managed transfer (``upload_fileobj``: a multipart upload in
  parts of the store's size, ten threads), for information: what a multipart upload costs this
  S3 server whoever sends it;
- ours, with tuspy in 8 MiB chunks;
- the Node server, with tuspy in 8 MiB chunks (issue 15: ours >= 1.0x of it).

For information, the widget path is also split in two: the PATCHes before the last one
(streaming parts to the S3 server, compared with put_object's rate) and the last one, which ends
in CompleteMultipartUpload (seconds; moto concatenates every part in memory there, a cost a
single PUT never pays and boto3's multipart upload pays the same).

``BENCH_RUNS`` rounds (default 3); each ratio is the median of the per-round ratios. The app
server's peak RSS growth is taken during each of our uploads (the widget's chunks: < 32 MiB;
tuspy's: < 16 MiB), the Node server's for comparison; and, for each path, the CPU seconds per
GiB spent by its server (for put_object: this process) and the S3 server, a figure a loaded
machine disturbs less than the rates. Exits non-zero when a target is missed.
``BENCH_UPLOAD_MIB`` (default 1024), ``BENCH_S3_PART_MIB`` and ``BENCH_S3_CHUNK_PARTS`` (default:
the widget's chunk) change the sizes. Run from the repository root:
``.venv/bin/python bench/s3_uploads.py``.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "example")]

from bench.results import record  # noqa: E402
from tests.harness.demo_server import DemoServer  # noqa: E402
from tests.harness.processes import LOOPBACK, ServerProcess, free_port  # noqa: E402
from tests.harness.s3 import ACCESS_KEY, REGION, SECRET_KEY, S3Server  # noqa: E402
from tests.tus.live import OCTET, TUS, Session, create, login  # noqa: E402

BENCH = "s3_uploads"
MIB = 1024 * 1024
TOTAL = int(os.environ.get("BENCH_UPLOAD_MIB", "1024")) * MIB
RUNS = max(1, int(os.environ.get("BENCH_RUNS", "3")))
PART = int(os.environ.get("BENCH_S3_PART_MIB", "8")) * MIB
# Parts per PATCH; left out, what the widget sends with this store (its data-chunk-size).
CHUNK_PARTS = os.environ.get("BENCH_S3_CHUNK_PARTS")
TUSPY_CHUNK = 8 * MIB
PEER = ROOT / "bench" / "peers" / "tus_s3_server.mjs"


def rss_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not found")


def cpu_seconds(pids: list[int]) -> float:
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime + stime
    return ticks / os.sysconf("SC_CLK_TCK")


def measured(pid: int, upload: Callable[[], None], busy: list[int]) -> tuple[float, float, float]:
    """Run ``upload``: its MiB/s, the peak RSS growth of process ``pid`` meanwhile (MiB), and
    the CPU seconds per GiB that the processes ``busy`` spent (steadier than the rate on a
    loaded machine)."""
    before = rss_kib(pid, "VmRSS")
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # peak RSS := current RSS
    cpu = cpu_seconds(busy)
    started = time.perf_counter()
    upload()
    elapsed = time.perf_counter() - started
    cpu = (cpu_seconds(busy) - cpu) * 1024 * MIB / TOTAL
    return TOTAL / MIB / elapsed, (rss_kib(pid, "VmHWM") - before) / 1024, cpu


class Bucket:
    def __init__(self, s3: S3Server) -> None:
        self.client = s3.client()
        self.name = s3.new_bucket()

    def check_and_delete(self, prefix: str) -> None:
        """One object of TOTAL bytes under ``prefix`` (what an upload left, besides the Node
        store's ``.info``); delete them all."""
        listed = self.client.list_objects_v2(Bucket=self.name, Prefix=prefix).get("Contents", [])
        sizes = [int(item["Size"]) for item in listed if not item["Key"].endswith(".info")]
        assert sizes == [TOTAL], sizes
        for item in listed:
            self.client.delete_object(Bucket=self.name, Key=item["Key"])


def widget_chunk(server: DemoServer, session: Session) -> int:
    """The bytes per PATCH the widget sends (``BENCH_S3_CHUNK_PARTS`` parts if set)."""
    if CHUNK_PARTS:
        return int(CHUNK_PARTS) * PART
    conn = http.client.HTTPConnection(LOOPBACK, server.port, timeout=60)
    conn.request("GET", "/upload/", headers=session.headers)
    page = conn.getresponse().read().decode()
    conn.close()
    found = re.search(r'data-chunk-size="(\d+)"', page)
    assert found, "no data-chunk-size on the upload page"
    return int(found[1])


def widget_chunks(server: DemoServer, session: Session, source: Path, chunk: int) -> float:
    """Upload ``source`` in PATCHes of ``chunk`` bytes; return the seconds the last one took
    (the one that completes the multipart upload)."""
    url = create(session, TOTAL)
    last = 0.0
    conn = http.client.HTTPConnection(LOOPBACK, server.port, timeout=300)
    headers = {**session.headers, **TUS, "Content-Type": OCTET}
    for offset in range(0, TOTAL, chunk):
        with source.open("rb") as data:
            data.seek(offset)
            body = data.read(chunk)
        sent = {**headers, "Upload-Offset": str(offset), "Content-Length": str(len(body))}
        started = time.perf_counter()
        conn.request("PATCH", url, body=body, headers=sent)
        response = conn.getresponse()
        response.read()
        last = time.perf_counter() - started
        assert response.status == 204, response.status
    conn.close()
    return last


def tuspy(endpoint: str, headers: dict[str, str], source: Path) -> None:
    from tusclient import client as tus_client

    uploader = tus_client.TusClient(endpoint, headers=headers).uploader(
        str(source), chunk_size=TUSPY_CHUNK, metadata={"filename": source.name}
    )
    uploader.upload()
    assert uploader.offset == TOTAL


def put_object(bucket: Bucket, source: Path) -> None:
    with source.open("rb") as body:
        bucket.client.put_object(
            Bucket=bucket.name, Key="bench-put/object", Body=body, ContentLength=TOTAL
        )


def multipart_put(bucket: Bucket, source: Path) -> None:
    from boto3.s3.transfer import TransferConfig

    config = TransferConfig(multipart_threshold=PART, multipart_chunksize=PART)
    with source.open("rb") as body:
        bucket.client.upload_fileobj(body, bucket.name, "bench-put/object", Config=config)


def node_peer(s3: S3Server, bucket: str, workdir: Path) -> ServerProcess:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "@tus" / "s3-store").is_dir():
        raise SystemExit("the Node peer needs node and `npm ci` (@tus/server, @tus/s3-store)")
    port = free_port()
    env = {
        "PORT": str(port),
        "TUS_S3_ENDPOINT": s3.endpoint_url,
        "TUS_S3_BUCKET": bucket,
        "TUS_S3_REGION": REGION,
        "TUS_S3_ACCESS_KEY": ACCESS_KEY,
        "TUS_S3_SECRET_KEY": SECRET_KEY,
        "TUS_S3_PART_SIZE": str(PART),
    }
    log = workdir / "node.log"
    return ServerProcess([node, str(PEER)], env=env, cwd=ROOT, log=log, port=port)


def main() -> int:
    block = os.urandom(8 * MIB)
    figures: dict[str, list[float]] = {}

    def add(name: str, value: float) -> None:
        figures.setdefault(name, []).append(value)

    with tempfile.TemporaryDirectory(prefix="dlw-bench-s3-") as tmp:
        workdir = Path(tmp)
        source = workdir / "source.bin"
        with source.open("wb") as out:
            for offset in range(0, TOTAL, len(block)):
                out.write(block[: min(len(block), TOTAL - offset)])
        s3 = S3Server(workdir / "moto")
        s3.start()
        bucket = Bucket(s3)
        setting = s3.store_setting(bucket.name, part_size=PART)
        (workdir / "site").mkdir()
        site = DemoServer(workdir / "site", extra_env={"DEMO_UPLOAD_STORE": json.dumps(setting)})
        peer = node_peer(s3, bucket.name, workdir)
        try:
            site.start()
            peer.start()
            ours = site.process.proc.pid if site.process.proc else 0
            theirs = peer.proc.pid if peer.proc else 0
            session = login(site.url)
            node_endpoint = f"http://{LOOPBACK}:{peer.port}/files/"
            chunk = widget_chunk(site, session)

            def ours_widget() -> None:
                started = time.perf_counter()
                last = widget_chunks(site, session, source, chunk)
                before_last = (TOTAL - 1) // chunk * chunk  # bytes of the PATCHes before it
                if before_last:
                    elapsed = time.perf_counter() - started - last
                    add("widget streaming", before_last / MIB / elapsed)
                    add("widget completing", last)
                bucket.check_and_delete("dlwidget/")

            def ours_tuspy() -> None:
                tuspy(session.endpoint, session.headers, source)
                bucket.check_and_delete("dlwidget/")

            def node_tuspy() -> None:
                tuspy(node_endpoint, {}, source)
                bucket.check_and_delete("")  # the only objects left: its own, at the top

            def put() -> None:
                put_object(bucket, source)
                bucket.check_and_delete("bench-put/")

            def multipart() -> None:
                multipart_put(bucket, source)
                bucket.check_and_delete("bench-put/")

            for warm_up in (ours_widget, put, multipart, ours_tuspy, node_tuspy):
                warm_up()  # imports, connections, the JIT
            for name in ("widget streaming", "widget completing"):
                figures.pop(name, None)  # the warm-up's
            moto = s3.process.proc.pid if s3.process.proc else 0
            paths = [
                ("widget", ours, ours_widget, [ours, moto]),
                ("put", ours, put, [os.getpid(), moto]),  # boto3 runs in this process
                ("multipart", ours, multipart, [os.getpid(), moto]),
                ("tuspy", ours, ours_tuspy, [ours, moto]),
                ("node", theirs, node_tuspy, [theirs, moto]),
            ]
            for _ in range(RUNS):
                for name, pid, upload, busy in paths:
                    rate, growth, cpu = measured(pid, upload, busy)
                    add(name, rate)
                    add(f"{name} rss", growth)
                    add(f"{name} cpu", cpu)
        finally:
            peer.stop()
            site.stop()
            s3.stop()
    return report(figures, chunk)


def ratio(path: list[float], baseline: list[float]) -> float:
    return statistics.median(a / b for a, b in zip(path, baseline, strict=True))


def report(figures: dict[str, list[float]], chunk: int) -> int:
    print(
        f"S3 store: {TOTAL // MIB} MiB, {PART // MIB} MiB parts, {RUNS} interleaved rounds "
        f"(ours in {chunk // MIB} MiB PATCHes, boto3 put_object and upload_fileobj, ours and "
        "@tus/s3-store "
        f"with tuspy in {TUSPY_CHUNK // MIB} MiB chunks); medians:"
    )
    rates = {
        "ours, widget chunks": "widget",
        "boto3 put_object": "put",
        "boto3 upload_fileobj (multipart)": "multipart",
        "ours, tuspy": "tuspy",
        "@tus/s3-store, tuspy": "node",
    }
    for label, name in rates.items():
        print(f"  {label}: {statistics.median(figures[name]):.1f} MiB/s per run")
    for name in ("widget", "put", "multipart", "tuspy", "node"):
        print(f"  {name} MiB/s per round: {' '.join(f'{v:.1f}' for v in figures[name])}")
    for label, name in rates.items():
        cpu = statistics.median(figures[f"{name} cpu"])
        record(BENCH, f"CPU seconds per GiB, {label} (server + S3 server)", cpu, unit="s")
    ok = record(
        BENCH,
        "S3 store (widget chunks) vs boto3 put_object",
        ratio(figures["widget"], figures["put"]),
        at_least=0.8,
    )
    if "widget streaming" in figures:
        # For information: where the widget path's time goes (see the module's docstring).
        record(
            BENCH,
            "S3 store (widget chunks), PATCHes before the last, vs boto3 put_object",
            ratio(figures["widget streaming"], figures["put"]),
        )
        completing = statistics.median(figures["widget completing"])
        record(BENCH, "S3 store (widget chunks), the completing PATCH", completing, unit="s")
    # For information: boto3's own multipart upload against one put_object on this S3 server,
    # and the store against it (a multipart upload costs the S3 server more than one PUT).
    record(
        BENCH,
        "boto3 multipart upload vs boto3 put_object",
        ratio(figures["multipart"], figures["put"]),
    )
    record(
        BENCH,
        "S3 store (widget chunks) vs boto3 multipart upload",
        ratio(figures["widget"], figures["multipart"]),
    )
    ok &= record(
        BENCH,
        "S3 store vs @tus/s3-store (tuspy, 8 MiB chunks)",
        ratio(figures["tuspy"], figures["node"]),
        at_least=1.0,
    )
    growth = max(figures["widget rss"])
    ok &= record(BENCH, "S3 store peak RSS growth (widget chunks)", growth, unit="MiB", below=32)
    growth = max(figures["tuspy rss"])
    ok &= record(BENCH, "S3 store peak RSS growth (tuspy)", growth, unit="MiB", below=16)
    record(BENCH, "@tus/s3-store peak RSS growth (tuspy)", max(figures["node rss"]), unit="MiB")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
