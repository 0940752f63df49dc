"""System checks of the ``DLWIDGET`` values, generated from the settings schema.

Each key's kind (``conf.kinds``) says which values it accepts and how a refusal reads; this module
turns a refused value into its ``django_dlwidget.E0xx`` error. Checks that relate a setting to the
rest of the project (a cache alias, the channel layer, the storage, the middleware) live in their
area's ``checks`` module. Every id is listed in docs/settings.md; a test holds the list to the code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from .conf import SCHEMA, Setting


def unreadable() -> bool:
    """True when ``DLWIDGET`` is not a dict: E001 says so, and checks of its values stand down."""
    return not isinstance(getattr(settings, "DLWIDGET", {}), Mapping)


def refusal(setting: Setting[Any], value: object) -> Error:
    """The error for a value that ``setting``'s kind does not accept."""
    name = f"DLWIDGET[{setting.key!r}]"
    kind = setting.kind
    return Error(
        kind.problem.format(setting=name, value=value, reason=kind.reason(value)),
        hint=kind.fix.format(setting=name, default=setting.default),
        id=kind.check,
    )


@register(Tags.compatibility)
def check_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    raw = getattr(settings, "DLWIDGET", {})
    if not isinstance(raw, Mapping):
        return [
            Error(
                f"DLWIDGET must be a dict, not {type(raw).__name__}.",
                hint='Set DLWIDGET = {"MODE": "auto", ...} or remove the setting.',
                id="django_dlwidget.E001",
            )
        ]
    errors: list[CheckMessage] = [
        Error(
            f"DLWIDGET[{key!r}] is not a known setting.",
            hint=f"Remove it; known keys are: {', '.join(sorted(SCHEMA))}.",
            id="django_dlwidget.E002",
        )
        for key in raw
        if key not in SCHEMA
    ]
    for key, setting in SCHEMA.items():
        value = raw.get(key, setting.default)
        if setting.check and not setting.kind.accepts(value):
            errors.append(refusal(setting, value))
    return errors
