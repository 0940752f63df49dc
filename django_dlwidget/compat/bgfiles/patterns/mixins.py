"""``bgfiles.patterns`` mixins: the page shown when the file is made later, and the e-mail
sent when it is ready.

The e-mail goes through the native ``send_ready_email`` (the request's language and time zone,
``DLWIDGET["NOTIFY_SENDER"]``): the pattern's subject and text are ``%``-formatted with the
request's attributes (upstream names and native ones) and ``download_url``, and rendered through
the ``bgfiles/email_*`` templates. In the HTML part those values are HTML-escaped.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import render
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from ....downloads.links import make_link
from ....downloads.notifications import send_ready_email, site_url
from ..models import FIELD_NAMES

__all__ = ["DelayedTemplateResponseMixin", "EmailNotificationMixin", "request_values"]

SUBJECT_TEMPLATE = "bgfiles/email_subject.txt"
TEXT_TEMPLATE = "bgfiles/email_body.txt"
HTML_TEMPLATE = "bgfiles/email_body.html"


def request_values(file_request: Any) -> dict[str, Any]:
    """The request's attributes under native and upstream names, for ``%`` formatting."""
    values = dict(file_request.__dict__)
    values.update((name, getattr(file_request, name)) for name in FIELD_NAMES)
    return values


class DelayedTemplateResponseMixin:
    """``create_delayed_response`` renders ``delayed_template_name`` with ``file_request``,
    ``dataset`` and ``schedule`` (and ``get_delayed_context_data``'s additions)."""

    delayed_template_name: str | None = None

    def create_delayed_response(
        self, file_request: Any, http_request: Any, dataset: Any, schedule: Any
    ) -> Any:
        context = self.get_delayed_context_data(
            file_request=file_request, dataset=dataset, schedule=schedule
        )
        return render(http_request, self.get_delayed_template_name(), context=context)

    def get_delayed_template_name(self) -> Any:
        return self.delayed_template_name

    def get_delayed_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return kwargs


class EmailNotificationMixin:
    """``send_notification`` e-mails the requester (``get_email_recipients``) that the file is
    ready, with ``download_url`` (``%(token)s`` filled in; when it is None, a native signed link,
    bound to the requester when ``is_requester_only()``). Returns the number of messages sent."""

    email_subject: Any = None
    from_email: str | None = None
    email_text_message: Any = None
    email_html_message: Any = None
    download_url: Any = None

    def send_notification(self, file_request: Any, token: str) -> int:
        values = request_values(file_request)
        values["download_url"] = self.get_download_url(file_request, token)
        subject = str(self.get_email_subject()) % values
        text = str(self.get_email_text_message()) % values
        html_message = self.get_email_html_message()
        html = None
        if html_message is not None:
            escaped = {name: conditional_escape(value) for name, value in values.items()}
            html = mark_safe(str(html_message) % escaped)  # noqa: S308 (the values are escaped)
        sent = send_ready_email(
            file_request,
            recipients=self.get_email_recipients(file_request),
            from_email=self.get_from_email(),
            subject_template=SUBJECT_TEMPLATE,
            body_template=TEXT_TEMPLATE,
            html_template=HTML_TEMPLATE if html is not None else "",
            user_bound=self._user_bound(file_request),
            extra_context={"bgfiles_subject": subject, "bgfiles_text": text, "bgfiles_html": html},
            url=None if self.download_url is None else values["download_url"],
        )
        return int(sent)

    def _user_bound(self, file_request: Any) -> bool:
        requester_only = getattr(self, "is_requester_only", lambda: True)()
        return bool(requester_only and file_request.owner_id is not None)

    def get_download_url(self, file_request: Any, token: str) -> str:
        if self.download_url is None:
            link = make_link(file_request, user_bound=self._user_bound(file_request))
            return (site_url() or "") + link
        return str(self.download_url) % {**request_values(file_request), "token": token}

    def get_email_recipients(self, file_request: Any) -> list[str]:
        """The requester's address (none for a request without a requester)."""
        requester = file_request.requester
        if requester is None:
            return []
        address = getattr(requester, requester.get_email_field_name(), "")
        return [address] if address else []

    def get_email_subject(self) -> Any:
        return self.email_subject

    def get_email_text_message(self) -> Any:
        return self.email_text_message

    def get_email_html_message(self) -> Any:
        return self.email_html_message

    def get_from_email(self) -> str | None:
        return self.from_email
