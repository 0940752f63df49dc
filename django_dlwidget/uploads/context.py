"""What ``<dlw-upload>`` is rendered with: endpoint, limits, classes and translated strings.

Shared by :class:`~django_dlwidget.widgets.ResumableWidget` and ``{% dlwidget_upload %}``.
The strings and roles come from :mod:`django_dlwidget.elements.contract`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import gettext

from ..conf import dlwidget_settings
from ..elements.contract import UPLOAD_ROLES, UPLOAD_STRINGS, translated
from ..elements.roles import role_classes
from ..tus.stores import get_store
from .sizes import format_size

if TYPE_CHECKING:
    from django.http import HttpRequest


def upload_strings() -> dict[str, str]:
    """The element's strings in the active language (keys: ``UPLOAD_STRINGS`` of the contract)."""
    return translated(UPLOAD_STRINGS)


def size_hint(max_size: int | None) -> str:
    if max_size is None:
        return ""
    return gettext("Up to %(size)s.") % {"size": format_size(max_size)}


def element_context(
    request: HttpRequest | None,
    *,
    max_size: int | None,
    css_class: str = "",
) -> dict[str, Any]:
    """The element's data-* values (and the rendered classes for the server-side markup)."""
    limit = dlwidget_settings.UPLOAD_MAX_SIZE
    effective = limit if max_size is None else min(max_size, limit)
    classes = role_classes(UPLOAD_ROLES, dlwidget_settings.CSS_CLASSES)
    upload_class = classes["upload"]
    # Bytes per PATCH: the setting, else the store's own (S3: whole parts), else the whole file.
    chunk_size = dlwidget_settings.UPLOAD_CHUNK_SIZE or get_store().chunk_size or effective
    return {
        "url": reverse("dlwidget:upload-list"),
        "csrf_token": get_token(request) if request is not None else "",
        "max_size": effective,
        "chunk_size": chunk_size,
        "hint": size_hint(effective),
        "css_class": f"{upload_class} {css_class}".strip(),
        # Template-friendly keys: "upload-hint" -> "upload_hint".
        "classes": {role.replace("-", "_"): value for role, value in classes.items()},
        "classes_json": json.dumps(dict(dlwidget_settings.CSS_CLASSES), sort_keys=True),
        "strings_json": json.dumps(upload_strings(), sort_keys=True),
    }
