"""The optional e-mail to a download's owner once it is ready (``DLWIDGET["NOTIFY_EMAIL"]``).

Templates, overridable by the project: ``django_dlwidget/email/download_ready_subject.txt``,
``download_ready_body.txt`` and, when the project adds it, ``download_ready_body.html``. They get
``download``, ``user``, ``url`` (absolute, signed, bound to the owner) and ``link_expires``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.apps import apps
from django.core.mail import send_mail
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from ..conf import dlwidget_settings
from ..models import Download
from .links import make_link
from .locale import activate_locale

logger = logging.getLogger(__name__)
TEMPLATE_PREFIX = "django_dlwidget/email/download_ready"


def site_url() -> str | None:
    """The origin e-mailed links start with: ``DLWIDGET["SITE_URL"]``, else ``https://`` and
    the current ``django.contrib.sites`` domain, else None."""
    if dlwidget_settings.SITE_URL:
        return dlwidget_settings.SITE_URL
    if apps.is_installed("django.contrib.sites"):
        from django.contrib.sites.models import Site

        return "https://" + Site.objects.get_current().domain.rstrip("/")
    return None


def send_ready_email(download: Download) -> bool:
    """E-mail ``download``'s owner a signed link to it, written in the download's language and
    time zone. False when there is no address or no site URL to build the link with."""
    with activate_locale(download.language, download.timezone):
        return _send_ready_email(download)


def _send_ready_email(download: Download) -> bool:
    owner = download.owner
    address = getattr(owner, owner.get_email_field_name(), "") or ""
    if not address:
        return False
    base = site_url()
    if base is None:
        logger.error(
            "Not e-mailing download %s: set DLWIDGET['SITE_URL'] or install "
            "django.contrib.sites so the link can be absolute.",
            download.key,
        )
        return False
    link_expires = timezone.now() + dlwidget_settings.LINK_MAX_AGE
    if download.expires is not None:
        link_expires = min(link_expires, download.expires)
    context: dict[str, Any] = {
        "download": download,
        "user": owner,
        "url": base + make_link(download),
        "link_expires": link_expires,
    }
    subject = " ".join(render_to_string(f"{TEMPLATE_PREFIX}_subject.txt", context).split())
    body = render_to_string(f"{TEMPLATE_PREFIX}_body.txt", context)
    try:
        html: str | None = render_to_string(f"{TEMPLATE_PREFIX}_body.html", context)
    except TemplateDoesNotExist:
        html = None
    send_mail(subject, body, None, [address], html_message=html)
    return True


def send_ready_email_logged(download: Download) -> None:
    """``send_ready_email``, logging a failure: a mail server that is down must never fail the
    job that finished the download."""
    try:
        send_ready_email(download)
    except Exception:
        logger.exception("Could not e-mail the owner of download %s", download.key)
