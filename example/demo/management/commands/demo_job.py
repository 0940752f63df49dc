"""Runs demo exports in this process: a stand-in for a worker process of a real task queue.

Each job reports its progress with ``set_percentage`` in ``--steps`` steps, ``--delay`` seconds
apart, then saves a small CSV. With ``--timestamps FILE`` it writes one JSON line per progress call,
``{"key", "progress", "sent", "returned"}`` (``time.time()`` just before and just after the call),
for latency measurements.
"""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

from django_dlwidget import init_download, save_download, set_percentage


def rows() -> Any:
    return ([str(i), f"row {i}"] for i in range(100))


class Command(BaseCommand):
    help = "Run demo exports in this process, with visible progress."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="demo")
        parser.add_argument("--jobs", type=int, default=1)
        parser.add_argument("--steps", type=int, default=20)
        parser.add_argument("--delay", type=float, default=0.05)
        parser.add_argument("--timestamps", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.get(username=options["username"])
        with contextlib.ExitStack() as stack:
            log: IO[str] | None = None
            if options["timestamps"]:
                log = stack.enter_context(Path(options["timestamps"]).open("w"))
            for number in range(options["jobs"]):
                self.run_job(user, f"worker-export-{number + 1}.csv", options, log)

    def run_job(self, user: Any, name: str, options: dict[str, Any], log: IO[str] | None) -> None:
        download = init_download(user, name)
        self.stdout.write(str(download.key))
        self.stdout.flush()
        steps = max(1, min(options["steps"], 100))
        for step in range(1, steps + 1):
            time.sleep(options["delay"])
            percentage = step * 100 // steps  # distinct per step: each one is published
            sent = time.time()
            set_percentage(download.key, percentage)
            if log is not None:
                line = {"key": str(download.key), "progress": percentage, "sent": sent}
                log.write(json.dumps({**line, "returned": time.time()}) + "\n")
        save_download(download.key, rows(), header=["id", "name"])
