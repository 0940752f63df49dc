"""A throwaway nginx (Debian's package) on a free loopback port, in front of one or more app
servers, with the settings docs/deployment.md gives: X-Accel ``internal`` locations, unbuffered
uploads and the WebSocket upgrade. Everything it writes (pid, logs, temporary files) stays in its
folder. Its access log has one JSON object per request, with what the upstream answered
(``upstream``, ``accel``: its ``X-Accel-Redirect``, ``upstream_bytes``) and what nginx sent."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .processes import LOOPBACK, OneProcess, ServerProcess, free_port

MIME_TYPES = Path("/etc/nginx/mime.types")
TEMP_KINDS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
LOG_FORMAT = (
    '{"request":"$request","status":"$status","bytes":"$body_bytes_sent",'
    '"range":"$http_range","upstream":"$upstream_addr","upstream_status":"$upstream_status",'
    '"accel":"$upstream_http_x_accel_redirect","upstream_bytes":"$upstream_response_length"}'
)


def nginx_executable() -> str:
    executable = shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None
    )
    if executable is None:
        raise RuntimeError("nginx is not installed: `make test` installs it")
    return executable


def config(
    workdir: Path,
    port: int,
    upstream: str | Sequence[str],
    internal: Mapping[str, Path],
    *,
    static: Path | None = None,
    host: str = "$host",
) -> str:
    """The whole ``nginx.conf``: ``internal`` maps an X-Accel location to the folder it serves,
    ``static`` is STATIC_ROOT (served at ``/static/``), ``host`` the Host header sent upstream
    (``$http_host`` keeps the port, which a site on a port other than 80 or 443 needs)."""
    servers = [upstream] if isinstance(upstream, str) else list(upstream)
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
    static_location = (
        f"""
        location /static/ {{
            alias {static.resolve()}/;
        }}
"""
        if static is not None
        else ""
    )
    mime = f"include {MIME_TYPES};" if MIME_TYPES.exists() else ""
    temp = "".join(f"    {kind}_temp_path {workdir / 'temp' / kind};\n" for kind in TEMP_KINDS)
    user = "user root;" if os.geteuid() == 0 else ""
    upstreams = "".join(f"        server {server};\n" for server in servers)
    return f"""{user}
daemon off;
worker_processes 1;
worker_rlimit_nofile 16384;
pid {workdir / "nginx.pid"};
error_log {workdir / "error.log"} warn;
events {{ worker_connections 4096; }}

http {{
    {mime}
    default_type application/octet-stream;
    log_format dlw escape=json '{LOG_FORMAT}';
    access_log {workdir / "access.log"} dlw;
{temp}
    upstream demo {{
{upstreams}    }}

    server {{
        listen {LOOPBACK}:{port};
        client_max_body_size 64m;
{static_location}
        location /dlwidget/uploads/ {{
            client_max_body_size 0;
            proxy_pass http://demo;
            proxy_http_version 1.1;
            proxy_request_buffering off;
            proxy_buffering off;
            proxy_read_timeout 300s;
            proxy_set_header Host {host};
            proxy_set_header X-Forwarded-Proto $scheme;
        }}

        location /ws/dlwidget/ {{
            proxy_pass http://demo;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_set_header Host {host};
            proxy_read_timeout 1h;
        }}
{accel}
        location / {{
            proxy_pass http://demo;
            proxy_set_header Host {host};
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


class NginxServer(OneProcess):
    """nginx in the foreground (``daemon off``), proxying to ``upstream`` (``host:port``, or a
    list of them: one upstream group, round robin)."""

    def __init__(
        self,
        workdir: Path,
        upstream: str | Sequence[str],
        internal: Mapping[str, Path],
        *,
        static: Path | None = None,
        host: str = "$host",
        port: int | None = None,
    ) -> None:
        self.port = port or free_port()
        self.url = f"http://{LOOPBACK}:{self.port}"
        workdir.mkdir(parents=True, exist_ok=True)
        for kind in TEMP_KINDS:
            (workdir / "temp" / kind).mkdir(parents=True, exist_ok=True)
        conf = workdir / "nginx.conf"
        conf.write_text(config(workdir, self.port, upstream, internal, static=static, host=host))
        self.error_log = workdir / "error.log"
        self.access_log = workdir / "access.log"
        self.process = ServerProcess(
            # -e: the error log before the config is read (else the package's /var/log/nginx).
            [nginx_executable(), "-p", str(workdir), "-c", str(conf), "-e", str(self.error_log)],
            env={},
            cwd=workdir,
            log=workdir / "nginx.log",
            port=self.port,
        )

    def requests(self) -> list[dict[str, Any]]:
        """The access log so far, one dict per request (nginx writes a line when it has ended)."""
        try:
            lines = self.access_log.read_text().splitlines()
        except FileNotFoundError:
            return []
        return [json.loads(line) for line in lines if line.strip()]
