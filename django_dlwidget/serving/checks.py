"""System checks that relate the serving settings to the rest of the project: the storages that
``SENDFILE_RULES`` name (E024), and owner-only files kept where the site serves files to anyone
(E025 when the URLconf serves that folder, W022 under ``check --deploy`` when it lies in
``MEDIA_ROOT``, which web servers are commonly set up to serve). The rules' shape is checked with
the other values, in ``..checks`` (E023)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from ..checks import unreadable
from ..conf import SCHEMA, dlwidget_settings, get
from .exposure import inside, media_root, private_folders, served_folders


@register(Tags.compatibility)
def check_rule_storages(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if unreadable() or not SCHEMA["SENDFILE_RULES"].kind.accepts(get("SENDFILE_RULES")):
        return []  # E001's or E023's
    rules = dlwidget_settings.SENDFILE_RULES
    configured: Mapping[str, Any] = getattr(settings, "STORAGES", {})
    return [
        Error(
            f"DLWIDGET['SENDFILE_RULES'][{index}] names the storage {rule['STORAGE']!r}, which "
            "is not an alias in STORAGES.",
            hint="The rule would never match, and its files would be offloaded by the global "
            "settings (to the wrong place). Use an alias of STORAGES.",
            id="django_dlwidget.E024",
        )
        for index, rule in enumerate(rules)
        if "STORAGE" in rule and rule["STORAGE"] not in configured
    ]


@register(Tags.security, Tags.urls)
def check_served_folders(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if unreadable():
        return []
    served = served_folders()
    messages: list[CheckMessage] = []
    for what, folder in private_folders():
        public = next((root for root in served if inside(folder, root)), None)
        if public is not None:
            messages.append(
                Error(
                    f"The {what} are kept in {folder}, inside {public}, which the URLconf "
                    "serves to anyone (django.views.static.serve).",
                    hint="Anyone with a file's URL could fetch it without the owner check. Keep "
                    "them outside the served folder (a STORAGES entry with its own location, "
                    "DLWIDGET['UPLOAD_TEMP_DIR']), or stop serving that folder.",
                    id="django_dlwidget.E025",
                )
            )
    return messages


@register(Tags.security, deploy=True)
def check_media_folders(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    root = None if unreadable() else media_root()
    if root is None:
        return []
    served = served_folders()
    return [
        Warning(
            f"The {what} are kept in {folder}, inside MEDIA_ROOT.",
            hint="A web server that serves MEDIA_URL would serve them to anyone with the URL, "
            "without the owner check. Keep them outside MEDIA_ROOT (a STORAGES entry with its "
            "own location for DLWIDGET['STORAGE'], DLWIDGET['UPLOAD_TEMP_DIR']), or make sure "
            "the web server never serves that folder.",
            id="django_dlwidget.W022",
        )
        for what, folder in private_folders()
        if inside(folder, root) and not any(inside(folder, public) for public in served)
    ]
