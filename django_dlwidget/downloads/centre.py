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
from django.utils.formats import date_format, time_format
from django.utils.timesince import timesince
from django.utils.translation import get_language, gettext

from ..conf import MODES, dlwidget_settings
from ..elements.contract import (
    CENTRE_STRINGS,
    DOWNLOAD_CENTRE_ROLES,
    ICONS,
    KEY_PLACEHOLDER,
    translated,
)
from ..elements.roles import role_classes
from ..models import Download
from ..models.download import ACTIVE_STATUSES, FINISHED_STATUSES, DownloadStatus
from ..uploads.sizes import format_size
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


#: A pending download that no worker has started after this many seconds says "Waiting for a
#: worker" in the menu (rendered as ``data-worker-wait``): a worker process may be missing.
WORKER_WAIT_SECONDS = 30


def _age(created: datetime) -> str:
    if timezone.now() - created < timedelta(minutes=1):
        return gettext("just now")
    return gettext("%(time)s ago") % {"time": timesince(created)}


def _moment(value: datetime) -> str:
    """A clock time today, else a short date and time, in the active locale and time zone."""
    local = timezone.localtime(value)
    if local.date() == timezone.localdate():
        return time_format(local)
    return date_format(local, "SHORT_DATETIME_FORMAT")


def item_meta(download: Download, strings: dict[str, str]) -> str:
    """The details line: percentage while running; size, finish time and expiry once finished."""
    if download.status in ACTIVE_STATUSES:
        if download.status == DownloadStatus.RUNNING:
            return f"{max(0, min(100, download.progress))}%"
        return ""
    parts = []
    if download.status == DownloadStatus.READY and download.size is not None:
        parts.append(format_size(download.size))
    if download.finished is not None:
        parts.append(strings["finishedAt"] % {"time": _moment(download.finished)})
    if download.status == DownloadStatus.READY and download.expires is not None:
        parts.append(strings["expiresAt"] % {"time": _moment(download.expires)})
    return " · ".join(parts)


def waiting_for_worker(download: Download) -> bool:
    """Pending for longer than a worker should take to pick it up."""
    age = timezone.now() - download.created
    return download.status == DownloadStatus.PENDING and age.total_seconds() >= WORKER_WAIT_SECONDS


def item_context(download: Download, strings: dict[str, str]) -> dict[str, Any]:
    """One list entry: the JSON plus display text (the element renders the same)."""
    name = {"name": download.name}
    return {
        "json": download_json(download),
        "age": _age(download.created),
        "started_label": strings["startedAt"] % {"time": _moment(download.created)},
        "meta": item_meta(download, strings),
        "icon": ICONS[download.status],
        "status_label": strings["waiting" if waiting_for_worker(download) else download.status],
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
    items = [item_context(download, strings) for download in downloads]
    classes = role_classes(DOWNLOAD_CENTRE_ROLES, dlwidget_settings.CSS_CLASSES)
    # Templates cannot look up "clear-finished": roles are also given with underscores.
    classes.update({role.replace("-", "_"): value for role, value in classes.items()})
    return {
        "uid": _next_id(request),
        "css_class": css_class,
        "list_url": reverse("dlwidget:download-list"),
        "page_url": reverse("dlwidget:downloads-page"),
        "worker_wait": WORKER_WAIT_SECONDS,
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
        "icons": ICONS,
        "has_finished": any(download.status in FINISHED_STATUSES for download in downloads),
        "badge": sum(1 for download in downloads if download.status in ACTIVE_STATUSES),
        "snapshot": {"version": version, "downloads": [item["json"] for item in items]},
    }
