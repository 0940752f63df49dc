"""Brings up the production stack of docs/deployment.md for a person (`make stack`): nginx in
front of two uvicorn app servers, a db_worker and a Celery worker, Redis, PostgreSQL and moto's S3
server, all on loopback (tests/harness/stack.py). Prints the URL, the login and the logs folder,
runs until Ctrl-C, then stops everything (the folder, with its logs, stays).

    python tools/stack.py              # nginx on a free port
    python tools/stack.py --port 8080
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "example")]

from tests.harness.demo_server import PASSWORD, USERNAME  # noqa: E402
from tests.harness.stack import Stack  # noqa: E402

#: The demo's own sizes, not the tests' quick ones.
DEMO_SIZES = {"DEMO_QUICK_ROWS": "2000", "DEMO_SLOW_SECONDS": "20", "DEMO_LARGE_MB": "300"}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=None, help="nginx's port (default: free)")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="dlwidget-stack-"))
    stack = Stack(workdir, env=DEMO_SIZES, port=args.port)
    print("Starting PostgreSQL, Redis, S3, two app servers, two workers and nginx...", flush=True)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    # Ctrl-C, even when started in the background (where SIGINT starts out ignored).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with stack:
        servers = "".join(
            f"  {app.name}: {app.url} (pid {app.pid}, log {app.log.name})\n" for app in stack.apps
        )
        print(
            f"\nThe demo, through nginx: {stack.url}/\n"
            f"Log in as {USERNAME} / {PASSWORD} (admin at {stack.url}/admin/)\n"
            f"Logs: {stack.logs}\n"
            f"App servers behind nginx:\n{servers}"
            "Ctrl-C stops everything.",
            flush=True,
        )
        with contextlib.suppress(KeyboardInterrupt):
            stopped.wait()
        print("\nStopping...", flush=True)
    print(f"Stopped. The logs stay in {stack.logs}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
