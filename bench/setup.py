"""One in-process Django for a benchmark: the bench settings on a fresh file database and media
folder under ``workdir``, migrated, with a user to own the downloads."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def setup_django(workdir: Path) -> Any:
    """Configure and set up Django on ``workdir``; return a new user named ``bench``."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "BENCH_DB": str(workdir / "db.sqlite3"),
            "BENCH_MEDIA": str(workdir / "media"),
        }
    )
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return User.objects.create_user("bench")
