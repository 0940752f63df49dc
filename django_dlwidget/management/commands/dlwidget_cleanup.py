"""``manage.py dlwidget_cleanup``: stale jobs, expired downloads, orphaned files and expired uploads
(the steps of ``django_dlwidget.downloads.cleanup.cleanup_steps``).

Run it from cron (hourly is plenty); it is idempotent and safe while jobs run.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ...downloads.cleanup import run_cleanup


class Command(BaseCommand):
    help = "Delete expired downloads and orphaned files, and fail stale jobs."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = run_cleanup()
        for name, count in counts.items():
            label = name.replace("_", " ")
            if count < 0:
                self.stderr.write(f"{label}: failed (see the log)")
            else:
                self.stdout.write(f"{label}: {count}")
        if any(count < 0 for count in counts.values()):
            raise SystemExit(1)
