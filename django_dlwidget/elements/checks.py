"""System check of the elements' settings: every role in ``DLWIDGET["CSS_CLASSES"]`` exists.

A typo in a role name is no type error (E010 passes it), yet its classes would never be used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.checks import CheckMessage, Tags, Warning, register

from ..checks import unreadable
from ..conf import get
from .contract import KNOWN_ROLES


@register(Tags.templates)
def check_css_roles(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    classes = None if unreadable() else get("CSS_CLASSES")
    if not isinstance(classes, Mapping):
        return []  # E001 or E010 reports the type
    return [
        Warning(
            f"DLWIDGET['CSS_CLASSES'] has the unknown role {role!r}; its classes are never used.",
            hint=f"Use one of: {', '.join(sorted(KNOWN_ROLES))}.",
            id="django_dlwidget.W030",
        )
        for role in classes
        if role not in KNOWN_ROLES
    ]
