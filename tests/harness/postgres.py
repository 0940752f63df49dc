"""A throwaway PostgreSQL cluster on a free loopback port (Debian's server binaries).

``python -m tests.harness.postgres CMD...`` (what ``tools/with-postgres.sh`` runs) starts a cluster
in a temporary folder, creates the ``dlwidget`` database, runs CMD with ``DLW_TEST_PG_PORT`` set,
and always stops the cluster and removes the folder. ``initdb`` refuses to run as root, so as root
the server runs as the ``postgres`` user, in a folder that user owns.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .processes import LOOPBACK, free_port

DATABASE = "dlwidget"
SUPERUSER = "postgres"


def server_bin() -> Path:
    """The newest installed ``/usr/lib/postgresql/<version>/bin``."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if not found:
        raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql")
    return Path(found[-1]).parent


class PostgresCluster:
    def __init__(self) -> None:
        self.bin = server_bin()
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        self.workdir = Path(tempfile.mkdtemp(prefix="dlwidget-pg-"))
        self.data = self.workdir / "data"
        self.started = False
        self.max_connections = 100  # PostgreSQL's default; a soak's many requests need more

    def _run(self, *args: str) -> None:
        command = list(args)
        if self.as_root:
            command = ["runuser", "-u", SUPERUSER, "--", *command]
        subprocess.run(command, check=True, capture_output=True, cwd=self.workdir)

    def start(self) -> None:
        if self.as_root:
            user = pwd.getpwnam(SUPERUSER)
            os.chown(self.workdir, user.pw_uid, user.pw_gid)
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--no-sync",
        )
        self.resume()
        self._run(
            str(self.bin / "createdb"), "-h", LOOPBACK, "-p", str(self.port), "-U", SUPERUSER,
            DATABASE,
        )  # fmt: skip

    def resume(self) -> None:
        """Start the server on the cluster's port and data folder (again, after ``pause``)."""
        options = (
            f"-c listen_addresses={LOOPBACK} -p {self.port} -k {self.workdir} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            f"-c max_connections={self.max_connections}"
        )
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.workdir / "server.log"),
            "-o",
            options,
            "-w",
            "start",
        )
        self.started = True

    def pause(self) -> None:
        """Stop the server (``-m fast``: open connections are cut), keeping its data."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        self.started = False

    def stop(self) -> None:
        try:
            if self.started:
                self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")
                self.started = False
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> PostgresCluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def create_database(port: int, name: str) -> None:
    """A fresh, empty database ``name`` on the cluster at ``port`` (e.g. one per live server)."""
    import psycopg  # only where PostgreSQL tests run

    if not name.isidentifier():
        raise ValueError(f"not a plain database name: {name!r}")
    with psycopg.connect(
        host=LOOPBACK, port=port, user=SUPERUSER, dbname=DATABASE, autocommit=True
    ) as conn:
        conn.execute(f'CREATE DATABASE "{name}"'.encode())


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m tests.harness.postgres COMMAND [ARGS...]", file=sys.stderr)
        return 2
    with PostgresCluster() as cluster:
        env = {**os.environ, "DLW_TEST_PG_PORT": str(cluster.port)}
        print(f"PostgreSQL on {LOOPBACK}:{cluster.port}, database {DATABASE!r}", file=sys.stderr)
        try:
            return subprocess.call(argv, env=env)
        except KeyboardInterrupt:
            return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
