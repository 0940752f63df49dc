"""tus uploads on the S3 store against a plain boto3 PUT of the same bytes to the same S3 server.

moto's S3 server runs on loopback; the demo site under uvicorn keeps its partial uploads there
(``S3Store``, 8 MiB parts: its default). A 1 GiB upload goes through the tus endpoint in PATCHes
of the chunk the widget sends with that store (four parts), and the same bytes go straight to
the S3 server in one ``put_object`` from boto3 (the client the store itself uses). The two
alternate ``BENCH_RUNS`` times; the median of the per-pair ratios is reported against its target
(>= 0.8x), and the app server's peak RSS growth during any tus upload against its own (< 32 MiB).
Each run also times boto3's own multipart ``upload_file`` of the file in parts of the same size,
for comparison only: what S3 multipart uploads cost on this server (moto's completion copies the
whole object). Exits non-zero when a target is missed. ``BENCH_S3_PART_MIB`` and
``BENCH_S3_CHUNK_PARTS`` try other sizes. Run from the repository root:
``.venv/bin/python bench/s3_uploads.py``.
"""

from __future__ import annotations

import http.client
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "example")]

from bench.uploads import report, rss_kib, send  # noqa: E402
from tests.harness.demo_server import DemoServer  # noqa: E402
from tests.harness.s3 import S3Server  # noqa: E402
from tests.tus.live import OCTET, TUS, Session, create, login  # noqa: E402

MIB = 1024 * 1024
TOTAL = int(os.environ.get("BENCH_UPLOAD_MIB", "1024")) * MIB
RUNS = max(1, int(os.environ.get("BENCH_RUNS", "3")))
PART = int(os.environ.get("BENCH_S3_PART_MIB", "8")) * MIB
CHUNK = int(os.environ.get("BENCH_S3_CHUNK_PARTS", "4")) * PART  # the S3 store's default chunk
THROUGHPUT_TARGET = 0.8
RSS_TARGET_MIB = 32


def run_tus(server: DemoServer, session: Session, s3: S3Server, bucket: str, block: bytes) -> float:
    url = create(session, TOTAL)
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)
    headers = {**session.headers, **TUS, "Content-Type": OCTET}
    started = time.perf_counter()
    for offset in range(0, TOTAL, CHUNK):
        body = block[: min(CHUNK, TOTAL - offset)]
        status = send(conn, "PATCH", url, body, {**headers, "Upload-Offset": str(offset)})
        assert status == 204, status
    elapsed = time.perf_counter() - started
    conn.close()
    key = "dlwidget/uploads/" + url.rstrip("/").rsplit("/", 1)[-1].replace("-", "")
    client = s3.client()
    assert client.head_object(Bucket=bucket, Key=key)["ContentLength"] == TOTAL
    client.delete_object(Bucket=bucket, Key=key)
    return elapsed


def run_put(s3: S3Server, bucket: str, source: Path) -> float:
    client = s3.client()
    started = time.perf_counter()
    with source.open("rb") as body:
        client.put_object(Bucket=bucket, Key="bench-put.bin", Body=body, ContentLength=TOTAL)
    elapsed = time.perf_counter() - started
    assert client.head_object(Bucket=bucket, Key="bench-put.bin")["ContentLength"] == TOTAL
    client.delete_object(Bucket=bucket, Key="bench-put.bin")
    return elapsed


def run_multipart(s3: S3Server, bucket: str, source: Path) -> float:
    """boto3's own multipart upload of the file, in parts of the store's size: the floor of
    what any path through S3 multipart uploads can do on this server."""
    from boto3.s3.transfer import TransferConfig

    client = s3.client()
    config = TransferConfig(multipart_threshold=PART, multipart_chunksize=PART)
    started = time.perf_counter()
    client.upload_file(str(source), bucket, "bench-multipart.bin", Config=config)
    elapsed = time.perf_counter() - started
    assert client.head_object(Bucket=bucket, Key="bench-multipart.bin")["ContentLength"] == TOTAL
    client.delete_object(Bucket=bucket, Key="bench-multipart.bin")
    return elapsed


def rate(seconds: float) -> float:
    return TOTAL / MIB / seconds


def main() -> int:
    block = os.urandom(CHUNK)
    tus_rates: list[float] = []
    put_rates: list[float] = []
    multipart_rates: list[float] = []
    growth_mib = 0.0
    with tempfile.TemporaryDirectory(prefix="dlw-bench-s3-") as workdir:
        source = Path(workdir) / "source.bin"
        with source.open("wb") as out:
            for offset in range(0, TOTAL, CHUNK):
                out.write(block[: min(CHUNK, TOTAL - offset)])
        s3 = S3Server(Path(workdir) / "moto")
        s3.start()
        bucket = s3.new_bucket()
        setting = s3.store_setting(bucket, part_size=PART)
        server = DemoServer(
            Path(workdir) / "site", extra_env={"DEMO_UPLOAD_STORE": json.dumps(setting)}
        )
        (Path(workdir) / "site").mkdir()
        try:
            server.start()
            pid = server.process.proc.pid if server.process.proc else 0
            session = login(server.url)
            run_tus(server, session, s3, bucket, block)  # warm-up: imports, DB, connections
            run_put(s3, bucket, source)
            for _ in range(RUNS):
                before = rss_kib(pid, "VmRSS")
                Path(f"/proc/{pid}/clear_refs").write_text("5")  # peak RSS := current
                tus_rates.append(rate(run_tus(server, session, s3, bucket, block)))
                growth_mib = max(growth_mib, (rss_kib(pid, "VmHWM") - before) / 1024)
                put_rates.append(rate(run_put(s3, bucket, source)))
                multipart_rates.append(rate(run_multipart(s3, bucket, source)))
        finally:
            server.stop()
            s3.stop()
    title = f"S3 store: {TOTAL // MIB} MiB in {CHUNK // MIB} MiB PATCHes, {PART // MIB} MiB parts"
    rates = {"tus PATCH via the S3 store": tus_rates, "boto3 put_object to S3": put_rates}
    others = {f"boto3 upload_file, {PART // MIB} MiB parts": multipart_rates}
    return report(title, rates, growth_mib, THROUGHPUT_TARGET, RSS_TARGET_MIB, others=others)


if __name__ == "__main__":
    sys.exit(main())
