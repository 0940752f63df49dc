"""A throwaway ``redis-server`` on a free loopback port (Debian's package), restartable."""

from __future__ import annotations

import shutil
from pathlib import Path

from .processes import LOOPBACK, OneProcess, ServerProcess, free_port


class RedisServer(OneProcess):
    def __init__(self, workdir: Path) -> None:
        executable = shutil.which("redis-server")
        if executable is None:
            raise RuntimeError("redis-server is not installed: `make test` installs it")
        self.port = free_port()
        self.url = f"redis://{LOOPBACK}:{self.port}/0"
        workdir.mkdir(parents=True, exist_ok=True)
        self.process = ServerProcess(
            [
                executable,
                "--bind",
                LOOPBACK,
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(workdir),
            ],
            env={},
            cwd=workdir,
            log=workdir / "redis.log",
            port=self.port,
        )
