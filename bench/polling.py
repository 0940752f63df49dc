"""Polling: requests/s of an unchanged download list (304) vs a bare JSON view.

Both run in the same uvicorn process and the same run, over one keep-alive connection, in
alternating rounds; the best round of each counts. Target: the 304 at >= 0.8x the bare view.
"""

from __future__ import annotations

import http.client
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.harness.processes import LOOPBACK, ServerProcess, free_port  # noqa: E402

REQUESTS_PER_ROUND = 600
ROUNDS = 3
TARGET = 0.8


def setup_database(env: dict[str, str]) -> str:
    """Migrate, create a user with a few downloads, and return a session cookie."""
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    from django_dlwidget import init_download

    call_command("migrate", verbosity=0)
    user = User.objects.create_user("bench", password="bench")
    for i in range(20):
        init_download(user, f"report-{i}.csv")
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def rate(
    conn: http.client.HTTPConnection, path: str, headers: dict[str, str], status: int
) -> float:
    start = time.perf_counter()
    for _ in range(REQUESTS_PER_ROUND):
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        if response.status != status:
            raise RuntimeError(f"{path}: expected {status}, got {response.status}")
    return REQUESTS_PER_ROUND / (time.perf_counter() - start)


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="dlwidget-bench-"))
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_DB": str(workdir / "db.sqlite3"),
        "BENCH_MEDIA": str(workdir / "media"),
        "PYTHONPATH": str(ROOT),
    }
    cookie = setup_database(env)
    port = free_port()
    server = ServerProcess(
        [sys.executable, "-m", "uvicorn", "bench.asgi:application", "--host", LOOPBACK,
         "--port", str(port), "--log-level", "warning", "--no-access-log"],
        env=env, cwd=ROOT, log=workdir / "server.log", port=port,
    )  # fmt: skip
    server.start()
    try:
        conn = http.client.HTTPConnection(LOOPBACK, port, timeout=10)
        headers = {"Cookie": cookie}
        conn.request("GET", "/dlwidget/downloads/", headers=headers)
        first = conn.getresponse()
        first.read()
        etag = first.getheader("ETag") or ""
        poll_headers = {**headers, "If-None-Match": etag}
        rate(conn, "/bare/", headers, 200)  # warm-up
        rate(conn, "/dlwidget/downloads/", poll_headers, 304)
        bare, poll = 0.0, 0.0
        for _ in range(ROUNDS):
            bare = max(bare, rate(conn, "/bare/", headers, 200))
            poll = max(poll, rate(conn, "/dlwidget/downloads/", poll_headers, 304))
        conn.close()
    finally:
        server.stop()
    ratio = poll / bare
    verdict = "ok" if ratio >= TARGET else "BELOW TARGET"
    print(
        f"polling: 304 list {poll:.0f} req/s, bare JSON view {bare:.0f} req/s, "
        f"ratio {ratio:.2f}x (target >= {TARGET}x): {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
