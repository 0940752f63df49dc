"""Polling: what a client watching an unchanged download list costs the server.

1. The conditional GET of an unchanged list (a 304) against a bare authenticated JSON view, both in
   one uvicorn process, over one keep-alive connection, in alternating rounds. Two ratios, each the
   median over the rounds: requests per second (target >= 1.0x) and server CPU per request, read
   from ``/proc/<pid>/stat`` (for information: the steadier of the two on a busy machine).
2. Many idle pollers (1,000 by default), each with its own user, session cookie and keep-alive
   connection, sending ``If-None-Match`` at the front end's default interval (5 s): the server's
   CPU-seconds per minute (for information).

Knobs: ``BENCH_POLL_REQUESTS`` per round (1000), ``BENCH_POLL_ROUNDS`` (9), ``BENCH_POLLERS``
(1000; 0 skips part 2), ``BENCH_POLL_SECONDS`` (40), ``BENCH_POLL_INTERVAL_MS`` (5000).
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.results import record  # noqa: E402
from tests.harness.processes import LOOPBACK, ServerProcess, free_port  # noqa: E402

BENCH = "polling"
REQUESTS = int(os.environ.get("BENCH_POLL_REQUESTS", "1000"))
ROUNDS = int(os.environ.get("BENCH_POLL_ROUNDS", "9"))
POLLERS = int(os.environ.get("BENCH_POLLERS", "1000"))
SECONDS = float(os.environ.get("BENCH_POLL_SECONDS", "40"))
INTERVAL = float(os.environ.get("BENCH_POLL_INTERVAL_MS", "5000")) / 1000  # POLL_INTERVAL
LIST = "/dlwidget/downloads/"
BARE = "/bare/"
TICKS = os.sysconf("SC_CLK_TCK")


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


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) the process has used, all its threads included."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def request_bytes(path: str, cookie: str, etag: str | None = None) -> bytes:
    head = f"GET {path} HTTP/1.1\r\nHost: {LOOPBACK}\r\nCookie: sessionid={cookie}\r\n"
    if etag:
        head += f"If-None-Match: {etag}\r\n"
    return (head + "\r\n").encode()


def parse_head(head: bytes) -> tuple[int, dict[str, str]]:
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(lines[0].split(" ", 2)[1]), headers


class Connection:
    """One keep-alive HTTP/1.1 connection, as little client work per request as possible."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection((LOOPBACK, port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def get(self, request: bytes) -> tuple[int, dict[str, str], bytes]:
        self.sock.sendall(request)
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        status, headers = parse_head(head)
        length = int(headers.get("content-length", "0"))
        while len(self.buffer) < length:
            self._fill()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return status, headers, body

    def _fill(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self.buffer += chunk


def measure(conn: Connection, pid: int, request: bytes, status: int) -> tuple[float, float]:
    """Requests per second and server CPU microseconds per request over one round."""
    cpu, start = server_cpu(pid), time.perf_counter()
    for _ in range(REQUESTS):
        got = conn.get(request)[0]
        if got != status:
            raise RuntimeError(f"expected {status}, got {got}")
    elapsed, used = time.perf_counter() - start, server_cpu(pid) - cpu
    return REQUESTS / elapsed, used / REQUESTS * 1e6


def unchanged_list_vs_bare(port: int, pid: int, cookie: str) -> bool:
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
    ok = record(BENCH, "unchanged list (304) vs bare JSON view, req/s", statistics.median(rates),
                at_least=1.0)  # fmt: skip
    record(BENCH, "unchanged list (304) vs bare JSON view, server CPU per request",
           statistics.median(cpus))  # fmt: skip
    return ok


async def poller(port: int, cookie: str, first: float, stop: float, counts: Counter[str]) -> None:
    """Fetch the list once, then poll it with its ETag every ``INTERVAL`` from ``first`` on."""
    loop = asyncio.get_running_loop()
    reader, writer = await asyncio.open_connection(LOOPBACK, port)
    etag: str | None = None
    at = first
    while True:
        try:
            writer.write(request_bytes(LIST, cookie, etag))
            status, headers = parse_head((await reader.readuntil(b"\r\n\r\n"))[:-4])
            await reader.readexactly(int(headers.get("content-length", "0")))
        except (ConnectionError, asyncio.IncompleteReadError):
            counts["reconnects"] += 1
            writer.close()
            reader, writer = await asyncio.open_connection(LOOPBACK, port)
            continue
        if etag is None:
            etag = headers["etag"]
        else:
            counts[str(status)] += 1
        if at >= stop:
            break
        await asyncio.sleep(max(0.0, at - loop.time()))
        at += INTERVAL
    writer.close()


async def idle_pollers(port: int, pid: int, cookies: list[str]) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    counts: Counter[str] = Counter()
    start = loop.time() + 5.0 + len(cookies) / 200  # every poller has its ETag by then
    stop = start + SECONDS
    tasks = [
        asyncio.create_task(poller(port, c, start + INTERVAL * i / len(cookies), stop, counts))
        for i, c in enumerate(cookies)
    ]
    await asyncio.sleep(max(0.0, start - loop.time()))
    cpu = server_cpu(pid)
    await asyncio.sleep(max(0.0, stop - loop.time()))
    used = server_cpu(pid) - cpu
    await asyncio.gather(*tasks)
    statuses = {name: n for name, n in counts.items() if name != "reconnects"}
    return {
        "cpu": used,
        "not_modified": counts["304"],
        "other": sum(statuses.values()) - counts["304"],
        "reconnects": counts["reconnects"],
        "statuses": statuses,
    }


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="dlwidget-bench-"))
    print(f"polling: setting up {POLLERS} users with sessions ...")
    main_cookie, cookies = setup_database(workdir, POLLERS)
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_DB": str(workdir / "db.sqlite3"),
        "BENCH_MEDIA": str(workdir / "media"),
        "PYTHONPATH": str(ROOT),
    }
    port = free_port()
    server = ServerProcess(
        [sys.executable, "-m", "uvicorn", "bench.asgi:application", "--host", LOOPBACK,
         "--port", str(port), "--log-level", "warning", "--no-access-log",
         "--lifespan", "off", "--timeout-keep-alive", "75", "--backlog", "4096"],
        env=env, cwd=ROOT, log=workdir / "server.log", port=port,
    )  # fmt: skip
    server.start()
    try:
        assert server.proc is not None
        pid = server.proc.pid
        print(f"polling: {ROUNDS} rounds of {REQUESTS} requests each, alternating")
        ok = unchanged_list_vs_bare(port, pid, main_cookie)
        if not POLLERS:
            return 0 if ok else 1
        print(f"polling: {POLLERS} idle pollers every {INTERVAL:g} s for {SECONDS:g} s ...")
        idle = asyncio.run(idle_pollers(port, pid, cookies))
    finally:
        server.stop()
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
        return 1
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
