"""What ``{% download_centre %}`` renders: the user's list, URLs, options and translated strings.

Kept out of the template tag so that views and tests can build the same context.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.timesince import timesince
from django.utils.translation import get_language, gettext

from ..conf import MODES, dlwidget_settings
from ..elements.contract import CENTRE_STRINGS, DOWNLOAD_CENTRE_ROLES, KEY_PLACEHOLDER, translated
from ..elements.roles import role_classes
from ..models import Download
from ..models.download import ACTIVE_STATUSES
from .listing import current_list
from .serializers import download_json

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.http import HttpRequest


def user_key(user: AbstractBaseUser) -> str:
    """An opaque id per user (and per SECRET_KEY) that scopes browser-side state."""
    # The salt is fixed, not a module path: changing it would reset every user's "seen" state.
    return salted_hmac("django_dlwidget.centre.user", str(user.pk), algorithm="sha256").hexdigest()[
        :16
    ]


def centre_strings() -> dict[str, str]:
    """The element's strings in the active language (keys: ``CENTRE_STRINGS`` of the contract)."""
    return translated(CENTRE_STRINGS)


def _age(created: datetime) -> str:
    if timezone.now() - created < timedelta(minutes=1):
        return gettext("just now")
    return gettext("%(time)s ago") % {"time": timesince(created)}


def _item(download: Download, strings: dict[str, str]) -> dict[str, Any]:
    """One list entry: the JSON plus display text (the element renders the same)."""
    name = {"name": download.name}
    return {
        "json": download_json(download),
        "age": _age(download.created),
        "status_label": strings[download.status],
        "active": download.status in ACTIVE_STATUSES,
        "progress": max(0, min(100, download.progress)),
        "cancel_label": strings["cancelLabel"] % name,
        "clear_label": strings["clearLabel"] % name,
        "download_label": strings["downloadLabel"] % name,
        "progress_label": strings["progressLabel"] % name,
    }


def _next_id(request: HttpRequest | None) -> str:
    """A page-unique id suffix (two centres on one page, e.g. desktop and mobile nav)."""
    if request is None:
        return uuid.uuid4().hex[:8]
    count: int = getattr(request, "_dlwidget_centre_count", 0) + 1
    request._dlwidget_centre_count = count  # type: ignore[attr-defined]
    return str(count)


def centre_context(
    request: HttpRequest | None,
    user: AbstractBaseUser | AnonymousUser,
    *,
    mode: str | None = None,
    css_class: str = "",
    notify: bool = False,
) -> dict[str, Any] | None:
    """The template context, or None for an anonymous user (who has no downloads)."""
    if not user.is_authenticated:
        return None
    mode = mode or dlwidget_settings.MODE
    if mode not in MODES:
        raise ValueError(f"download_centre mode={mode!r}; choose from {', '.join(MODES)}.")
    strings = centre_strings()
    version, downloads = current_list(user.pk)
    items = [_item(download, strings) for download in downloads]
    classes = role_classes(DOWNLOAD_CENTRE_ROLES, dlwidget_settings.CSS_CLASSES)
    return {
        "uid": _next_id(request),
        "css_class": css_class,
        "list_url": reverse("dlwidget:download-list"),
        "detail_url": reverse("dlwidget:download-detail", args=[KEY_PLACEHOLDER]),
        "cancel_url": reverse("dlwidget:download-cancel", args=[KEY_PLACEHOLDER]),
        "ws_url": dlwidget_settings.WS_PATH,
        "mode": mode,
        "poll_interval": dlwidget_settings.POLL_INTERVAL,
        "csrf_token": get_token(request) if request is not None else "",
        "user_key": user_key(user),
        "lang": get_language() or "",
        "notify": notify,
        "classes": classes,
        "classes_json": json.dumps(dict(dlwidget_settings.CSS_CLASSES), sort_keys=True),
        "strings": strings,
        "strings_json": json.dumps(strings, sort_keys=True),
        "items": items,
        "badge": sum(1 for download in downloads if download.status in ACTIVE_STATUSES),
        "snapshot": {"version": version, "downloads": [item["json"] for item in items]},
    }
