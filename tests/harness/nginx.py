"""A throwaway nginx (Debian's package) on a free loopback port, in front of a demo site, with
the settings docs/deployment.md gives: X-Accel ``internal`` locations, unbuffered uploads and
the WebSocket upgrade. Everything it writes (pid, logs, temporary files) stays in its folder."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from .processes import LOOPBACK, ServerProcess, free_port

MIME_TYPES = Path("/etc/nginx/mime.types")


def nginx_executable() -> str:
    executable = shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None
    )
    if executable is None:
        raise RuntimeError("nginx is not installed: `make test` installs it")
    return executable


def config(workdir: Path, port: int, upstream: str, internal: Mapping[str, Path]) -> str:
    """The whole ``nginx.conf``: ``internal`` maps an X-Accel location to the folder it serves."""
    accel = "".join(
        f"""
        location {location} {{
            internal;
            alias {folder.resolve()}/;
            add_header X-Content-Type-Options nosniff always;
        }}
"""
        for location, folder in internal.items()
    )
    mime = f"include {MIME_TYPES};" if MIME_TYPES.exists() else ""
    temp = "".join(
        f"    {kind}_temp_path {workdir / 'temp' / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""{user}
daemon off;
worker_processes 1;
pid {workdir / "nginx.pid"};
error_log {workdir / "error.log"} warn;
events {{ worker_connections 64; }}

http {{
    {mime}
    default_type application/octet-stream;
    access_log {workdir / "access.log"};
{temp}
    upstream demo {{ server {upstream}; }}

    server {{
        listen {LOOPBACK}:{port};
        client_max_body_size 64m;

        location /dlwidget/uploads/ {{
            proxy_pass http://demo;
            proxy_request_buffering off;
            proxy_buffering off;
            proxy_read_timeout 300s;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}

        location /ws/dlwidget/ {{
            proxy_pass http://demo;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_set_header Host $host;
            proxy_read_timeout 1h;
        }}
{accel}
        location / {{
            proxy_pass http://demo;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


class NginxServer:
    """nginx in the foreground (``daemon off``), proxying to ``upstream`` (``host:port``)."""

    def __init__(self, workdir: Path, upstream: str, internal: Mapping[str, Path]) -> None:
        self.port = free_port()
        self.url = f"http://{LOOPBACK}:{self.port}"
        workdir.mkdir(parents=True, exist_ok=True)
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (workdir / "temp" / kind).mkdir(parents=True, exist_ok=True)
        conf = workdir / "nginx.conf"
        conf.write_text(config(workdir, self.port, upstream, internal))
        self.error_log = workdir / "error.log"
        self.process = ServerProcess(
            # -e: the error log before the config is read (else the package's /var/log/nginx).
            [nginx_executable(), "-p", str(workdir), "-c", str(conf), "-e", str(self.error_log)],
            env={},
            cwd=workdir,
            log=workdir / "nginx.log",
            port=self.port,
        )

    def start(self) -> None:
        self.process.start()

    def stop(self) -> None:
        self.process.stop()
