"""The production recipe of docs/deployment.md, started for real on loopback and free ports: the
live scenarios (tests/stack/), the faults and soak built on them, and ``make stack`` run it.

What :class:`Stack` starts, in ``workdir`` (each part's log in ``stack.logs``):

- ``postgres``: a throwaway PostgreSQL cluster (database ``dlwidget``), shared by everything;
- ``redis``: redis-server, the cache (db 0), the channel layer (db 0) and Celery's broker (db 1);
- ``s3``: moto's S3 server; bucket ``stack.uploads_bucket`` is the ``UPLOAD_STORE`` (S3Store,
  16 MiB parts, key prefix ``partial/``; the widget sends 64 MiB per PATCH), bucket
  ``stack.media_bucket`` the model fields' ``STORAGES["default"]`` (django-storages' S3Storage);
- ``apps``: two uvicorn processes of the demo site (``apps[0]``, ``apps[1]``), each with a folder
  of its own (media, ``TMPDIR``), no shared upload folder;
- ``db_worker``: django-tasks-db's worker (``DEMO_TASKS=db``): the demo's ``@download_task``
  exports;
- ``celery``: a Celery worker (``--pool=solo``) on the Redis broker: the demo's ``celery`` export,
  made through the job API (demo/celery.py);
- ``nginx``: in front, with the deployment page's locations: an upstream of both app servers,
  ``/protected/`` (``internal``, X-Accel) over ``stack.exports_dir``, the exports'
  ``STORAGES["exports"]`` (``DLWIDGET["STORAGE"]``), unbuffered ``/dlwidget/uploads/``, the
  WebSocket upgrade on ``/ws/dlwidget/``, ``/static/`` from collectstatic's folder.

API (kept stable for the tests built on it):

- ``Stack(workdir, env=None, port=None, users=())``; ``start()`` / ``stop()``, or ``with
  Stack(...) as stack``; ``env`` adds to (or overrides) the environment of every Django process
  (``stack.env``), ``port`` is nginx's (a free one by default), ``users`` are made at the start
  with the demo's own (``demo``, password ``PASSWORD``).
- ``stack.url``: the site, through nginx. ``stack.logs``: the folder of every log.
- ``stack.processes()``: name -> part (``postgres``, ``redis``, ``s3``, ``app-a``, ``app-b``,
  ``db_worker``, ``celery``, ``nginx``); each has ``start()``, ``stop()``, ``kill()`` (SIGKILL,
  or PostgreSQL's immediate shutdown) and ``restart()`` (after a kill too). moto keeps its
  objects in memory: after its restart, ``stack.create_buckets()`` makes the buckets again.
- ``stack.manage(*args)``: ``manage.py`` with the stack's settings; ``stack.create_user(name,
  password=PASSWORD)``: a staff user (``create_users(*names)``: several in one run);
  ``stack.sql(query, *params)``: rows of a query on the stack's PostgreSQL database;
  ``stack.login(page, name)``: a Playwright page logged in through nginx;
  ``stack.session(name)``: the cookies of a login through nginx (``sessionid``, ``csrftoken``).
- Every process's log is in ``stack.logs`` (``app-a.log``, ``app-b.log``, ``db_worker.log``,
  ``celery.log``, ``nginx-access.log``, ``nginx-error.log``, ``redis.log``, ``s3.log``,
  ``postgres.log``); each app server's folder is ``app.workdir`` and its pid ``app.pid``.
- ``stack.nginx.requests()``: nginx's access log as dicts (``accel``: the upstream's
  X-Accel-Redirect; ``upstream``, ``bytes``, ``upstream_bytes``, ``status``).
- ``stack.app_receiving(min_bytes)``: the app server that reads the most while the call samples
  them (the one a PATCH is streaming to), or None.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .demo_server import PASSWORD, USERNAME, manage_py
from .nginx import NginxServer
from .processes import LOOPBACK
from .redis import RedisServer
from .s3 import S3Server
from .sessions import login_session
from .stack_parts import (
    AppServer,
    StackPostgres,
    Worker,
    django_env,
)

if TYPE_CHECKING:
    from types import TracebackType

    from playwright.sync_api import Page

#: The demo's exports, small enough for tests (``make stack`` uses the demo's own sizes).
QUICK_ENV = {"DEMO_QUICK_ROWS": "500", "DEMO_SLOW_SECONDS": "4", "DEMO_LARGE_MB": "8"}


class Part(Protocol):
    def start(self) -> None: ...
    def stop(self) -> None: ...
    def kill(self) -> None: ...
    def restart(self) -> None: ...


class Stack:
    """nginx, two app servers, two workers, Redis, PostgreSQL and S3 (see the module)."""

    uploads_bucket = "dlw-uploads"
    media_bucket = "dlw-media"

    def __init__(
        self,
        workdir: Path,
        env: dict[str, str] | None = None,
        *,
        port: int | None = None,
        users: Sequence[str] = (),
    ) -> None:
        self.workdir = workdir
        self.users = [USERNAME, *users]
        self.logs = workdir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.exports_dir = workdir / "exports"
        self.static_dir = workdir / "static"
        self.exports_dir.mkdir(exist_ok=True)
        self.postgres = StackPostgres(self.logs)
        self.redis = RedisServer(workdir / "redis")
        self.s3 = S3Server(workdir / "s3")
        self.env = {
            **django_env(
                self.postgres.port, self.redis.port, self.s3.endpoint_url, self.exports_dir,
                self.static_dir, uploads_bucket=self.uploads_bucket, media_bucket=self.media_bucket,
            ),
            **QUICK_ENV,
            **(env or {}),
        }  # fmt: skip
        self.apps = [
            AppServer(name, workdir / name, self.env, self.logs / f"{name}.log")
            for name in ("app-a", "app-b")
        ]
        python = sys.executable
        self.db_worker = Worker(
            "db_worker",
            [python, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
            env=self.env,
            log=self.logs / "db_worker.log",
            ready="Starting worker",
        )
        self.celery = Worker(
            "celery",
            [
                python, "-m", "celery", "-A", "demo", "worker", "--pool=solo",
                "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
                "--hostname", "stack@%h",
            ],
            env=self.env,
            log=self.logs / "celery.log",
            ready="ready.",
        )  # fmt: skip
        self.nginx = NginxServer(
            workdir / "nginx",
            [app.address for app in self.apps],
            {"/protected/": self.exports_dir},
            static=self.static_dir,
            host="$http_host",  # the port too: Django compares it with the Origin of a POST
            port=port,
        )
        self.url = self.nginx.url
        self._started: list[Part] = []
        links = {
            "postgres.log": self.postgres.log,
            "redis.log": self.redis.process.log,
            "s3.log": self.s3.process.log,
            "nginx-access.log": self.nginx.access_log,
            "nginx-error.log": self.nginx.error_log,
        }
        for name, target in links.items():
            (self.logs / name).unlink(missing_ok=True)
            (self.logs / name).symlink_to(target)

    def processes(self) -> dict[str, Part]:
        return {
            "postgres": self.postgres,
            "redis": self.redis,
            "s3": self.s3,
            **{app.name: app for app in self.apps},
            "db_worker": self.db_worker,
            "celery": self.celery,
            "nginx": self.nginx,
        }

    def _start_all(self, parts: list[Part]) -> None:
        with ThreadPoolExecutor(len(parts)) as pool:
            futures = [(part, pool.submit(part.start)) for part in parts]
            errors = []
            for part, future in futures:
                try:
                    future.result()
                    self._started.append(part)
                except Exception as exc:
                    errors.append(exc)
            if errors:
                raise errors[0]

    def start(self) -> None:
        try:
            self._start_all([self.postgres, self.redis, self.s3])
            self.create_buckets()
            with ThreadPoolExecutor(2) as pool:
                static = pool.submit(self.manage, "collectstatic", "--noinput", "-v0")
                self.manage("migrate", "--noinput", "-v0")
                static.result()
            self.create_users(*self.users)
            self._start_all([*self.apps, self.db_worker, self.celery, self.nginx])
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop everything, the front first (PostgreSQL's log is then copied into ``logs``)."""
        for part in [*reversed(self._started)]:
            try:
                part.stop()
            except Exception as exc:  # stop the others anyway
                print(f"stopping {part}: {exc}", file=sys.stderr)
        self._started.clear()

    def __enter__(self) -> Stack:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def create_buckets(self) -> None:
        client = self.s3.client()
        for bucket in (self.uploads_bucket, self.media_bucket):
            client.create_bucket(Bucket=bucket)

    def manage(self, *args: str) -> str:
        """``manage.py`` with the stack's settings; its output (a failure raises)."""
        return manage_py(self.env, *args)

    def create_user(self, username: str, password: str = PASSWORD) -> str:
        """A staff user (demo_setup); the username."""
        self.manage("demo_setup", "--username", username, "--password", password, "--url", self.url)
        return username

    def create_users(self, *usernames: str, password: str = PASSWORD) -> list[str]:
        """Several staff users (superusers, as demo_setup's) in one ``manage.py`` run."""
        script = (
            (
                "from django.contrib.auth import get_user_model\n"
                "for name in NAMES:\n"
                "    get_user_model().objects.create_superuser(name, password=PASSWORD)\n"
            )
            .replace("NAMES", repr(list(usernames)))
            .replace("PASSWORD", repr(password))
        )
        self.manage("shell", "-v0", "-c", script)
        return list(usernames)

    def sql(self, query: str, *params: object) -> list[tuple[Any, ...]]:
        """Run ``query`` on the stack's database (psycopg, ``%s`` placeholders); its rows."""
        import psycopg

        with psycopg.connect(
            host=LOOPBACK, port=self.postgres.port, user="postgres", dbname="dlwidget"
        ) as conn:
            cursor = conn.execute(query.encode(), params)
            return list(cursor.fetchall()) if cursor.description else []

    def session(self, username: str = USERNAME, password: str = PASSWORD) -> dict[str, str]:
        return login_session(self.url, username, password)

    def login(self, page: Page, username: str = USERNAME, password: str = PASSWORD) -> None:
        """Log ``page`` in through the real login form, through nginx."""
        page.goto(f"{self.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{self.url}/")

    def app_receiving(self, min_bytes: int = 1024 * 1024, window: float = 0.5) -> AppServer | None:
        """The app server that read at least ``min_bytes`` more than the others in ``window``
        seconds (the one a PATCH streams to right now), or None."""
        before = [app.bytes_read() for app in self.apps]
        time.sleep(window)
        grown = [app.bytes_read() - start for app, start in zip(self.apps, before, strict=True)]
        best = max(range(len(grown)), key=grown.__getitem__)
        others = max((g for i, g in enumerate(grown) if i != best), default=0)
        return self.apps[best] if grown[best] - others >= min_bytes else None

    def object_bytes(self, bucket: str, key: str) -> Any:
        """The body of an S3 object (a stream)."""
        return self.s3.client().get_object(Bucket=bucket, Key=key)["Body"]
