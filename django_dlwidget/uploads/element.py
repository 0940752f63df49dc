"""What ``<dlw-upload>`` is rendered with: endpoint, limits, classes and translated strings.

Shared by :class:`~django_dlwidget.widgets.ResumableWidget` and ``{% dlwidget_upload %}``.
The keys of :func:`upload_strings` match ``frontend/src/upload/strings.ts``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.middleware.csrf import get_token
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext, pgettext

from ..conf import dlwidget_settings
from ..css_roles import UPLOAD_ROLES, role_classes

if TYPE_CHECKING:
    from django.http import HttpRequest


def upload_strings() -> dict[str, str]:
    return {
        "idle": pgettext("upload status", "Waiting"),
        "uploading": pgettext("upload status", "Uploading"),
        "paused": pgettext("upload status", "Paused"),
        "complete": pgettext("upload status", "Uploaded"),
        "error": pgettext("upload status", "Failed"),
        "cancelled": pgettext("upload status", "Cancelled"),
        "drop": gettext("Drop files here"),
        "pause": gettext("Pause"),
        "resume": gettext("Resume"),
        "cancel": gettext("Cancel"),
        "retry": gettext("Retry"),
        "remove": gettext("Remove"),
        "pauseLabel": gettext("Pause the upload of %(name)s"),
        "resumeLabel": gettext("Resume the upload of %(name)s"),
        "cancelLabel": gettext("Cancel the upload of %(name)s"),
        "retryLabel": gettext("Retry the upload of %(name)s"),
        "removeLabel": gettext("Remove %(name)s"),
        "progressLabel": gettext("Upload progress of %(name)s"),
        "progress": gettext("%(done)s of %(total)s"),
        "speed": gettext("%(speed)s/s, %(left)s left"),
        "started": gettext("Uploading %(name)s"),
        "completed": gettext("%(name)s uploaded"),
        "pausedNotice": gettext("%(name)s paused"),
        "failed": gettext("%(name)s could not be uploaded: %(error)s"),
        "tooLarge": gettext("%(name)s is larger than the %(max)s allowed."),
        "wrongType": gettext("%(name)s is not an accepted type of file."),
        "networkError": gettext("the connection to the server was lost"),
        "serverError": gettext("the server refused it (%(status)s)"),
        "waiting": gettext("The form will be sent as soon as the upload has finished."),
        "blockedPaused": gettext("Resume or cancel the paused upload before sending the form."),
        "blockedError": gettext("An upload failed: retry or remove it before sending the form."),
        "resumable": gettext("Choose %(name)s again to resume its upload."),
    }


def size_hint(max_size: int | None) -> str:
    if max_size is None:
        return ""
    return gettext("Up to %(size)s.") % {"size": filesizeformat(max_size)}


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
    return {
        "url": reverse("dlwidget:upload-list"),
        "csrf_token": get_token(request) if request is not None else "",
        "max_size": effective,
        "hint": size_hint(effective),
        "css_class": f"{upload_class} {css_class}".strip(),
        # Template-friendly keys: "upload-hint" -> "upload_hint".
        "classes": {role.replace("-", "_"): value for role, value in classes.items()},
        "classes_json": json.dumps(dict(dlwidget_settings.CSS_CLASSES), sort_keys=True),
        "strings_json": json.dumps(upload_strings(), sort_keys=True),
    }
