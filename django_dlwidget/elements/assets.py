"""The shipped front-end bundle, located through django-webpack-loader.

The app reads its own packaged stats file, so a project needs no ``WEBPACK_LOADER`` entry and no
node toolchain. A project that builds the front end itself may add ``WEBPACK_LOADER["DLWIDGET"]``,
which then wins. (webpack-loader reads its settings once at import and raises on an unknown
config name, so the default loader is built here rather than registered there.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

from django.conf import settings

ENTRIES: Final = ("download-centre", "upload")
CONFIG_NAME: Final = "DLWIDGET"
STATIC_DIR: Final = Path(__file__).resolve().parent.parent / "static" / "django_dlwidget"
STATS_FILE: Final = STATIC_DIR / "webpack-stats.json"


@dataclass(frozen=True)
class Asset:
    url: str
    kind: str  # "js" or "css"


@cache
def _builtin_loader() -> Any:
    from webpack_loader.loaders import WebpackLoader

    ignore = [r".+\.map", r".+\.LICENSE\.txt"]
    config = {
        "CACHE": True,
        "BUNDLE_DIR_NAME": "django_dlwidget/",
        "STATS_FILE": str(STATS_FILE),
        "POLL_INTERVAL": 0.1,
        "TIMEOUT": None,
        "IGNORE": ignore,
        "ignores": [re.compile(pattern) for pattern in ignore],
        "INTEGRITY": False,
        "CSP_NONCE": False,
    }
    return WebpackLoader("django_dlwidget.builtin", config)


def get_loader() -> Any:
    """The project's ``WEBPACK_LOADER["DLWIDGET"]`` loader if it has one, else the shipped one."""
    if CONFIG_NAME in getattr(settings, "WEBPACK_LOADER", {}):
        from webpack_loader.utils import get_loader as webpack_get_loader

        return webpack_get_loader(CONFIG_NAME)
    return _builtin_loader()


def bundle_assets(entries: tuple[str, ...] = ENTRIES) -> list[Asset]:
    """CSS first, then JS, for the given entry points, without duplicates."""
    unknown = [entry for entry in entries if entry not in ENTRIES]
    if unknown:
        raise ValueError(f"Unknown dlwidget bundle(s) {unknown}; choose from {list(ENTRIES)}.")
    loader = get_loader()
    seen: set[str] = set()
    css: list[Asset] = []
    js: list[Asset] = []
    for entry in entries:
        for chunk in loader.get_bundle(entry):
            url = str(chunk["url"])
            if url in seen:
                continue
            seen.add(url)
            name = str(chunk["name"])
            if name.endswith(".css"):
                css.append(Asset(url, "css"))
            elif name.endswith(".js"):
                js.append(Asset(url, "js"))
    return css + js
