"""The classes an element role is rendered with: ``dlw-<role>`` plus what
``DLWIDGET["CSS_CLASSES"]`` adds to that role (for example Bootstrap's). The roles themselves are
in :mod:`.contract`."""

from __future__ import annotations

from collections.abc import Mapping


def role_classes(roles: tuple[str, ...], extra: Mapping[str, str]) -> dict[str, str]:
    """``{"toggle": "dlw-toggle btn btn-primary", ...}`` for the given roles."""
    return {
        role: " ".join(filter(None, (f"dlw-{role}", extra.get(role, "").strip()))) for role in roles
    }
