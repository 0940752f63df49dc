"""``manage.py bgfiles process|clean``: the predecessor's cron command.

``process`` makes the files of the requests not finished yet, oldest first, with the handler
registered for each one's type (``registry.dispatch``, one transaction each); ``clean`` removes
the requests that expired more than ``--leeway`` seconds ago (``remove_expired``). ``--items``,
``--timeout`` and ``--sleep`` bound a run.
"""

from __future__ import annotations

import time
from argparse import ArgumentParser
from datetime import timedelta
from typing import Any

from django.core.management import BaseCommand
from django.db import transaction
from django.utils import timezone

from .....downloads.lifecycle import fail_download
from ...models import FileRequest
from ...patterns import registry

ACTION_PROCESS = "process"
ACTION_CLEAN = "clean"
DEFAULT_LEEWAY = 3600


class Command(BaseCommand):
    help = "Process outstanding file requests, or clean expired ones."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "action",
            choices=[ACTION_PROCESS, ACTION_CLEAN],
            help="process the outstanding requests (with the registry), or clean expired ones",
        )
        parser.add_argument("--sleep", type=float, help="seconds to sleep between two requests")
        parser.add_argument("--timeout", type=int, help="stop after about this many seconds")
        parser.add_argument("--items", type=int, help="handle at most this many requests")
        parser.add_argument(
            "--leeway",
            type=int,
            default=DEFAULT_LEEWAY,
            help="keep requests this many seconds past their expiry (downloads under way)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        timeout = options.get("timeout")
        deadline = time.time() + timeout if timeout else None
        sleep, max_items = options.get("sleep"), options.get("items")
        if options["action"] == ACTION_PROCESS:
            self.process(sleep, deadline, max_items)
        else:
            self.clean(options["leeway"], sleep, deadline, max_items)

    def process(self, sleep: float | None, timeout: float | None, max_items: int | None) -> None:
        # Only the types a handler is registered for: the native jobs (run by the task worker)
        # are downloads not finished yet too.
        pending = FileRequest.objects.to_handle().filter(kind__in=list(registry.handlers))
        keys = pending.values_list("key", flat=True)
        handled = 0
        for pk in list(keys[:max_items] if max_items else keys):
            try:
                with transaction.atomic():
                    generated = registry.dispatch(pk)
            except Exception as exc:
                fail_download(pk, exc)
                self.stderr.write(f"Request {pk} failed: {exc!r}\n")
                generated = False
            else:
                self.stdout.write(f"{'Handled' if generated else 'Ignored'} request {pk}\n")
            if generated:
                handled += 1
                if sleep:
                    time.sleep(sleep)
            if timeout and time.time() > timeout:
                self.stdout.write("Reached timeout. Stopping processing\n")
                break
        self.stdout.write(f"Handled {handled} requests")

    def clean(
        self, leeway: int, sleep: float | None, timeout: float | None, max_items: int | None
    ) -> None:
        treshold = timezone.now() - timedelta(seconds=leeway or 0)
        with transaction.atomic():
            status, deleted, total = FileRequest.objects.remove_expired(
                treshold, timeout=timeout, sleep=sleep, max_items=max_items
            )
        if status == "processed":
            self.stdout.write(f"Removed all {deleted} expired files\n")
        elif status == "max_items":
            self.stdout.write(f"Stopped short because of max items: {deleted}/{total}\n")
        else:
            self.stdout.write(f"Stopped short because of timeout: {deleted}/{total}\n")
