"""The soak on the production stack: sockets and pollers through nginx while exports run.

``python -m tests.soak`` (``make soak``) runs it at full size, 1,000 sockets and 200 pollers for
60 s while 20 exports run, on a stack of its own, prints the figures (the app servers' memory
among them) and exits non-zero on any error; tests/soak/test_soak.py runs it shorter.

Users: a socket per user is capped (``WS_MAX_SOCKETS_PER_USER``, 20), so the load is spread over
``sockets / 20`` users, whose sessions are made in the database in one go (a thousand logins
through the form would measure the password hasher). Exports are started through nginx by the
demo's own view, queued in the database and run one after another by the stack's ``db_worker``,
so they run throughout the soak.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import resource
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.harness.sessions import start_export
from tests.harness.stack import Stack

from .load import WAIT, Load, Memory, Result, Socket, poller

SOCKETS_PER_USER = 20  # the default WS_MAX_SOCKETS_PER_USER
FULL = Load(sockets=1000, pollers=200, seconds=60, exports=20)
DRAIN = 120.0  # seconds after the load for the last exports' ready events

SESSIONS = """
import json
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
store = import_module(settings.SESSION_ENGINE).SessionStore
keys = []
for number in range({count}):
    user, _ = get_user_model().objects.get_or_create(username=f"soak{{number}}")
    session = store()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    keys.append(session.session_key)
print(json.dumps(keys))
"""

STATUS = """
from django_dlwidget.models import Download
download = Download.objects.get(key="{key}")
print(download.status, download.progress, download.error)
"""


def raise_open_files(wanted: int = 16384) -> int:
    """Raise the soft RLIMIT_NOFILE before the stack starts: its processes inherit it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def soak_stack(workdir: Path, load: Load) -> Stack:
    """The stack, not started, with the demo's slow export sized so that the exports, one after
    another, fill most of the run.

    PostgreSQL takes more than its default 100 connections: under ASGI each request in flight
    holds a connection of its own while its view runs, and on a loaded machine a few hundred
    polls are in flight at once (past the limit they are answered 503 ``database_unavailable``).
    """
    seconds = max(1.0, 0.6 * load.seconds / max(1, load.exports))
    stack = Stack(workdir, env={"DEMO_SLOW_SECONDS": f"{seconds:.1f}"})
    stack.postgres.max_connections = 100 + 2 * (load.pollers + load.exports)
    return stack


def sessions(stack: Stack, count: int) -> list[str]:
    """``count`` users (``soak<n>``), each with a fresh session; their session keys."""
    keys: list[str] = json.loads(stack.manage("shell", "-v0", "-c", SESSIONS.format(count=count)))
    return keys


async def _soak(stack: Stack, load: Load) -> Result:
    result = Result()
    began = time.monotonic()
    users = max(load.exports, math.ceil(load.sockets / SOCKETS_PER_USER), 1)
    keys = sessions(stack, users)
    result.phases["sessions"] = time.monotonic() - began
    cookies = [f"sessionid={key}" for key in keys]
    memory = Memory({app.name: app.pid for app in stack.apps})

    sockets = [Socket(n, cookies[n % users]) for n in range(load.sockets)]
    gate = asyncio.Semaphore(50)  # a herd, but not all at once

    async def open_one(socket: Socket) -> None:
        async with gate:
            try:
                await socket.open(stack.url)
            except Exception as exc:  # counted
                result.error(f"socket {socket.number} did not open: {type(exc).__name__}: {exc}")

    await asyncio.gather(*(open_one(s) for s in sockets))
    opened = [s for s in sockets if s.connection is not None]
    result.sockets_open = len(opened)
    closing = asyncio.Event()
    listeners = [asyncio.create_task(s.listen(result, closing)) for s in opened]

    start = time.monotonic()
    result.phases["sockets opened"] = start - began
    until = start + load.seconds
    pollers = [
        asyncio.create_task(poller(n, stack.url, cookies[n % users], result, until))
        for n in range(load.pollers)
    ]

    def start_one(number: int) -> str:
        csrf = secrets.token_hex(16)  # 32 characters: a CSRF secret, sent back as the header
        return start_export(stack.url, {"sessionid": keys[number], "csrftoken": csrf}, "slow")

    exports: dict[str, int] = {}  # key -> owner's number
    for number in range(load.exports):
        try:
            exports[await asyncio.to_thread(start_one, number)] = number
        except Exception as exc:  # counted
            result.error(f"export {number} did not start: {exc}")

    def all_ready() -> bool:
        return all(
            key in socket.ready
            for key, owner in exports.items()
            for socket in opened
            if socket.number % users == owner
        )

    while time.monotonic() < until or (not all_ready() and time.monotonic() < until + DRAIN):
        memory.sample()
        await asyncio.sleep(0.5)
    result.phases["load and drain"] = time.monotonic() - start
    await asyncio.gather(*pollers)
    for key, owner in exports.items():
        missing = [s.number for s in opened if s.number % users == owner and key not in s.ready]
        if missing:
            status = stack.manage("shell", "-v0", "-c", STATUS.format(key=key)).strip()
            result.error(f"export {key} ({status}): no ready event on sockets {missing[:10]}")
        else:
            result.ready += 1
    closing.set()
    for socket in opened:
        assert socket.connection is not None
        with contextlib.suppress(Exception):
            await asyncio.wait_for(socket.connection.close(), WAIT)
    await asyncio.gather(*listeners)
    result.phases["closed"] = time.monotonic() - began
    await asyncio.sleep(2)  # what the servers keep once the clients are gone
    result.rss_kib = memory.figures()
    return result


def run(stack: Stack, load: Load) -> Result:
    return asyncio.run(_soak(stack, load))


def report(load: Load, result: Result) -> str:
    lines = [
        f"soak: {load.sockets} sockets, {load.pollers} pollers, {load.seconds:.0f} s, "
        f"{load.exports} exports, through nginx to {len(result.rss_kib)} app servers",
        f"  sockets open to the end: {result.sockets_open}/{load.sockets}; events received: "
        f"{result.events} (version gaps: {result.gaps}); exports seen ready by all their "
        "owner's sockets: "
        f"{result.ready}/{load.exports}",
        "  polls: " + ", ".join(f"{n} x {s or 'failed'}" for s, n in sorted(result.polls.items())),
    ]
    for name, (start, peak, end) in result.rss_kib.items():
        lines.append(
            f"  {name} RSS: start {start / 1024:.0f} MiB, peak {peak / 1024:.0f} MiB, "
            f"end {end / 1024:.0f} MiB"
        )
    lines.append(
        "  seconds: " + ", ".join(f"{name} {value:.1f}" for name, value in result.phases.items())
    )
    lines.append(f"  errors: {len(result.errors)}")
    lines.extend(f"    {error}" for error in result.errors[:20])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.soak", description=__doc__)
    parser.add_argument("--sockets", type=int, default=FULL.sockets)
    parser.add_argument("--pollers", type=int, default=FULL.pollers)
    parser.add_argument("--seconds", type=float, default=FULL.seconds)
    parser.add_argument("--exports", type=int, default=FULL.exports)
    args: Any = parser.parse_args(argv)
    load = Load(args.sockets, args.pollers, args.seconds, args.exports)
    print(f"open files allowed: {raise_open_files()}", file=sys.stderr)
    workdir = Path(tempfile.mkdtemp(prefix="dlwidget-soak-"))
    with soak_stack(workdir, load) as stack:
        result = run(stack, load)
    print(report(load, result))
    if result.errors:
        print(f"the stack's logs are kept in {stack.logs}", file=sys.stderr)
        return 1
    shutil.rmtree(workdir, ignore_errors=True)
    return 0
