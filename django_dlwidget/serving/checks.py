"""System checks that relate the serving settings to the rest of the project: the storages that
``SENDFILE_RULES`` name (E024). The rules' shape is checked with the other values, in ``..checks``
(E023)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from ..checks import unreadable
from ..conf import SCHEMA, dlwidget_settings, get


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
