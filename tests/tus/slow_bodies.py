"""The slow-body attack against a live server on PostgreSQL, shared by the short test in
``make test-postgres`` and the long run of ``make abuse``.

One user opens many PATCHes that send a byte every ``interval`` seconds (reopening each as soon
as the server ends it) while another user keeps using the site. What is measured: the other
user's failures, how the slow PATCHes ended (status), and the peak number of the server's
database connections (``pg_stat_activity``) and threads (``/proc``).
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.harness.demo_server import DemoServer
from tests.harness.processes import LOOPBACK

from .live import Session, create, open_patch, request

BODY = 10_000  # each slow PATCH declares this much and never gets there


@dataclass
class Figures:
    other_ok: int = 0
    other_failed: list[str] = field(default_factory=list)
    slow_statuses: Counter[str] = field(default_factory=Counter)
    peak_connections: int = 0
    peak_held_connections: int = 0
    peak_threads: int = 0
    max_connections: int = 0
    sampler_refused: int = 0  # samples PostgreSQL refused: no connection left


def connections(server: DemoServer) -> tuple[int, int]:
    """The server's connections to its database: all, and those idle for over a second (held
    by a thread that waits for something else: no request of the demo takes that long)."""
    import psycopg

    assert server.postgres_port is not None
    with psycopg.connect(
        host=LOOPBACK, port=server.postgres_port, user="postgres", dbname="postgres",
        autocommit=True,
    ) as conn:  # fmt: skip
        row = conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE state = 'idle' "
            "AND state_change < now() - interval '1 second') "
            "FROM pg_stat_activity WHERE datname = %s",
            (server.pg_database,),
        ).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def max_connections(server: DemoServer) -> int:
    import psycopg

    assert server.postgres_port is not None
    with psycopg.connect(
        host=LOOPBACK, port=server.postgres_port, user="postgres", dbname="postgres"
    ) as conn:
        row = conn.execute("SHOW max_connections").fetchone()
    return int(row[0]) if row else 0


def threads_of(server: DemoServer) -> int:
    proc = server.process.proc
    assert proc is not None
    return len(os.listdir(Path("/proc") / str(proc.pid) / "task"))


def _slow_patch(
    session: Session, url: str, offset: int, interval: float, stop: threading.Event
) -> tuple[str, int]:
    """One PATCH sending a byte every ``interval`` s: its status, and the offset to go on from."""
    try:
        sock = open_patch(session, url, offset, BODY - offset)
    except OSError as exc:
        return f"connect: {type(exc).__name__}", offset
    try:
        sock.settimeout(interval)
        while not stop.is_set():
            try:
                data = sock.recv(4096)
            except TimeoutError:
                data = None
            if data is not None:
                if not data:
                    return "closed", offset
                found = re.search(rb"(?i)\r\nupload-offset: *(\d+)", data)
                return data.split(b" ", 2)[1].decode(), int(found[1]) if found else offset
            sock.sendall(b"x")
        return "unfinished", offset
    except OSError as exc:
        return type(exc).__name__, offset
    finally:
        sock.close()


def attack(
    server: DemoServer,
    attacker: Session,
    other: Session,
    *,
    slow: int,
    seconds: float,
    interval: float,
) -> Figures:
    figures = Figures(max_connections=max_connections(server))
    urls = [create(attacker, BODY) for _ in range(slow)]
    stop = threading.Event()
    lock = threading.Lock()

    def slow_client(url: str) -> None:
        offset = 0
        while not stop.is_set():
            status, offset = _slow_patch(attacker, url, offset, interval, stop)
            with lock:
                figures.slow_statuses[status] += 1
            if status == "429":
                stop.wait(1.0)  # what a tus client does with Retry-After, only sooner

    def other_user() -> None:
        while not stop.is_set():
            steps: tuple[tuple[str, Callable[[], bool | str]], ...] = (
                ("list", lambda: _get(other, "/dlwidget/downloads/")),
                ("page", lambda: _get(other, "/")),
                ("upload", lambda: _small_upload(other)),
            )
            for name, do in steps:
                try:
                    ok = do()
                except (OSError, AssertionError) as exc:  # no connection; a refused creation
                    ok = f"{type(exc).__name__}: {exc}"
                with lock:
                    if ok is True:
                        figures.other_ok += 1
                    else:
                        figures.other_failed.append(f"{name}: {ok}")
            stop.wait(0.2)

    def sampler() -> None:
        import psycopg

        while not stop.is_set():
            try:
                total, held = connections(server)
            except psycopg.OperationalError:  # the server took every connection
                figures.sampler_refused += 1
                total, held = figures.max_connections, 0
            figures.peak_connections = max(figures.peak_connections, total)
            figures.peak_held_connections = max(figures.peak_held_connections, held)
            figures.peak_threads = max(figures.peak_threads, threads_of(server))
            stop.wait(0.25)

    workers = [threading.Thread(target=slow_client, args=(url,)) for url in urls]
    workers += [threading.Thread(target=other_user), threading.Thread(target=sampler)]
    for worker in workers:
        worker.start()
    time.sleep(seconds)
    stop.set()
    for worker in workers:
        worker.join(timeout=interval + 30)
    return figures


def _get(session: Session, path: str) -> bool | str:
    response = requests.get(
        session.server_url + path, headers={"Cookie": session.cookie}, timeout=30
    )
    return True if response.status_code == 200 else str(response.status_code)


def _small_upload(session: Session) -> bool | str:
    url = create(session, 1000)
    response = request(
        session,
        "PATCH",
        url,
        b"y" * 1000,
        {"Tus-Resumable": "1.0.0", "Content-Type": "application/offset+octet-stream",
         "Upload-Offset": "0"},
    )  # fmt: skip
    return True if response.status == 204 else str(response.status)
