"""The parts of tests/harness/stack.py: worker processes (ready when a line appears in their log),
one app server of the fleet, and the harness's PostgreSQL, Redis and S3 servers with the
``kill``/``restart`` a fault test needs (PostgreSQL on the same port and data)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

from .postgres import PostgresCluster
from .processes import LOOPBACK, OneProcess, ServerProcess, free_port, tail
from .s3 import ACCESS_KEY, REGION, SECRET_KEY

EXAMPLE = Path(__file__).resolve().parents[2] / "example"
PART_SIZE = 16 * 1024 * 1024  # as docs/deployment.md says
CHUNK_SIZE = 64 * 1024 * 1024  # the widget's bytes per PATCH: docs/deployment.md's value


class Worker:
    """A process with no port (``db_worker``, a Celery worker): ready when ``ready`` is in its
    log; stopped with SIGTERM (both finish the job they run), killed with SIGKILL."""

    def __init__(self, name: str, args: list[str], *, env: dict[str, str], log: Path, ready: str):
        self.name, self.args, self.env, self.log, self.ready = name, args, env, log, ready
        self.proc: subprocess.Popen[bytes] | None = None
        self._log_file: IO[bytes] | None = None

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc and self.proc.poll() is None else None

    def start(self, timeout: float = 60.0) -> None:
        start_at = self.log.stat().st_size if self.log.exists() else 0
        self._log_file = self.log.open("ab")
        self.proc = subprocess.Popen(
            self.args,
            env={**os.environ, **self.env},
            cwd=EXAMPLE,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                code = self.proc.returncode
                raise RuntimeError(f"{self.name} exited with {code}:\n{tail(self.log)}")
            with self.log.open("rb") as log:
                log.seek(start_at)
                if self.ready.encode() in log.read():
                    return
            time.sleep(0.1)
        raise TimeoutError(f"{self.name} not ready after {timeout}s:\n{tail(self.log)}")

    def _signal(self, sig: signal.Signals, wait: float) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            try:
                self.proc.wait(wait)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        if self._log_file:
            self._log_file.close()
            self._log_file = None

    def kill(self) -> None:
        """SIGKILL, as a crash would: the job it ran is left running until the stale sweep."""
        self._signal(signal.SIGKILL, 10)

    def stop(self) -> None:
        self._signal(signal.SIGTERM, 20)

    def restart(self) -> None:
        self.stop()
        self.start()


class StackPostgres(PostgresCluster):
    """The harness's throwaway cluster, with :meth:`kill` (immediate shutdown, as a crash) and
    :meth:`restart` on the same port and data; :meth:`stop` also removes its folder."""

    def __init__(self, logs: Path) -> None:
        super().__init__()
        self.logs = logs

    @property
    def log(self) -> Path:
        return self.workdir / "server.log"

    def _pg_ctl(self, *args: str) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), *args)

    def kill(self) -> None:
        if self.started:
            self._pg_ctl("-m", "immediate", "stop")
            self.started = False

    def restart(self) -> None:
        if self.started:
            self._pg_ctl("-m", "fast", "stop")
        options = (
            f"-c listen_addresses={LOOPBACK} -p {self.port} -k {self.workdir} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._pg_ctl("-l", str(self.log), "-o", options, "-w", "start")
        self.started = True

    def stop(self) -> None:
        """Stop, keep a copy of the server's log in the stack's logs, remove the cluster."""
        kept = self.logs / "postgres.log"
        with contextlib.suppress(OSError):
            kept.unlink(missing_ok=True)  # the link to the live log
            shutil.copyfile(self.log, kept)
        try:
            super().stop()
        except subprocess.CalledProcessError:  # already down (a Ctrl-C reached it too)
            self.started = False
            shutil.rmtree(self.workdir, ignore_errors=True)


class AppServer(OneProcess):
    """One uvicorn process of the demo, with a folder of its own (media, ``TMPDIR``): the
    fleet shares the database, Redis and S3, never a disk. Its log has uvicorn's access lines
    (written when a response starts)."""

    def __init__(self, name: str, workdir: Path, env: dict[str, str], log: Path) -> None:
        self.name = name
        self.workdir = workdir
        (workdir / "tmp").mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.address = f"{LOOPBACK}:{self.port}"
        self.url = f"http://{self.address}"
        self.env = {**env, "DEMO_MEDIA": str(workdir / "media"), "TMPDIR": str(workdir / "tmp")}
        self.log = log
        self.process = ServerProcess(
            [
                sys.executable, "-m", "uvicorn", "demo.asgi:application",
                "--host", LOOPBACK, "--port", str(self.port),
                "--log-level", "info", "--lifespan", "off", "--proxy-headers",
                "--ws-per-message-deflate", "false",  # as docs/deployment.md recommends
            ],
            env=self.env,
            cwd=EXAMPLE,
            log=self.log,
            port=self.port,
        )  # fmt: skip

    @property
    def pid(self) -> int | None:
        proc = self.process.proc
        return proc.pid if proc and proc.poll() is None else None

    def bytes_read(self) -> int:
        """What the process has read so far (sockets included: ``rchar`` of /proc/PID/io)."""
        pid = self.pid
        if pid is None:
            return 0
        try:
            fields = Path(f"/proc/{pid}/io").read_text().split()
        except OSError:
            return 0
        return int(fields[fields.index("rchar:") + 1])


def django_env(
    postgres_port: int,
    redis_port: int,
    s3_endpoint: str,
    exports_dir: Path,
    static_dir: Path,
    *,
    uploads_bucket: str,
    media_bucket: str,
) -> dict[str, str]:
    """The environment of every Django process of the stack (example/demo/settings.py reads it)."""
    redis = f"redis://{LOOPBACK}:{redis_port}"
    s3_options = {
        "endpoint_url": s3_endpoint,
        "region_name": REGION,
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
    }
    store = {
        "BACKEND": "django_dlwidget.tus.stores.S3Store",
        "OPTIONS": {
            "bucket_name": uploads_bucket,
            "location": "partial",
            "part_size": PART_SIZE,
            **s3_options,
        },
    }
    storages = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": media_bucket, **s3_options},
        },
        "exports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(exports_dir)},
        },
    }
    dlwidget = {"STORAGE": "exports", "SENDFILE": "nginx", "NGINX_PREFIX": "/protected/"}
    return {
        "DJANGO_SETTINGS_MODULE": "demo.settings",
        "DEMO_DEBUG": "0",
        "PYTHONUNBUFFERED": "1",
        "DEMO_PG_PORT": str(postgres_port),
        "DEMO_PG_NAME": "dlwidget",
        "DEMO_REDIS_URL": f"{redis}/0",
        "DEMO_CELERY_BROKER": f"{redis}/1",
        "DEMO_TASKS": "db",
        "DEMO_UPLOAD_STORE": json.dumps(store),
        "DEMO_UPLOAD_CHUNK_SIZE": str(CHUNK_SIZE),
        "DEMO_STORAGES": json.dumps(storages),
        "DEMO_DLWIDGET": json.dumps(dlwidget),
        "DEMO_STATIC_ROOT": str(static_dir),
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
    }
