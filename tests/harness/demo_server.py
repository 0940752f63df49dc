"""The example site under uvicorn in a subprocess, on a file database of its own."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

from .postgres import create_database
from .processes import LOOPBACK, ServerProcess, free_port

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "example"
USERNAME = "demo"
PASSWORD = "demo-password"


def manage_py(env: dict[str, str], *args: str) -> str:
    """The example site's ``manage.py`` with ``env`` on top of ours; its output (a failure
    raises, with the command's output)."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=EXAMPLE,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


class DemoServer:
    """One demo site: ``migrate`` + demo user once, then one or more uvicorn processes."""

    def __init__(
        self,
        workdir: Path,
        *,
        extra_env: dict[str, str] | None = None,
        postgres_port: int | None = None,
    ) -> None:
        """``postgres_port``: on a fresh database of that PostgreSQL cluster, not SQLite."""
        self.workdir = workdir
        self.postgres_port = postgres_port
        self.pg_database = f"demo_{uuid.uuid4().hex[:12]}"
        pg_env = (
            {}
            if postgres_port is None
            else {"DEMO_PG_PORT": str(postgres_port), "DEMO_PG_NAME": self.pg_database}
        )
        self.env = {
            "DJANGO_SETTINGS_MODULE": "demo.settings",
            "DEMO_DB": str(workdir / "db.sqlite3"),
            "DEMO_MEDIA": str(workdir / "media"),
            "DEMO_DEBUG": "0",
            "PYTHONUNBUFFERED": "1",
            # Small, quick exports so browser tests run them in seconds.
            "DEMO_QUICK_ROWS": "500",
            "DEMO_SLOW_SECONDS": "6",
            "DEMO_LARGE_MB": "8",
            **pg_env,
            **(extra_env or {}),
        }
        self.port = free_port()
        self.url = f"http://{LOOPBACK}:{self.port}"
        self.process = ServerProcess(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "demo.asgi:application",
                "--host",
                LOOPBACK,
                "--port",
                str(self.port),
                "--log-level",
                "warning",
                "--no-access-log",
                "--lifespan",
                "off",
                # As docs/deployment.md recommends: the events are small, and compressing each
                # one for each socket costs more than it saves.
                "--ws-per-message-deflate",
                "false",
            ],
            env=self.env,
            cwd=EXAMPLE,
            log=workdir / "server.log",
            port=self.port,
        )

    def manage(self, *args: str) -> str:
        return manage_py(self.env, *args)

    def start(self) -> None:
        if self.postgres_port is not None:
            create_database(self.postgres_port, self.pg_database)
        self.manage("migrate", "--noinput", "-v0")
        self.manage("demo_setup", "--username", USERNAME, "--password", PASSWORD)
        self.process.start()

    def stop(self) -> None:
        self.process.stop()

    def start_job_worker(self, *args: str) -> subprocess.Popen[str]:
        """A worker process (the demo's ``demo_job`` command) on this site's database and layer."""
        return subprocess.Popen(
            [sys.executable, "manage.py", "demo_job", *args],
            cwd=EXAMPLE,
            env={**os.environ, **self.env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def create_user(self, username: str, password: str = PASSWORD) -> str:
        """A fresh staff user (each browser test gets its own, so their downloads never mix)."""
        self.manage("demo_setup", "--username", username, "--password", password)
        return username


def login(page: Page, server: DemoServer, username: str = USERNAME) -> None:
    """Log the browser page in through the real login form."""
    page.goto(f"{server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server.url}/")
