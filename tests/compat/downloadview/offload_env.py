"""The settings and files of the offload tests (test modules use ``offload_env`` as an autouse
fixture): ``hello-world.txt`` in one storage per web server, on disk and behind signed URLs,
the predecessor demo's ``DOWNLOADVIEW_BACKEND``/``DOWNLOADVIEW_RULES`` and
``SmartDownloadMiddleware`` in ``MIDDLEWARE``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import offload_urls

FOLDERS = ("nginx", "apache", "lighttpd", "disk", "signed")


def set_up(settings: Any, tmp_path: Path) -> Path:
    media = tmp_path / "media"
    for folder in FOLDERS:
        (media / folder).mkdir(parents=True, exist_ok=True)
        (media / folder / "hello-world.txt").write_bytes(offload_urls.HELLO)
    settings.MEDIA_ROOT = str(media)
    settings.MEDIA_URL = "/media/"
    settings.ROOT_URLCONF = offload_urls.__name__
    settings.DOWNLOADVIEW_BACKEND = offload_urls.DOWNLOADVIEW_BACKEND
    settings.DOWNLOADVIEW_RULES = offload_urls.DOWNLOADVIEW_RULES
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, offload_urls.SMART_MIDDLEWARE]
    return media
