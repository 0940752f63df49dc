"""The e-mail that a download is ready (``DLWIDGET["NOTIFY_EMAIL"]``, or ``notify=True``).

``send_ready_email`` builds one ``EmailMultiAlternatives`` in the download's language and time
zone and hands it to ``DLWIDGET["NOTIFY_SENDER"]`` (by default :func:`send_message`, which sends
it through Django's mail settings): a setting, not a signal, because replacing the sender means
exactly one callable decides how the message goes out (a queue, an API, a log in development).
Every part can be chosen per call: the recipients (by default the owner's address), the sender
address (``NOTIFY_FROM_EMAIL``, else ``DEFAULT_FROM_EMAIL``), the templates, the link kind
(``NOTIFY_LINK``; a download without an owner always gets a general link) and extra context.

Default templates, overridable by the project: ``django_dlwidget/email/download_ready_subject.txt``,
``download_ready_body.txt`` and, when the project adds it, ``download_ready_body.html``. They get
``download``, ``user`` (the owner, or None), ``url`` (absolute and signed), ``user_bound`` and
``link_expires``, and whatever ``extra_context`` adds (its keys win).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any, Final

from django.apps import apps
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import import_string

from ..conf import dlwidget_settings
from ..models import Download
from .links import make_link
from .locale import activate_locale

logger = logging.getLogger(__name__)
TEMPLATE_PREFIX = "django_dlwidget/email/download_ready"
SUBJECT_TEMPLATE: Final = f"{TEMPLATE_PREFIX}_subject.txt"
BODY_TEMPLATE: Final = f"{TEMPLATE_PREFIX}_body.txt"
HTML_TEMPLATE: Final = f"{TEMPLATE_PREFIX}_body.html"
# The keyword options of send_ready_email, which save_download(email=...) and
# @download_task(email=...) pass on.
EMAIL_OPTIONS: Final = frozenset(
    {
        "recipients",
        "from_email",
        "subject_template",
        "body_template",
        "html_template",
        "user_bound",
        "extra_context",
        "url",
    }
)


def site_url() -> str | None:
    """The origin e-mailed links start with: ``DLWIDGET["SITE_URL"]``, else ``https://`` and
    the current ``django.contrib.sites`` domain, else None."""
    if dlwidget_settings.SITE_URL:
        return dlwidget_settings.SITE_URL
    if apps.is_installed("django.contrib.sites"):
        from django.contrib.sites.models import Site

        return "https://" + Site.objects.get_current().domain.rstrip("/")
    return None


def check_email_options(options: Mapping[str, Any] | None) -> dict[str, Any]:
    """``options`` as a dict of ``send_ready_email`` keywords; a ``TypeError`` names any other
    key (so a typo fails where it is written, not when the e-mail is due)."""
    if options is None:
        return {}
    if not isinstance(options, Mapping):
        raise TypeError(f"email= takes a dict of send_ready_email options, not {options!r}")
    unknown = sorted(set(options) - EMAIL_OPTIONS)
    if unknown:
        known = ", ".join(sorted(EMAIL_OPTIONS))
        raise TypeError(f"Unknown e-mail option(s) {', '.join(unknown)}; use {known}.")
    _check_recipients(options.get("recipients"))
    return dict(options)


def _check_recipients(recipients: object) -> None:
    if recipients is None:
        return
    if isinstance(recipients, str) or not isinstance(recipients, Sequence):
        raise TypeError(f"recipients= takes a list of addresses, not {recipients!r}")


def send_message(message: EmailMultiAlternatives, download: Download) -> None:
    """The default ``NOTIFY_SENDER``: send ``message`` through Django's mail settings."""
    message.send()


def send_ready_email(
    download: Download,
    *,
    recipients: Sequence[str] | None = None,
    from_email: str | None = None,
    subject_template: str | None = None,
    body_template: str | None = None,
    html_template: str | None = None,
    user_bound: bool | None = None,
    extra_context: Mapping[str, Any] | None = None,
    url: str | None = None,
) -> bool:
    """E-mail a signed link to ``download``, written in its language and time zone, through
    ``DLWIDGET["NOTIFY_SENDER"]``. False when there is nobody to send it to (no ``recipients``
    and an owner without an address, or no owner) or no site URL to build the link with.

    ``user_bound`` None follows ``DLWIDGET["NOTIFY_LINK"]``; True for a download without an
    owner is a ``ValueError``. ``url`` replaces the signed link (then neither a site URL nor
    ``django_dlwidget.urls`` is needed). ``html_template`` None adds the default HTML part only
    if the project has that template, ``""`` sends no HTML part; a template named here must exist.
    """
    _check_recipients(recipients)
    with activate_locale(download.language, download.timezone):
        message = _build(
            download,
            recipients,
            from_email,
            subject_template,
            body_template,
            html_template,
            user_bound,
            extra_context,
            url,
        )
        if message is None:
            return False
        sender = import_string(dlwidget_settings.NOTIFY_SENDER)
        sender(message, download)
    return True


def _build(
    download: Download,
    recipients: Sequence[str] | None,
    from_email: str | None,
    subject_template: str | None,
    body_template: str | None,
    html_template: str | None,
    user_bound: bool | None,
    extra_context: Mapping[str, Any] | None,
    url: str | None = None,
) -> EmailMultiAlternatives | None:
    owner = download.owner if download.owner_id is not None else None
    if user_bound is None:
        user_bound = owner is not None and dlwidget_settings.NOTIFY_LINK == "user"
    elif user_bound and owner is None:
        raise ValueError(
            f"Download {download.key} has no owner: its e-mail can only carry a general link "
            "(user_bound=False)."
        )
    if recipients is None:
        address = getattr(owner, owner.get_email_field_name(), "") if owner is not None else ""
        recipients = [address] if address else []
    if not recipients:
        logger.info("dlwidget: nobody to e-mail about download %s", download.key)
        return None
    base = site_url() if url is None else ""
    if base is None:
        logger.error(
            "Not e-mailing download %s: set DLWIDGET['SITE_URL'] or install "
            "django.contrib.sites so the link can be absolute.",
            download.key,
        )
        return None
    link_expires = timezone.now() + dlwidget_settings.LINK_MAX_AGE
    expires = download.expires
    if expires is not None:
        link_expires = min(link_expires, expires)
    context: dict[str, Any] = {
        "download": download,
        "user": owner,
        "url": url if url is not None else base + make_link(download, user_bound=user_bound),
        "user_bound": user_bound,
        "link_expires": link_expires,
        **(extra_context or {}),
    }
    subject = " ".join(render_to_string(subject_template or SUBJECT_TEMPLATE, context).split())
    body = render_to_string(body_template or BODY_TEMPLATE, context)
    message = EmailMultiAlternatives(
        subject,
        body,
        from_email or dlwidget_settings.NOTIFY_FROM_EMAIL,
        list(recipients),
    )
    html = _render_html(html_template, context)
    if html is not None:
        message.attach_alternative(html, "text/html")
    return message


def _render_html(template: str | None, context: dict[str, Any]) -> str | None:
    if template == "":
        return None
    if template is not None:
        return render_to_string(template, context)
    try:
        return render_to_string(HTML_TEMPLATE, context)
    except TemplateDoesNotExist:
        return None


def send_ready_email_logged(download: Download, **options: Any) -> None:
    """``send_ready_email``, logging a failure: a mail server that is down must never fail the
    job that finished the download."""
    try:
        send_ready_email(download, **options)
    except Exception:
        logger.exception("Could not e-mail about download %s", download.key)
