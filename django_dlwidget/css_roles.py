"""Element roles whose classes ``DLWIDGET["CSS_CLASSES"]`` may extend, and the check of that map.

Every element carries ``dlw-<role>``; the setting adds classes per role (for example Bootstrap's).
The download centre's roles mirror ``ROLES`` in ``frontend/src/download-centre/classes.ts``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

DOWNLOAD_CENTRE_ROLES: Final = (
    "toggle",
    "badge",
    "menu",
    "list",
    "item",
    "name",
    "time",
    "status",
    "progress",
    "bar",
    "error",
    "actions",
    "cancel",
    "clear",
    "link",
    "empty",
)
# <dlw-upload>: mirrors ROLES in ``frontend/src/upload/classes.ts``.
UPLOAD_ROLES: Final = (
    "upload",
    "upload-hint",
    "upload-current",
    "upload-list",
    "upload-item",
    "upload-name",
    "upload-status",
    "upload-progress",
    "upload-bar",
    "upload-actions",
    "upload-button",
    "upload-error",
    "upload-notice",
)
KNOWN_ROLES: Final = frozenset(DOWNLOAD_CENTRE_ROLES + UPLOAD_ROLES)


def role_classes(roles: tuple[str, ...], extra: Mapping[str, str]) -> dict[str, str]:
    """``{"toggle": "dlw-toggle btn btn-primary", ...}`` for the given roles."""
    return {
        role: " ".join(filter(None, (f"dlw-{role}", extra.get(role, "").strip()))) for role in roles
    }


@register(Tags.templates)
def check_css_roles(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    raw = getattr(settings, "DLWIDGET", {})
    classes = raw.get("CSS_CLASSES", {}) if isinstance(raw, Mapping) else {}
    if not isinstance(classes, Mapping):
        return []  # E010 reports the type
    return [
        Warning(
            f"DLWIDGET['CSS_CLASSES'] has the unknown role {role!r}; its classes are never used.",
            hint=f"Use one of: {', '.join(sorted(KNOWN_ROLES))}.",
            id="django_dlwidget.W030",
        )
        for role in classes
        if role not in KNOWN_ROLES
    ]
