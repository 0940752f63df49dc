"""Real server processes for the integration tests: free loopback ports, start, wait, stop."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Protocol, TypeVar

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, proc: subprocess.Popen[bytes], timeout: float, log: Path) -> None:
    """Block until ``port`` accepts connections; fail with the process log if it dies first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"process exited with {proc.returncode} before listening:\n{tail(log)}"
            )
        with contextlib.suppress(OSError), socket.create_connection((LOOPBACK, port), 0.2):
            return
        time.sleep(0.05)
    raise TimeoutError(f"port {port} not open after {timeout}s:\n{tail(log)}")


def tail(log: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


class Startable(Protocol):
    def start(self) -> None: ...
    def stop(self) -> None: ...


S = TypeVar("S", bound=Startable)


@contextlib.contextmanager
def running(server: S) -> Iterator[S]:
    """``server`` started for the ``with`` block and stopped after it, whatever happens."""
    server.start()
    try:
        yield server
    finally:
        server.stop()


class OneProcess:
    """A part of the harness that is one :class:`ServerProcess`: start, stop, kill (SIGKILL,
    as a crash would) and restart (stop, then start again on the same port)."""

    process: ServerProcess
    start_timeout: float = 30.0

    def start(self) -> None:
        self.process.start(timeout=self.start_timeout)

    def stop(self) -> None:
        self.process.stop()

    def kill(self) -> None:
        self.process.kill()

    def restart(self) -> None:
        self.stop()
        self.start()


class ServerProcess:
    """A subprocess with its output in a log file, stopped with SIGTERM then SIGKILL."""

    def __init__(
        self, args: list[str], *, env: dict[str, str], cwd: Path, log: Path, port: int
    ) -> None:
        self.args, self.env, self.cwd, self.log, self.port = args, env, cwd, log, port
        self.proc: subprocess.Popen[bytes] | None = None
        self._log_file: IO[bytes] | None = None

    def start(self, timeout: float = 30.0) -> None:
        self._log_file = self.log.open("ab")
        self.proc = subprocess.Popen(
            self.args,
            env={**os.environ, **self.env},
            cwd=self.cwd,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for_port(self.port, self.proc, timeout, self.log)

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        if self._log_file:
            self._log_file.close()
            self._log_file = None
