"""Polling: what a client watching an unchanged download list costs the server.

1. The conditional GET of an unchanged list (a 304) against a bare authenticated JSON view, both in
   one uvicorn process, over one keep-alive connection, in alternating rounds. Two ratios, each the
   median over the rounds: requests per second (target >= 1.0x) and server CPU per request, read
   from ``/proc/<pid>/stat`` (for information: the steadier of the two on a busy machine).
2. Many idle pollers (1,000 by default), each with its own user, session cookie and keep-alive
   connection, sending ``If-None-Match`` at the front end's default interval (5 s): the server's
   CPU-seconds per minute (for information).

3. Part 1 again with the versions in Redis (what the ``CACHE`` check asks a deployment for), when
   ``redis-server`` is installed: both ratios, for information.

Knobs: ``BENCH_POLL_REQUESTS`` per round (1000), ``BENCH_POLL_ROUNDS`` (9), ``BENCH_POLLERS``
(1000; 0 skips part 2), ``BENCH_POLL_SECONDS`` (40), ``BENCH_POLL_INTERVAL_MS`` (5000),
``BENCH_POLL_REDIS`` (0 skips part 3).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.polling_client import LIST, Connection, idle_pollers, request_bytes, server_cpu  # noqa: E402
from bench.results import record  # noqa: E402
from tests.harness.processes import LOOPBACK, ServerProcess, free_port  # noqa: E402
from tests.harness.redis import RedisServer  # noqa: E402

BENCH = "polling"
REQUESTS = int(os.environ.get("BENCH_POLL_REQUESTS", "1000"))
ROUNDS = int(os.environ.get("BENCH_POLL_ROUNDS", "9"))
POLLERS = int(os.environ.get("BENCH_POLLERS", "1000"))
SECONDS = float(os.environ.get("BENCH_POLL_SECONDS", "40"))
INTERVAL = float(os.environ.get("BENCH_POLL_INTERVAL_MS", "5000")) / 1000  # POLL_INTERVAL
REDIS = os.environ.get("BENCH_POLL_REDIS", "1")
BARE = "/bare/"


def login_session(user: Any) -> str:
    """A saved session logged in as ``user`` (what ``auth.login`` stores); its cookie value."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return str(session.session_key)


def setup_database(workdir: Path, pollers: int) -> tuple[str, list[str]]:
    """The user of part 1 (20 downloads) and ``pollers`` users with two finished downloads each;
    their session cookies."""
    from bench.setup import setup_django

    user = setup_django(workdir)
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.db import transaction

    from django_dlwidget import init_download
    from django_dlwidget.models import Download, DownloadStatus

    for i in range(20):
        init_download(user, f"report-{i}.csv")
    with transaction.atomic():  # one commit, not one per row
        password = make_password("bench")
        users = User.objects.bulk_create(
            User(username=f"poller-{i}", password=password) for i in range(pollers)
        )
        Download.objects.bulk_create(
            Download(owner=owner, name=f"{name}.csv", filename=f"{name}.csv", file=f"{name}.csv",
                     status=DownloadStatus.READY, progress=100, size=100)
            for owner in users for name in ("january", "february")
        )  # fmt: skip
        cookies = [login_session(owner) for owner in users]
        main = login_session(user)
    return main, cookies


def measure(conn: Connection, pid: int, request: bytes, status: int) -> tuple[float, float]:
    """Requests per second and server CPU microseconds per request over one round."""
    cpu, start = server_cpu(pid), time.perf_counter()
    for _ in range(REQUESTS):
        got = conn.get(request)[0]
        if got != status:
            raise RuntimeError(f"expected {status}, got {got}")
    elapsed, used = time.perf_counter() - start, server_cpu(pid) - cpu
    return REQUESTS / elapsed, used / REQUESTS * 1e6


def unchanged_list_vs_bare(port: int, pid: int, cookie: str, where: str, target: bool) -> bool:
    """The alternating rounds; their median ratios recorded (req/s against the target if
    ``target``)."""
    conn = Connection(port)
    status, headers, _ = conn.get(request_bytes(LIST, cookie))
    if status != 200 or not headers.get("etag"):
        raise RuntimeError(f"the list answered {status} without an ETag")
    poll = request_bytes(LIST, cookie, headers["etag"])
    bare = request_bytes(BARE, cookie)
    measure(conn, pid, bare, 200)  # warm-up
    measure(conn, pid, poll, 304)
    rates, cpus = [], []
    for round_ in range(ROUNDS):  # alternate which goes first
        first, second = (bare, poll) if round_ % 2 == 0 else (poll, bare)
        a = measure(conn, pid, first, 200 if first is bare else 304)
        b = measure(conn, pid, second, 200 if second is bare else 304)
        (bare_rate, bare_cpu), (poll_rate, poll_cpu) = (a, b) if first is bare else (b, a)
        rates.append(poll_rate / bare_rate)
        cpus.append(bare_cpu / poll_cpu)
        print(
            f"  round {round_ + 1}: 304 {poll_rate:.0f} req/s {poll_cpu:.0f} us CPU, "
            f"bare {bare_rate:.0f} req/s {bare_cpu:.0f} us CPU"
        )
    conn.sock.close()
    ok = record(BENCH, f"unchanged list (304) vs bare JSON view, req/s{where}",
                statistics.median(rates), at_least=1.0 if target else None)  # fmt: skip
    record(BENCH, f"unchanged list (304) vs bare JSON view, server CPU per request{where}",
           statistics.median(cpus))  # fmt: skip
    return ok


def start_server(workdir: Path, name: str, **extra: str) -> tuple[ServerProcess, int, int]:
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_DB": str(workdir / "db.sqlite3"),
        "BENCH_MEDIA": str(workdir / "media"),
        "PYTHONPATH": str(ROOT),
        **extra,
    }
    port = free_port()
    server = ServerProcess(
        [sys.executable, "-m", "uvicorn", "bench.asgi:application", "--host", LOOPBACK,
         "--port", str(port), "--log-level", "warning", "--no-access-log",
         "--lifespan", "off", "--timeout-keep-alive", "75", "--backlog", "4096"],
        env=env, cwd=ROOT, log=workdir / f"{name}.log", port=port,
    )  # fmt: skip
    server.start()
    assert server.proc is not None
    return server, port, server.proc.pid


def with_redis(workdir: Path, cookie: str) -> None:
    """Part 1 again with the versions in Redis, as a deployment keeps them (for information)."""
    if REDIS == "0":
        return
    if not shutil.which("redis-server"):
        print("polling: no redis-server; the rounds with the versions in Redis are skipped")
        return
    redis = RedisServer(workdir)
    redis.start()
    try:
        server, port, pid = start_server(workdir, "server-redis", BENCH_CACHE_URL=redis.url)
        try:
            print("polling: the same with the versions in Redis")
            unchanged_list_vs_bare(port, pid, cookie, ", versions in Redis", target=False)
        finally:
            server.stop()
    finally:
        redis.stop()


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="dlwidget-bench-") as workdir:
        return run(Path(workdir))


def run(workdir: Path) -> int:
    """Part 1 and its figures, part 2 and its figures, then part 3 (its own server)."""
    print(f"polling: setting up {POLLERS} users with sessions ...")
    main_cookie, cookies = setup_database(workdir, POLLERS)
    server, port, pid = start_server(workdir, "server")
    try:
        print(f"polling: {ROUNDS} rounds of {REQUESTS} requests each, alternating")
        ok = unchanged_list_vs_bare(port, pid, main_cookie, "", target=True)
        idle = None
        if POLLERS:
            print(f"polling: {POLLERS} idle pollers every {INTERVAL:g} s for {SECONDS:g} s ...")
            idle = asyncio.run(idle_pollers(port, pid, cookies, INTERVAL, SECONDS))
    finally:
        server.stop()
    if idle is not None:
        ok &= report_idle(idle)
    with_redis(workdir, main_cookie)
    return 0 if ok else 1


def report_idle(idle: dict[str, Any]) -> bool:
    """The idle pollers' answers and figures; False when some answer was not a 304."""
    print(
        f"  {idle['not_modified']:.0f} answers 304, {idle['other']:.0f} other, "
        f"{idle['reconnects']:.0f} reconnects"
    )
    record(BENCH, f"{POLLERS} idle pollers every {INTERVAL:g} s, server CPU",
           idle["cpu"] / SECONDS * 60, unit="CPU-s/min")  # fmt: skip
    answered = idle["not_modified"] + idle["other"]
    if answered:  # the requests of the window, a few just after it included
        record(BENCH, "server CPU per idle poll", idle["cpu"] / answered * 1000, unit="ms")
    if idle["other"]:
        print(f"polling: idle pollers got other answers than 304: {idle['statuses']}",
              file=sys.stderr)  # fmt: skip
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
